/**
 * The server process: loadConfig -> openDatabase -> migrate -> buildApp -> listen, and a graceful
 * close on SIGTERM/SIGINT (stop accepting, let in-flight requests finish, close the database).
 * Each step logs when it is done and how long it took, so a slow first start (the embedded
 * database being created) shows what it is doing.
 *
 * The application's modules (app.js and the hundreds of files behind it) are imported only once
 * the database has begun to open: the embedded database's start (reading and compiling PGlite's
 * WebAssembly, off this thread) then overlaps with loading them instead of waiting for them, or
 * they for it (issue 16, the embedded server's cold start).
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadEmbeddedDatabase, openDatabase } from './platform/db/database.js';
import { newServerName } from './platform/db/server-instances.js';
import { createLogger } from './platform/logging.js';

/** Logs `done` with the milliseconds since this was called. */
function stopwatch(log: Logger) {
  const started = performance.now();
  return (fields: Record<string, unknown>, done: string) =>
    log.info({ ...fields, ms: Math.round(performance.now() - started) }, done);
}

export async function startServer(config: Config = loadConfig()) {
  const log = await createLogger(config);
  const embedded = !config.databaseUrl;
  if (embedded && config.dataDir && !existsSync(path.join(config.dataDir, 'pgdata'))) {
    log.info({ dataDir: config.dataDir }, 'first start: creating the embedded database (a few seconds)');
  }
  let step = stopwatch(log);
  // PGlite's own module first (loaded alongside the app's, it was evaluated after them): its
  // WebAssembly is then being read and compiled while the app's modules load.
  if (embedded) await loadEmbeddedDatabase();
  const opening = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedCacheMb: config.embeddedCacheMb,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    preparedStatements: config.databasePreparedStatements,
    serverName: newServerName(),
    warn: (message) => console.warn(message),
  });
  // Started now, awaited when needed; a failure to load is reported then, not as an unhandled
  // rejection while the database opens.
  const loading = Promise.all([import('./platform/db/migrate.js'), import('./app.js')]);
  loading.catch(() => {});
  const database = await opening;
  step({ database: database.kind, location: database.location }, 'database open');
  step = stopwatch(log);
  let buildApp: typeof import('./app.js').buildApp;
  try {
    const [{ migrateToLatest }, app] = await loading;
    buildApp = app.buildApp;
    const applied = await migrateToLatest(database.db);
    step({ applied: applied.length }, 'schema up to date');
  } catch (error) {
    await database.close();
    throw error;
  }
  step = stopwatch(log);
  const { app } = await buildApp({ config, database, logger: log });
  // Plugins and routes register here (their schemas compile on first use: lazy-schemas.ts).
  await app.ready();
  step({}, 'routes ready');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  return app;
}

/** Compared as URLs of real paths: the script path may hold spaces or be reached through a symlink. */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  startServer().catch((error) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error('Parley failed to start:', error instanceof Error ? error.message : error);
    }
    process.exit(1);
  });
}
