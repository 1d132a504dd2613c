/**
 * Helpers for presenting rows in Tiledesk's wire format (MongoDB documents as JSON): `_id` and
 * `id` both carry the id, absent fields are left out rather than sent as null, dates are ISO.
 */

/** Drops keys whose value is null or undefined, as a Mongo document would simply lack them. */
export function compact<T extends Record<string, unknown>>(object: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as { [K in keyof T]: Exclude<T[K], null> };
}

export function iso(date: Date | string | null | undefined): string | undefined {
  if (date === null || date === undefined) return undefined;
  return (date instanceof Date ? date : new Date(date)).toISOString();
}
