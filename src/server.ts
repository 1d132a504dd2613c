/**
 * The server process: loadConfig -> openDatabase -> migrate -> buildApp -> listen, and a graceful
 * close on SIGTERM/SIGINT (stop accepting, let in-flight requests finish, close the database).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { buildApp } from './app.js';

export async function startServer(config: Config = loadConfig()) {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    warn: (message) => console.warn(message),
  });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const { app } = await buildApp({ config, database });
  app.log.info({ database: database.kind, location: database.location }, 'database ready');

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
