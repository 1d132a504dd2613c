/**
 * Presents an embedded PGlite database as the small slice of a `pg.Pool` that Kysely's
 * PostgresDialect uses, so the embedded and the server database share one driver, one SQL
 * dialect and one set of migrations.
 *
 * PGlite is a single session: a connection is handed out to one caller at a time (a FIFO
 * mutex), which is what makes transactions safe. The price is that code holding a
 * transaction must run every query through that transaction, never through the root `db`,
 * or it waits forever; a warning names the situation if a caller waits suspiciously long.
 */
import type { PGlite } from '@electric-sql/pglite';
import { isCopyFromStdin } from './copy-in.js';

interface QueryResult {
  command: 'UPDATE' | 'DELETE' | 'INSERT' | 'SELECT' | 'MERGE' | 'COPY';
  rowCount: number;
  rows: unknown[];
}

export interface PgliteClient {
  query(sql: string, params: unknown[]): Promise<QueryResult>;
  release(): void;
}

const SLOW_WAIT_MS = 5_000;

export function createPglitePool(pg: PGlite, onSlowWait: (ms: number) => void) {
  let tail: Promise<void> = Promise.resolve();

  const client: PgliteClient = {
    async query(sql, params) {
      const command = (/^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT') as QueryResult['command'];
      if (isCopyFromStdin(sql, params)) {
        // copyRows's data (./copy-in.ts): PGlite reads a COPY's input from the blob it is given.
        const fromBlob = sql.replace(/FROM STDIN$/, "FROM '/dev/blob'");
        const result = await pg.query(fromBlob, [], { blob: new Blob([params[0]]) });
        return { command, rowCount: result.affectedRows ?? 0, rows: [] };
      }
      if (params.length === 0) {
        // Parameterless statements may hold several commands (migrations); `exec` runs them all.
        const results = await pg.exec(sql);
        const last = results[results.length - 1];
        return { command, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
      }
      const result = await pg.query(sql, params);
      return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
    },
    release() {
      throw new Error('released a PGlite connection that was not acquired');
    },
  };

  return {
    async connect(): Promise<PgliteClient> {
      const previous = tail;
      let release!: () => void;
      tail = new Promise<void>((resolve) => (release = resolve));
      const started = Date.now();
      const timer = setTimeout(() => onSlowWait(Date.now() - started), SLOW_WAIT_MS);
      await previous;
      clearTimeout(timer);
      let released = false;
      return {
        query: client.query,
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    async end(): Promise<void> {
      await tail;
      await pg.close();
    },
  };
}
