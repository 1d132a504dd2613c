/**
 * Password guessing is limited per account and client address: sign-in and Basic auth count
 * alike, the limit holds for parallel bursts, a right password clears the count, and other
 * addresses and accounts are never locked out by someone else's guesses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { basicAuth, signup, uniqueEmail, type TestUser } from './helpers/factories.js';

const MAX_ATTEMPTS = 3;
const WINDOW_SECONDS = 900;

describe('sign-in throttle', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      SIGNIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  after(() => t.close());

  const signin = (user: { email: string }, password: string, remoteAddress?: string) =>
    t.http('POST', '/auth/signin', { body: { email: user.email, password }, remoteAddress });
  const basic = (user: { email: string }, password: string, remoteAddress?: string) =>
    t.http('GET', '/users', { headers: basicAuth(user.email, password), remoteAddress });

  async function exhaust(user: TestUser, remoteAddress?: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const response = await (attempt % 2 ? basic : signin)(user, 'wrong', remoteAddress);
      assert.equal(response.status, 401, `attempt ${attempt + 1}`);
    }
  }

  it('refuses further checks, even of the right password, with a JSON 429 and Retry-After', async () => {
    const user = await signup(t);
    await exhaust(user);
    for (const refused of [await signin(user, user.password), await basic(user, user.password)]) {
      assert.equal(refused.status, 429);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= WINDOW_SECONDS, String(refused.headers['retry-after']));
      assert.deepEqual(refused.body, {
        success: false,
        msg: `Too many sign-in attempts. Try again in ${retryAfter} seconds.`,
        retryAfter,
      });
    }
    // Tokens are not passwords: the account stays usable with the token it already has.
    assert.equal((await t.http('GET', '/users', { headers: user.jwt })).status, 200);
  });

  it('counts per address and per account: nobody else is locked out', async () => {
    const user = await signup(t);
    const neighbour = await signup(t);
    await exhaust(user, '198.51.100.7');
    assert.equal((await signin(user, user.password, '198.51.100.7')).status, 429);
    assert.equal((await signin(user, user.password)).status, 200);
    assert.equal((await basic(user, user.password, '198.51.100.8')).status, 200);
    assert.equal((await signin(neighbour, neighbour.password, '198.51.100.7')).status, 200);
  });

  it('starts counting again after a right password', async () => {
    const user = await signup(t);
    for (let round = 0; round < 3; round++) {
      for (let miss = 0; miss < MAX_ATTEMPTS - 1; miss++) assert.equal((await signin(user, 'wrong')).status, 401);
      assert.equal((await signin(user, user.password)).status, 200, `round ${round}`);
    }
  });

  it('lets no more than the allowance of different guesses through in a parallel burst', async () => {
    const user = await signup(t);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, index) => signin(user, `wrong-${index}`)));
    const statuses = burst.map((response) => response.status).sort((a, b) => a - b);
    assert.deepEqual(statuses, [...Array(MAX_ATTEMPTS).fill(401), ...Array(10 - MAX_ATTEMPTS).fill(429)]);
  });

  it('verifies a burst of sign-ins or Basic calls with the same right credentials once, refusing none', async () => {
    const user = await signup(t);
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 ? basic : signin)(user, user.password)),
    );
    assert.deepEqual(
      burst.map((response) => response.status),
      Array(10).fill(200),
    );
    // ...and a later wrong guess still starts from a clean count.
    for (let miss = 0; miss < MAX_ATTEMPTS; miss++) assert.equal((await signin(user, 'wrong')).status, 401);
    assert.equal((await signin(user, user.password)).status, 429);
  });

  it('lets the account in again once the window has ended', async () => {
    const user = await signup(t);
    await exhaust(user);
    assert.equal((await signin(user, user.password)).status, 429);
    // The window is 15 minutes: move its start back rather than wait.
    await t.database.db
      .updateTable('sign_in_attempts')
      .set({ window_started_at: new Date(Date.now() - (WINDOW_SECONDS + 1) * 1000) })
      .where('email', '=', user.email)
      .execute();
    assert.equal((await signin(user, 'wrong')).status, 401);
    assert.equal((await signin(user, user.password)).status, 200);
    const left = await t.database.db.selectFrom('sign_in_attempts').where('email', '=', user.email).execute();
    assert.deepEqual(left, []);
  });

  it('does not count unknown emails (there is no password to guess)', async () => {
    const stranger = { email: uniqueEmail() };
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 2; attempt++) {
      const response = await signin(stranger, 'wrong');
      assert.equal(response.status, 401);
      assert.equal(response.body.msg, 'Authentication failed. User not found.');
    }
  });
});

describe('sign-in throttle behind a proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SIGNIN_MAX_ATTEMPTS: '1', TRUST_PROXY: 'true' });
  });
  after(() => t.close());

  it('tells clients apart by X-Forwarded-For', async () => {
    const user = await signup(t);
    const from = (address: string, password: string) =>
      t.http('POST', '/auth/signin', {
        body: { email: user.email, password },
        headers: { 'x-forwarded-for': `${address}, 10.0.0.1` },
      });
    assert.equal((await from('203.0.113.1', 'wrong')).status, 401);
    assert.equal((await from('203.0.113.1', user.password)).status, 429);
    assert.equal((await from('203.0.113.2', user.password)).status, 200);
  });
});

describe('sign-in throttle turned off (SIGNIN_MAX_ATTEMPTS=0)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SIGNIN_MAX_ATTEMPTS: '0' });
  });
  after(() => t.close());

  it('never refuses a password check', async () => {
    const user = await signup(t);
    const signin = (password: string) => t.http('POST', '/auth/signin', { body: { email: user.email, password } });
    for (let attempt = 0; attempt < 12; attempt++) assert.equal((await signin('wrong')).status, 401);
    assert.equal((await signin(user.password)).status, 200);
  });
});
