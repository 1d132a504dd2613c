/**
 * Canned responses for the composer's `/` shortcut: the project's list (shared ones and the
 * agent's own, `GET /:project_id/canned`, read once), filtered by what follows the `/`, with
 * Tiledesk's placeholders filled in.
 */
import { api, unwrap } from '../api/client';

export interface Canned {
  id: string;
  title: string;
  text: string;
}

export async function loadCanned(projectId: string): Promise<Canned[]> {
  const list = unwrap(await api.GET('/{project_id}/canned', { params: { path: { project_id: projectId } } }));
  return list.map((canned) => ({ id: canned._id, title: canned.title ?? '', text: canned.text }));
}

/** Those whose title or text contains every word of `query` (case-insensitive). */
export function filterCanned(list: Canned[], query: string): Canned[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((canned) => {
    const haystack = `${canned.title} ${canned.text}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export interface Recipient {
  name?: string;
  email?: string;
}

/** `$recipient_name`, `$recipient_email`, `$agent_name` (Tiledesk's), and `$website` as the page the chat came from. */
export function fillPlaceholders(
  text: string,
  values: { recipient: Recipient; agentName: string; website?: string },
): string {
  const known: Record<string, string | undefined> = {
    recipient_name: values.recipient.name,
    recipient_email: values.recipient.email,
    agent_name: values.agentName,
    website: values.website,
  };
  return text.replace(/\$(recipient_name|recipient_email|agent_name|website)\b/g, (placeholder, name: string) =>
    known[name] ? known[name] : placeholder,
  );
}

/** The `/query` the agent is typing at the caret (after a space or at the start), if any. */
export function slashQueryAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(^|\s)\/([^\s/]*)$/.exec(text.slice(0, caret));
  if (!match) return undefined;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}
