/**
 * `COPY <table> (<columns>) FROM STDIN` through Kysely, on both databases: the fastest way into a
 * table (PostgreSQL inserts the rows a page at a time, not one by one as an INSERT does).
 *
 * Kysely hands a query's text and parameters to the pool's client; `copyRows` passes the statement
 * with the data (text format) as its only parameter. On PostgreSQL, `CopyingClient` (the pool's
 * client class) recognizes it and answers the server's CopyInResponse with the data, using `pg`
 * alone (pg-copy-streams is not a dependency); PGlite's pool reads it from a blob
 * (./pglite-pool.ts). So a COPY joins the ambient transaction like any query.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';

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

/** The connection methods `pg` hands to a submitted query (its Connection). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Uint8Array): void;
  endCopyFrom(): void;
}

/** The payload goes out in CopyData messages of this size (any size is allowed; this keeps writes small). */
const CHUNK = 64 * 1024;

/** A query `pg`'s client submits like any other: a simple-protocol COPY FROM STDIN and its data. */
class CopyIn {
  private rowCount = 0;
  private settled = false;

  constructor(
    readonly text: string,
    private readonly data: Uint8Array,
    private readonly done: (error: Error | undefined, rowCount: number) => void,
  ) {}

  submit(connection: CopyConnection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection) {
    for (let start = 0; start < this.data.length; start += CHUNK)
      connection.sendCopyFromChunk(this.data.subarray(start, start + CHUNK));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }) {
    this.rowCount = Number(/\d+$/.exec(message.text ?? '')?.[0] ?? 0);
  }

  // An error (from the server, or the connection lost) ends the query at once: after a lost
  // connection no ReadyForQuery comes. The client still waits for it before its next query.
  handleError(error: Error) {
    this.settle(error);
  }

  handleReadyForQuery() {
    this.settle(undefined);
  }

  private settle(error: Error | undefined) {
    if (this.settled) return;
    this.settled = true;
    this.done(error, this.rowCount);
  }

  // The other messages of a simple query carry nothing for a COPY FROM.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs a `COPY ... FROM STDIN` statement with `data` (text format) on a `pg` client. */
export function copyIn(client: pg.ClientBase, text: string, data: Uint8Array): Promise<{ rowCount: number }> {
  return new Promise((resolve, reject) => {
    const copy = new CopyIn(text, data, (error, rowCount) => (error ? reject(error) : resolve({ rowCount })));
    client.query(copy as unknown as pg.Submittable);
  });
}

/** `pg`'s client, which also runs `copyRows`'s statements (the pool's `Client` option). */
export class CopyingClient extends pg.Client {
  override query(...args: unknown[]): any {
    const [text, values, callback] = args;
    if (isCopyFromStdin(text, values)) {
      const result = copyIn(this, text as string, values[0]).then(({ rowCount }) => ({
        command: 'COPY',
        rowCount,
        rows: [],
      }));
      if (typeof callback !== 'function') return result;
      const done = callback as (error: unknown, value?: unknown) => void;
      result.then((value) => done(null, value), done);
      return undefined;
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
