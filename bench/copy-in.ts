/**
 * `COPY ... FROM STDIN` with the `pg` client alone (pg-copy-streams is not a dependency): a query
 * object that `client.query` submits like any other, answers the server's CopyInResponse with the
 * whole payload as CopyData and ends it with CopyDone. Text format, built by `copyText`.
 */
import type pg from 'pg';

/** The connection methods the client hands to a submitted query (pg's Connection). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** The payload goes out in CopyData messages of this size (any size is allowed; this keeps writes small). */
const CHUNK = 64 * 1024;

class CopyIn {
  private error: Error | undefined;
  callback?: (error?: Error) => void;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error?: Error) => void,
  ) {}

  submit(connection: CopyConnection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection) {
    for (let start = 0; start < this.data.length; start += CHUNK)
      connection.sendCopyFromChunk(this.data.subarray(start, start + CHUNK));
    connection.endCopyFrom();
  }

  handleError(error: Error) {
    this.error = error;
  }

  handleReadyForQuery() {
    this.done(this.error);
  }

  // The other messages of a simple query carry nothing for a COPY FROM.
  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs `COPY <table> (<columns>) FROM STDIN` on a connection of the pool with `data` (text format). */
export async function copyFrom(pool: pg.Pool, statement: string, data: Buffer): Promise<void> {
  const client = await pool.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      client.query(new CopyIn(statement, data, (error) => (error ? reject(error) : resolve())) as never);
    });
  } finally {
    client.release();
  }
}

/** One value in COPY's text format: \N for null, backslash escapes for the characters it reserves. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** Rows (one array of values per row, jsonb values as JSON text) as COPY text-format lines. */
export function copyText(rows: unknown[][]): Buffer {
  return Buffer.from(rows.map((row) => row.map(field).join('\t') + '\n').join(''));
}
