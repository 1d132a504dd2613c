/** The project this chat serves: `?project=<24 hex>` of the page's address (the launcher sets it). */
const query = new URLSearchParams(location.search);
const given = query.get('project') ?? '';

export const projectId: string | undefined = /^[0-9a-f]{24}$/.test(given) ? given : undefined;

/** `?lang=` of the page's address (the launcher passes the site's language there too). */
export const queryLanguage = query.get('lang') ?? undefined;

/** A new conversation's id, as Tiledesk's widget makes them. */
export function newRequestId(project: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `support-group-${project}-${hex}`;
}
