/**
 * `pg`'s side of copy-in.ts: a client that runs `copyRows`'s `COPY ... FROM STDIN` statements by
 * answering PostgreSQL's CopyInResponse with their data. Loaded only for PostgreSQL (database.ts),
 * so an embedded server does not load the driver.
 */
import pg from 'pg';
import { isCopyFromStdin } from './copy-in.js';

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
