/**
 * Rate limits (RATE_LIMIT_*, REALTIME_MAX_SOCKETS_PER_PRINCIPAL): each app here sets one limit
 * tight and shows the call past it answered 429 with Retry-After and a JSON body, and that other
 * addresses, projects or principals are not affected. The counters are shared through Redis when
 * REDIS_URL is set: two instances count together.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { startTestApp, type HttpResult, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, signup, uniqueEmail } from './helpers/factories.js';
import { membershipOf, newRequestId } from './helpers/conversations.js';
import { TestSocket } from './helpers/ws-client.js';

function assertLimited(response: HttpResult, what: string): void {
  assert.equal(response.status, 429, `${what}: ${response.text}`);
  assert.ok(Number(response.headers['retry-after']) >= 1, what);
  assert.match(String(response.headers['content-type']), /^application\/json/, what);
  assert.equal(response.body.success, false, what);
  assert.equal(typeof response.body.retryAfter, 'number', what);
}

const newAccount = () => ({
  email: uniqueEmail('limited'),
  password: 'limited-password',
  firstname: 'Rate',
  lastname: 'Limited',
});

describe('rate limits', () => {
  describe('per client address on the public routes', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({
        RATE_LIMIT_SIGNUP: '2',
        RATE_LIMIT_SIGNIN: '2',
        RATE_LIMIT_CUSTOM_TOKEN: '1',
        RATE_LIMIT_PUBLIC: '2',
      });
    });
    after(() => t.close());

    it('limits sign-ups, before any password is hashed', async () => {
      const remoteAddress = '198.51.100.1';
      for (let i = 0; i < 2; i++) {
        const created = await t.http('POST', '/auth/signup', { body: newAccount(), remoteAddress });
        assert.equal(created.status, 200, created.text);
      }
      const account = newAccount();
      assertLimited(await t.http('POST', '/auth/signup', { body: account, remoteAddress }), 'third sign-up');
      const signin = await t.http('POST', '/auth/signin', {
        body: { email: account.email, password: account.password },
        remoteAddress: '198.51.100.2',
      });
      assert.equal(signin.status, 401, 'the refused sign-up created nothing');
      const elsewhere = await t.http('POST', '/auth/signup', { body: newAccount(), remoteAddress: '198.51.100.3' });
      assert.equal(elsewhere.status, 200, elsewhere.text);
    });

    it('limits password sign-ins per address, whatever the account', async () => {
      const remoteAddress = '198.51.100.10';
      const attempt = (email: string) =>
        t.http('POST', '/auth/signin', { body: { email, password: 'whatever-password' }, remoteAddress });
      assert.equal((await attempt(uniqueEmail())).status, 401);
      assert.equal((await attempt(uniqueEmail())).status, 401);
      assertLimited(await attempt(uniqueEmail()), 'third sign-in');
    });

    it('limits custom-token sign-ins before looking at the token', async () => {
      const remoteAddress = '198.51.100.20';
      const attempt = () =>
        t.http('POST', '/auth/signinWithCustomToken', {
          headers: { authorization: 'JWT not.a.token' },
          body: {},
          remoteAddress,
        });
      assert.equal((await attempt()).status, 401);
      assertLimited(await attempt(), 'second custom-token sign-in');
    });

    it('limits the public reads: widget settings and translations, transcripts, files', async () => {
      const tenant = await newTenant(t);
      const urls = [
        `/${tenant.projectId}/widgets`,
        `/${tenant.projectId}/widgets/ip`,
        `/${tenant.projectId}/labels`,
        `/${tenant.projectId}/labels/default`,
        `/${tenant.projectId}/labels/default/IT`,
        `/${tenant.projectId}/labels/IT`,
        `/public/requests/${newRequestId(tenant.projectId)}/messages`,
        `/public/requests/${newRequestId(tenant.projectId)}/messages-user.pdf`,
        `/files/download?path=${encodeURIComponent('uploads/public/nothing/here.png')}`,
      ];
      for (const [index, url] of urls.entries()) {
        const remoteAddress = `198.51.100.${30 + index}`;
        for (let i = 0; i < 2; i++) {
          const response = await t.http('GET', url, { remoteAddress });
          assert.notEqual(response.status, 429, url);
        }
        assertLimited(await t.http('GET', url, { remoteAddress }), url);
      }
    });
  });

  describe('anonymous sign-ins', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ RATE_LIMIT_ANONYMOUS: '2', RATE_LIMIT_ANONYMOUS_PER_PROJECT: '3' });
    });
    after(() => t.close());

    it('are limited per address and per project', async () => {
      const [a, b] = [await newTenant(t), await newTenant(t)];
      const signIn = (projectId: string, remoteAddress: string) =>
        t.http('POST', '/auth/signinAnonymously', { body: { id_project: projectId }, remoteAddress });
      assert.equal((await signIn(a.projectId, '203.0.113.1')).status, 200);
      assert.equal((await signIn(a.projectId, '203.0.113.1')).status, 200);
      assertLimited(await signIn(b.projectId, '203.0.113.1'), 'third from one address');

      assert.equal((await signIn(a.projectId, '203.0.113.2')).status, 200);
      assertLimited(await signIn(a.projectId, '203.0.113.3'), 'fourth into one project');
      assert.equal((await signIn(b.projectId, '203.0.113.3')).status, 200);
    });
  });

  describe('conversations opened by visitors', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ RATE_LIMIT_CONVERSATIONS_PER_VISITOR: '2', RATE_LIMIT_CONVERSATIONS_PER_PROJECT: '3' });
    });
    after(() => t.close());

    it('are limited per visitor and per project; messages into open ones and the team are not', async () => {
      const tenant = await newTenant(t);
      const [first, second] = [await anonymous(t, tenant.projectId), await anonymous(t, tenant.projectId)];
      const post = (headers: Record<string, string>, requestId: string) =>
        t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, { headers, body: { text: 'hello' } });

      const opened = [newRequestId(tenant.projectId), newRequestId(tenant.projectId)];
      for (const requestId of opened) assert.equal((await post(first.headers, requestId)).status, 200);
      assertLimited(await post(first.headers, newRequestId(tenant.projectId)), "a visitor's third");
      for (let i = 0; i < 3; i++) assert.equal((await post(first.headers, opened[0])).status, 200);

      assert.equal((await post(second.headers, newRequestId(tenant.projectId))).status, 200);
      assertLimited(await post(second.headers, newRequestId(tenant.projectId)), "the project's fourth");

      const team = await t.http('POST', `/${tenant.projectId}/requests`, {
        headers: tenant.owner.basic,
        body: { first_text: 'opened by the team' },
      });
      assert.equal(team.status, 200, team.text);
      const other = await newTenant(t);
      const visitor = await anonymous(t, other.projectId);
      const elsewhere = await t.http('POST', `/${other.projectId}/requests/${newRequestId(other.projectId)}/messages`, {
        headers: visitor.headers,
        body: { text: 'hello' },
      });
      assert.equal(elsewhere.status, 200, elsewhere.text);
    });
  });

  describe('WebSocket', () => {
    let t: TestApp;
    let base: string;
    before(async () => {
      t = await startTestApp({ REALTIME_MAX_SOCKETS_PER_PRINCIPAL: '2', RATE_LIMIT_SUBSCRIBES: '3' });
      base = await t.listen();
    });
    after(() => t.close());

    /** The handshake's status and Retry-After, or "open" (the socket is then closed). */
    const handshake = (token: string) =>
      new Promise<{ status: number | 'open'; retryAfter?: string; socket?: WebSocket }>((resolve, reject) => {
        const ws = new WebSocket(TestSocket.url(base, token));
        ws.once('open', () => resolve({ status: 'open', socket: ws }));
        ws.once('unexpected-response', (_request, response) =>
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }),
        );
        ws.once('error', reject);
      });

    it('refuses a principal more sockets than the limit with 429, until one closes', async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId);
      const [one, two] = [await handshake(visitor.token), await handshake(visitor.token)];
      assert.equal(one.status, 'open');
      assert.equal(two.status, 'open');
      const third = await handshake(visitor.token);
      assert.equal(third.status, 429);
      assert.ok(Number(third.retryAfter) >= 1);
      assert.equal((await handshake(tenant.owner.token)).status, 'open', 'others are not affected');

      const closed = new Promise((resolve) => one.socket!.once('close', resolve));
      one.socket!.close();
      await closed;
      let again = await handshake(visitor.token);
      // The server may see the close a moment after the client does.
      for (let tries = 0; again.status === 429 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        again = await handshake(visitor.token);
      }
      assert.equal(again.status, 'open');
      two.socket!.close();
      again.socket!.close();
    });

    it('answers subscribes past the limit with a busy error, keeping the subscription', async () => {
      const tenant = await newTenant(t);
      const owner = await membershipOf(t, tenant, tenant.owner.basic);
      const topic = `/${tenant.projectId}/project_users/${owner._id}`;
      const socket = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
      try {
        for (let i = 0; i < 3; i++) {
          socket.subscribe(topic);
          await socket.publish(topic, 'CREATE');
        }
        socket.subscribe(topic);
        const refused = await socket.next((frame) => frame.action === 'error');
        assert.equal(refused.payload.code, 'busy');
        assert.equal(refused.payload.topic, topic);
        assert.match(refused.payload.message, /try again in \d+ seconds/);

        const update = await t.http('PUT', `/${tenant.projectId}/project_users`, {
          headers: tenant.owner.basic,
          body: { user_available: false },
        });
        assert.equal(update.status, 200, update.text);
        const frame = await socket.publish(topic, 'UPDATE');
        assert.equal(frame.payload.message.user_available, false);
      } finally {
        socket.ws.close();
      }
    });
  });

  describe('shared through Redis (REDIS_URL)', () => {
    let one: TestApp;
    let two: TestApp;
    before(async () => {
      const prefix = `parley-test-${randomBytes(6).toString('hex')}:`;
      const env = {
        REDIS_URL: 'redis://127.0.0.1:6379',
        RATE_LIMIT_REDIS_PREFIX: `${prefix}rl:`,
        REALTIME_REDIS_PREFIX: `${prefix}rt:`,
        RATE_LIMIT_SIGNIN: '3',
      };
      one = await startTestApp(env);
      two = await startTestApp(env, { sameDatabaseAs: one });
    });
    after(async () => {
      await two.close();
      await one.close();
    });

    it('counts the calls to both instances together', async () => {
      const remoteAddress = '192.0.2.7';
      const attempt = (t: TestApp) =>
        t.http('POST', '/auth/signin', {
          body: { email: uniqueEmail(), password: 'whatever-password' },
          remoteAddress,
        });
      assert.equal((await attempt(one)).status, 401);
      assert.equal((await attempt(two)).status, 401);
      assert.equal((await attempt(one)).status, 401);
      assertLimited(await attempt(two), 'fourth across the two instances');
      assertLimited(await attempt(one), 'fifth across the two instances');
      assert.equal((await signup(one)).id.length, 24, 'another address is not affected');
    });
  });
});
