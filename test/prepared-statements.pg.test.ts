/**
 * Statements marked `prepared` are prepared on their connection when repeated
 * (src/platform/db/prepared-statements.ts): only marked and repeated ones, never more than the
 * bound, not at all when turned off, and a statement whose table gained a column under it
 * (another server's migration) keeps working.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import { prepared, PREPARED_MARK } from '../src/platform/db/prepared.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
const opened: DatabaseHandle[] = [];

before(async () => {
  app = await startTestApp();
  await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, name text)`.execute(app.database.db);
  await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(app.database.db);
});

after(async () => {
  for (const database of opened) await database.close();
  await app.close();
});

/** A handle on the test app's database with one connection, so that its statements stay on it. */
async function oneConnection(preparedStatements?: boolean) {
  const database = await openDatabase({ databaseUrl: app.databaseUrl, poolSize: 1, preparedStatements });
  opened.push(database);
  return database;
}

const probeById = (database: DatabaseHandle, id: number) =>
  database.db
    .selectFrom('prepared_probe' as never)
    .selectAll()
    .where(sql.ref('id'), '=', id);
const byId = (database: DatabaseHandle, id: number) =>
  prepared(probeById(database, id)).execute() as Promise<Array<Record<string, unknown>>>;

async function preparedOn(database: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(database.db);
  return rows.map((row) => row.statement);
}

test('a statement is prepared on its second use, and its answers do not change', async () => {
  const database = await oneConnection();
  assert.deepEqual(await byId(database, 1), [{ id: 1, name: 'one' }]);
  assert.equal((await preparedOn(database)).filter((text) => text.includes('prepared_probe')).length, 0);
  assert.deepEqual(await byId(database, 2), [{ id: 2, name: 'two' }]);
  assert.deepEqual(await byId(database, 1), [{ id: 1, name: 'one' }]);
  assert.deepEqual(await byId(database, 3), []);
  const prepared = (await preparedOn(database)).filter((text) => text.includes('prepared_probe'));
  assert.equal(prepared.length, 1, 'one text, one prepared statement');
});

test('an unmarked statement is never prepared', async () => {
  const database = await oneConnection();
  for (let i = 0; i < 5; i++) assert.deepEqual(await probeById(database, 1).execute(), [{ id: 1, name: 'one' }]);
  assert.deepEqual(await preparedOn(database), []);
});

test('a connection prepares at most 200 statements, whatever it is sent', async () => {
  const database = await oneConnection();
  for (let i = 0; i < 300; i++) {
    for (let use = 0; use < 2; use++) {
      await sql`SELECT ${sql.raw(PREPARED_MARK)} ${i}::int AS n, ${sql.raw(String(i))} AS same`.execute(database.db);
    }
  }
  const prepared = await preparedOn(database);
  assert.equal(prepared.length, 200);
  // Texts used once never take a place.
  const once = await oneConnection();
  for (let i = 0; i < 300; i++)
    await sql`SELECT ${sql.raw(PREPARED_MARK)} ${sql.raw(String(i))} AS once`.execute(once.db);
  assert.equal((await preparedOn(once)).length, 0);
});

test('DATABASE_PREPARED_STATEMENTS=false prepares nothing', async () => {
  const database = await oneConnection(false);
  for (let i = 0; i < 5; i++) await byId(database, 1);
  assert.deepEqual(await preparedOn(database), []);
});

test('a prepared select keeps working after another server adds a column to its table', async () => {
  const database = await oneConnection();
  for (let i = 0; i < 3; i++) await byId(database, 1);
  await sql`ALTER TABLE prepared_probe ADD COLUMN added text DEFAULT 'new'`.execute(app.database.db);
  // Outside a transaction the call is repeated unprepared.
  assert.deepEqual(await byId(database, 1), [{ id: 1, name: 'one', added: 'new' }]);
  assert.deepEqual(await byId(database, 2), [{ id: 2, name: 'two', added: 'new' }]);

  // Inside one, the failed statement has aborted the transaction: that call fails, the next works.
  const byName = (db: DatabaseHandle['db']) =>
    prepared(
      db
        .selectFrom('prepared_probe' as never)
        .selectAll()
        .where(sql.ref('name'), '=', 'one'),
    ).execute();
  for (let i = 0; i < 3; i++) await byName(database.db);
  await sql`ALTER TABLE prepared_probe ADD COLUMN later int DEFAULT 7`.execute(app.database.db);
  await assert.rejects(
    database.db.transaction().execute((trx) => byName(trx)),
    /cached plan must not change result type/,
  );
  const rows = await database.db.transaction().execute((trx) => byName(trx));
  assert.deepEqual(rows, [{ id: 1, name: 'one', added: 'new', later: 7 }]);
});
