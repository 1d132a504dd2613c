/**
 * Builds a real Parley app for a test file: PGlite in memory (PARLEY_TEST_DB=pglite, the default)
 * or the PostgreSQL database prepared by scripts/test.mjs (PARLEY_TEST_DB=postgres). Tests talk
 * to it over HTTP (`inject`) or a real port (`listen`), never to its internals.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/app-context.js';

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
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ALLOW_PRIVATE_OUTBOUND: 'true',
    ...env,
  });
  const databaseUrl = TEST_DB === 'postgres' ? requiredEnv('PARLEY_TEST_DATABASE_URL') : undefined;
  const database = await openDatabase({ databaseUrl, poolSize: 5 });
  await migrateToLatest(database.db);
  const { app, context } = await buildApp({
    config,
    database,
    jobs: { pollIntervalMs: 100, baseBackoffMs: 50, maxBackoffMs: 500 },
  });
  await app.ready();

  return {
    app,
    context,
    database,
    async http(method, url, options = {}) {
      const request: InjectOptions = {
        method: method as InjectOptions['method'],
        url,
        headers: { ...options.headers },
      };
      if (options.query) request.query = options.query;
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
      await app.close();
      await database.close();
    },
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set when PARLEY_TEST_DB=postgres (run the tests with npm test)`);
  return value;
}
