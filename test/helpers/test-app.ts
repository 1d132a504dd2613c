/**
 * Builds a real Parley app for a test file: PGlite in memory (PARLEY_TEST_DB=pglite, the default)
 * or the PostgreSQL database prepared by scripts/test.mjs (PARLEY_TEST_DB=postgres). Tests talk
 * to it over HTTP (`inject`) or a real port (`listen`), never to its internals.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Logger } from 'pino';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { newServerName } from '../../src/platform/db/server-instances.js';
import { buildApp } from '../../src/app.js';
import type { JobQueueOptions } from '../../src/platform/jobs/job-queue.js';
import type { UndeclaredStatus } from '../../src/platform/http/declared-statuses.js';
import type { AppContext } from '../../src/app-context.js';
import { pgliteFromTemplate } from './db-template.js';

export const TEST_DB = process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface HttpResult<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  database: DatabaseHandle;
  /** The PostgreSQL database this app uses (undefined on PGlite). */
  databaseUrl: string | undefined;
  /** Sends a request through Fastify's inject; `body` objects are sent as JSON. */
  http<T = any>(method: string, url: string, options?: RequestOptions): Promise<HttpResult<T>>;
  /** Listens on a random port and returns the base URL (for WebSocket and real HTTP clients). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw payload sent as-is (malformed JSON tests). */
  payload?: string | Buffer;
  query?: Record<string, string>;
  /** The client's address (127.0.0.1 unless given). */
  remoteAddress?: string;
}

export interface TestAppOptions {
  /** Overrides of the test job worker settings (short backoff by default). */
  jobs?: JobQueueOptions;
  /** The app's logger (a test reading what it logs); else one at LOG_LEVEL, silent by default. */
  logger?: Logger;
  /** false: no background worker; the test runs jobs itself with `context.jobs.runDue()`. */
  startWorkers?: boolean;
  /**
   * PostgreSQL pass: use the database of this app (several instances on one database). Otherwise
   * each app has a database of its own, cloned from the run's template and dropped on close, as
   * on PGlite: apps sharing a database are several instances of one deployment, whose job workers
   * run each other's jobs - a bot's answer would be published on another app's realtime hub, and
   * a test counting rows would see another test's.
   */
  sameDatabaseAs?: TestApp;
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ALLOW_PRIVATE_OUTBOUND: 'true',
    // Two suites side by side on two cores block event loops for seconds (route schemas compiling
    // in another app of the same process): a connection that was ready would time out before its
    // socket is read. Production keeps the 5 s default; tests of the bound set their own.
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    ...env,
  });
  const own =
    TEST_DB === 'postgres' && !options.sameDatabaseAs
      ? await createDatabase(requiredEnv('PARLEY_TEST_DATABASE_URL'))
      : undefined;
  const databaseUrl = options.sameDatabaseAs?.databaseUrl ?? own?.url;
  // Whatever was opened before a failed step is closed again: a pool or a database left open
  // keeps the test process alive until its timeout, and every other test in it is cancelled.
  let database: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  const closeAll = async () => {
    await app?.close();
    await database?.close();
    await own?.drop();
  };
  // Every response of every test must have a status its route declared (the OpenAPI document
  // lists them): one that does not answers a 500 and fails the test file at close.
  const undeclared: UndeclaredStatus[] = [];
  let context: AppContext;
  try {
    // PGlite starts from the migrated dump and PostgreSQL databases from the migrated template
    // (db-template.ts), so this finds nothing to do unless the app was built differently.
    database = await openDatabase({
      databaseUrl,
      poolSize: 5,
      serverName: newServerName(),
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      preparedStatements: config.databasePreparedStatements,
      ...(!databaseUrl && { pglite: await pgliteFromTemplate() }),
    });
    await migrateToLatest(database.db);
    const built = await buildApp({
      config,
      database,
      jobs: { pollIntervalMs: 100, baseBackoffMs: 50, maxBackoffMs: 500, ...options.jobs },
      startWorkers: options.startWorkers,
      logger: options.logger,
      onUndeclaredStatus: (violation) => undeclared.push(violation),
    });
    app = built.app;
    context = built.context;
    await app.ready();
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
  return testApp(app, context, database, databaseUrl, closeAll, undeclared);
}

function testApp(
  app: FastifyInstance,
  context: AppContext,
  database: DatabaseHandle,
  databaseUrl: string | undefined,
  closeAll: () => Promise<void>,
  undeclared: UndeclaredStatus[],
): TestApp {
  return {
    app,
    context,
    database,
    databaseUrl,
    async http(method, url, options = {}) {
      const request: InjectOptions = {
        method: method as InjectOptions['method'],
        url,
        headers: { ...options.headers },
      };
      if (options.query) request.query = options.query;
      if (options.remoteAddress) request.remoteAddress = options.remoteAddress;
      if (options.payload !== undefined) {
        request.payload = options.payload;
      } else if (options.body !== undefined) {
        request.payload = JSON.stringify(options.body);
        request.headers = { 'content-type': 'application/json', ...request.headers };
      }
      const response = await app.inject(request);
      let body: unknown = response.body;
      if (String(response.headers['content-type'] ?? '').includes('json') && response.body !== '') {
        body = JSON.parse(response.body);
      }
      return { status: response.statusCode, headers: response.headers, body: body as any, text: response.body };
    },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await closeAll();
      if (undeclared.length > 0) {
        throw new Error(
          `responses with a status their route does not declare:\n${JSON.stringify(undeclared, null, 1)}`,
        );
      }
    },
  };
}

/**
 * PostgreSQL pass: a database for the server processes a test starts (`src/server.ts`), created
 * from the run's template, as each test app has; drop it once they have stopped.
 */
export function serverDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createDatabase(requiredEnv('PARLEY_TEST_DATABASE_URL'));
}

/** A new database next to `baseUrl`'s, and how to drop it. */
async function createDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(baseUrl);
  const name = `${base.pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  // scripts/test.mjs names the run's migrated template database; without it, the app migrates.
  const template = process.env.PARLEY_TEST_PG_TEMPLATE;
  await admin((client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // pg's pool.end() resolves before its sockets are closed: forcing the drop at once would kill
    // them mid-goodbye (an uncaught error). Wait for them to go, force only as a last resort.
    drop: () =>
      admin(async (client) => {
        for (let tries = 0; tries < 100; tries++) {
          const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set when PARLEY_TEST_DB=postgres (run the tests with npm test)`);
  return value;
}
