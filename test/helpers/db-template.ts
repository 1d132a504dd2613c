/**
 * Migrate once, clone many times. Running the migrations for every test app (and, on PGlite,
 * creating an empty cluster with initdb first) was most of the suite's time, so:
 * - PGlite: the migrated data directory is dumped once into the temporary directory, under a name
 *   that hashes the migrations (and the PGlite and Kysely versions), and every test app loads it;
 * - PostgreSQL: scripts/test.mjs migrates a template database once, and the databases of a run
 *   (the shared one, and one for each test app) are created from it with `CREATE DATABASE ... TEMPLATE`.
 * test/migrations.test.ts still runs the migrations from zero on both databases and checks the
 * result against the clones.
 *
 * Also a command, for scripts/test.mjs:
 *   node --import tsx test/helpers/db-template.ts pglite          builds the PGlite dump if missing
 *   node --import tsx test/helpers/db-template.ts postgres <url>  migrates the database at <url>
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createPglitePool } from '../../src/platform/db/pglite-pool.js';
import type { Database } from '../../src/platform/db/tables.js';
import type { PGliteOptions } from '@electric-sql/pglite';

type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
// Node's global WebAssembly, which the project's type libraries do not declare.
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pgliteDist = path.join(root, 'node_modules/@electric-sql/pglite/dist');

/** What the migrated schema depends on: the migrations, their runner and the libraries. */
function migrationsKey(): string {
  const hash = createHash('sha256');
  const migrationsDir = path.join(root, 'src/migrations');
  for (const name of readdirSync(migrationsDir).sort()) {
    hash.update(name).update(readFileSync(path.join(migrationsDir, name)));
  }
  hash.update(readFileSync(path.join(root, 'src/platform/db/migrate.ts')));
  for (const pkg of ['@electric-sql/pglite', 'kysely']) {
    hash
      .update(pkg)
      .update(JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Path of the dumped, migrated PGlite data directory; built on first use. */
async function pgliteTemplatePath(): Promise<string> {
  const file = path.join(tmpdir(), `parley-test-pglite-${migrationsKey()}.tar`);
  if (existsSync(file)) return file;
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  const pool = createPglitePool(pglite, () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
  try {
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    // Written aside and renamed: a concurrent reader sees the whole file or none.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await db.destroy();
  }
  return file;
}

let cached: Promise<{ loadDataDir: Blob; wasmModule: WasmModule }> | undefined;

/** Options for openDatabase that start an in-memory PGlite from the migrated dump. */
export function pgliteFromTemplate(): Promise<{ loadDataDir: Blob; wasmModule: WasmModule }> {
  cached ??= (async () => {
    const [dump, wasm] = await Promise.all([
      pgliteTemplatePath().then((file) => readFile(file)),
      readFile(path.join(pgliteDist, 'pglite.wasm')),
    ]);
    return { loadDataDir: new Blob([dump]), wasmModule: await wasmApi.compile(wasm) };
  })();
  return cached;
}

/** Migrates the PostgreSQL database at `url` (the run's template). */
async function migratePostgres(url: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [kind, url] = process.argv.slice(2);
  if (kind === 'pglite') {
    console.log(await pgliteTemplatePath());
  } else if (kind === 'postgres' && url) {
    await migratePostgres(url);
  } else {
    console.error('usage: db-template.ts pglite | postgres <url>');
    process.exit(2);
  }
}
