/**
 * `COPY <table> (<columns>) FROM STDIN` through Kysely, on both databases: the fastest way into a
 * table (PostgreSQL inserts the rows a page at a time, not one by one as an INSERT does).
 *
 * Kysely hands a query's text and parameters to the pool's client; `copyRows` passes the statement
 * with the data (text format) as its only parameter. On PostgreSQL, `CopyingClient` (the pool's
 * client class, ./copy-in-client.ts) recognizes it and answers the server's CopyInResponse with
 * the data, using `pg` alone (pg-copy-streams is not a dependency); PGlite's pool reads it from a
 * blob (./pglite-pool.ts). So a COPY joins the ambient transaction like any query.
 */
import { CompiledQuery, type Kysely } from 'kysely';

const COPY_FROM_STDIN = /^COPY [^;]+ FROM STDIN$/;

/** Whether Kysely handed a client `copyRows`'s statement and data. */
export function isCopyFromStdin(text: unknown, values: unknown): values is [Uint8Array] {
  return (
    typeof text === 'string' &&
    COPY_FROM_STDIN.test(text) &&
    Array.isArray(values) &&
    values.length === 1 &&
    values[0] instanceof Uint8Array
  );
}

/** Runs `COPY table (columns) FROM STDIN` with `data`, in the current transaction if any. */
export async function copyRows(db: Kysely<any>, table: string, columns: readonly string[], data: Buffer) {
  await db.executeQuery(CompiledQuery.raw(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, [data]));
}

/** One value in COPY's text format: \N for null, backslash escapes for the characters it reserves. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return RESERVED.test(text) ? text.replace(RESERVED_ALL, escape) : text;
}

const RESERVED = /[\\\t\n\r]/;
const RESERVED_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (character: string) => ESCAPES[character]!;
