/**
 * The migrations from zero. Every other test app starts from a clone of a database migrated once
 * per run (test/helpers/db-template.ts); this one runs every migration on an empty database -
 * PGlite in memory, or a new PostgreSQL database - and checks that the result is the schema the
 * clones have.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { startTestApp, TEST_DB, type TestApp } from './helpers/test-app.js';

/** Tables, columns, indexes and constraints of the public schema, as sorted text. */
async function schemaOf(database: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'function ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
  `.execute(database.db);
  return rows.map((row) => row.line).sort();
}

async function migrationsOf(database: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(database.db);
  return rows.map((row) => row.name);
}

describe('migrations from zero', () => {
  let clone: TestApp;
  let fresh: DatabaseHandle;
  let dropFresh = async () => {};

  before(async () => {
    clone = await startTestApp();
    if (TEST_DB === 'pglite') {
      fresh = await openDatabase({});
    } else {
      const base = new URL(clone.databaseUrl!);
      const name = `${base.pathname.slice(1)}_fresh_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: base.toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      fresh = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      dropFresh = async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      };
    }
  });

  after(async () => {
    await fresh?.close();
    await dropFresh();
    await clone?.close();
  });

  it('applies every migration to an empty database, then finds nothing to do', async () => {
    const applied = await migrateToLatest(fresh.db);
    assert.ok(applied.length > 0);
    assert.equal(applied[0], '0001-accounts-and-teams');
    assert.deepEqual([...applied].sort(), await migrationsOf(fresh));
    assert.deepEqual(await migrateToLatest(fresh.db), []);
  });

  it('gives the schema that the test apps start from', async () => {
    assert.deepEqual(await migrationsOf(clone.database), await migrationsOf(fresh));
    const [fromZero, cloned] = [await schemaOf(fresh), await schemaOf(clone.database)];
    assert.ok(fromZero.length > 50, `a real schema (${fromZero.length} lines)`);
    assert.deepEqual(cloned, fromZero);
  });
});
