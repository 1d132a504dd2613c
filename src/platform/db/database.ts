/**
 * Opens the database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite persisted
 * under DATA_DIR. Both are driven through Kysely's PostgreSQL dialect, so the rest of the code
 * cannot tell them apart.
 *
 * A PostgreSQL connection can be lost at any time (a restart, a failover, a proxy or an admin
 * terminating it). The pool and every connection it opens listen for 'error', so a lost
 * connection is logged and replaced on next use instead of ending the process; queries fail
 * (503 on /health) only while no new connection can be made.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import type pg from 'pg';
import type { Database } from './tables.js';
import { createPglitePool } from './pglite-pool.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { PGliteOptions } from '@electric-sql/pglite';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  /** PostgreSQL: the `application_name` of this server's connections, when it was given one. */
  readonly serverName?: string;
  /** Describes where the data lives, for logs (never includes a password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Directory for the embedded database; `undefined` with no databaseUrl = in memory. */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL: names this server's connections (server-instances.ts), so its peers can see it. */
  serverName?: string;
  /** Embedded database only: its page cache (shared_buffers) in MiB; PGlite's own default (128) when absent. */
  embeddedCacheMb?: number;
  /** PostgreSQL: name repeated statements so they are planned once per connection (prepared-statements.ts). */
  preparedStatements?: boolean;
  /** Bound on opening a PostgreSQL connection (or waiting for a free one), in ms. */
  connectTimeoutMs?: number;
  warn?: (message: string) => void;
  /**
   * Embedded database only, for tests: start from a dump of a data directory (`dumpDataDir`)
   * instead of an empty cluster, and reuse an already compiled PGlite WebAssembly module.
   */
  pglite?: { loadDataDir?: Blob; wasmModule?: PGliteOptions['pgliteWasmModule'] };
}

/**
 * Loads the embedded database's module ahead of `openDatabase` (which then finds it loaded), so a
 * caller can start the database and only then load other modules: server.ts.
 */
export async function loadEmbeddedDatabase(): Promise<void> {
  await import('@electric-sql/pglite');
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Loaded only for PostgreSQL: an embedded server's start does not pay for the driver.
    const [{ default: pg }, { CopyingClient }, { PreparingClient }] = await Promise.all([
      import('pg'),
      import('./copy-in-client.js'),
      import('./prepared-statements.js'),
    ]);
    // int8 (bigserial, count(*)) comes back as a JS number instead of a string; our values stay
    // far below 2^53.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.serverName && { application_name: options.serverName }),
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // A peer that vanished without closing (a host or network gone) is noticed by the kernel.
      keepAlive: true,
      // Runs copyRows's COPY FROM STDIN besides ordinary queries (./copy-in.ts), and by default
      // prepares the statements it repeats.
      Client: options.preparedStatements === false ? CopyingClient : PreparingClient,
    });
    surviveLostConnections(pool, options.warn);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    url.password = '';
    return {
      db,
      kind: 'postgres',
      serverName: options.serverName,
      location: url.toString(),
      close: () => db.destroy(),
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  let releaseLock = () => {};
  let dataPath: string | undefined;
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    releaseLock = await acquireDataDirLock(options.dataDir);
    dataPath = path.join(options.dataDir, 'pgdata');
  }
  try {
    const pglite = await PGlite.create({
      ...(dataPath && { dataDir: dataPath }),
      ...(options.pglite?.loadDataDir && { loadDataDir: options.pglite.loadDataDir }),
      ...(options.pglite?.wasmModule && { pgliteWasmModule: options.pglite.wasmModule }),
      ...(options.embeddedCacheMb && { postgresqlconf: [`shared_buffers = ${options.embeddedCacheMb}MB`] }),
    });
    const pool = createPglitePool(pglite, (ms) =>
      options.warn?.(`waited ${ms} ms for the embedded database: is a query running outside its transaction?`),
    );
    // The adapter implements the subset of PostgresPool that PostgresDriver calls (no cursors).
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
    return {
      db,
      kind: 'pglite',
      location: dataPath ?? 'memory',
      async close() {
        await db.destroy();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Without a listener, a connection's 'error' event ends the process. An idle connection's error
 * reaches the pool (which has already dropped it); a checked-out one's reaches the client, whose
 * current query fails and which the pool drops when it is released.
 */
function surviveLostConnections(pool: pg.Pool, warn: (message: string) => void = () => {}): void {
  const reported = new WeakSet<Error>();
  const lost = (error: Error) => {
    if (reported.has(error)) return;
    reported.add(error);
    warn(`database connection lost (${error.message}); it will be replaced`);
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
}

/** `select 1`, failing after `timeoutMs` if the database does not answer by then. */
export async function pingDatabase(db: Db, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
