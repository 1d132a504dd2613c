/**
 * The generated JWT secret (platform/auth/jwt-secret.ts): made once, read at every later start,
 * and the same for instances that start together on one database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { resolveJwtSecret } from '../src/platform/auth/jwt-secret.js';
import { startTestApp, TEST_DB, type TestApp } from './helpers/test-app.js';

describe(`the generated JWT secret (${TEST_DB})`, () => {
  let t: TestApp;
  const kept = async () =>
    (
      await sql<{ value: string }>`SELECT value FROM server_settings WHERE key = 'jwt_secret'`.execute(t.database.db)
    ).rows.map((row) => row.value);

  // The app's own secret is in its memory: the row can go without changing what it signs with.
  before(async () => {
    t = await startTestApp();
    await sql`DELETE FROM server_settings WHERE key = 'jwt_secret'`.execute(t.database.db);
  });
  after(() => t?.close());

  it('uses a configured secret and stores none', async () => {
    assert.equal(await resolveJwtSecret(t.database.db, 'configured-secret'), 'configured-secret');
    assert.deepEqual(await kept(), []);
  });

  it('makes one secret for starts that race, then reads it at every later start', async () => {
    const [first, second] = await Promise.all([
      resolveJwtSecret(t.database.db, undefined),
      resolveJwtSecret(t.database.db, undefined),
    ]);
    assert.ok(first.length >= 48, `a long secret (${first.length} characters)`);
    assert.equal(second, first);
    assert.deepEqual(await kept(), [first]);
    assert.equal(await resolveJwtSecret(t.database.db, undefined), first);
    assert.deepEqual(await kept(), [first]);
  });
});
