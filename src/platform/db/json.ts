/**
 * jsonb values are written as JSON text: both drivers pass a string through unchanged, while
 * a raw JS array would be mistaken for a PostgreSQL array by `pg`.
 */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Like `json()` but keeps SQL NULL for a missing value. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
