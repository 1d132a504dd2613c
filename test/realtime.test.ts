/**
 * The WebSocket server in one process (in-process broker): handshake, topics and their
 * visibility, the protocol's edges, replay and resync, limits and slow consumers.
 *
 * Every change is caused over HTTP (memberships, events, bots), as a client would.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, basicAuth, newTenant, signup, type Tenant, type TestUser } from './helpers/factories.js';
import { HandshakeRefused, TestSocket } from './helpers/ws-client.js';
import { newObjectId } from '../src/platform/ids.js';
import { createMemoryBroker } from '../src/modules/realtime/realtime.broker.js';

async function ownProjectUserId(t: TestApp, projectId: string, headers: Record<string, string>): Promise<string> {
  const response = await t.http('GET', `/${projectId}/project_users/me`, { headers });
  assert.equal(response.status, 200, response.text);
  return response.body[0]._id;
}

async function setAvailable(t: TestApp, projectId: string, user: TestUser, available: boolean) {
  const response = await t.http('PUT', `/${projectId}/project_users`, {
    headers: user.jwt,
    body: { user_available: available },
  });
  assert.equal(response.status, 200, response.text);
}

/** POST /:project_id/events as `headers`' member: the event is about that member's membership. */
async function emitEvent(
  t: TestApp,
  projectId: string,
  headers: Record<string, string>,
  name: string,
  attributes: Record<string, unknown> = {},
) {
  const response = await t.http('POST', `/${projectId}/events`, { headers, body: { name, attributes } });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** POST /:project_id/bots as the owner; the creation answer is the only one with the secret. */
async function createBot(t: TestApp, tenant: Tenant, name = 'Helper') {
  const response = await t.http('POST', `/${tenant.projectId}/bots`, { headers: tenant.owner.jwt, body: { name } });
  assert.equal(response.status, 200, response.text);
  return response.body as { id: string; secret: string };
}

async function renameBot(t: TestApp, tenant: Tenant, botId: string, name: string) {
  const response = await t.http('PUT', `/${tenant.projectId}/bots/${botId}`, {
    headers: tenant.owner.jwt,
    body: { name },
  });
  assert.equal(response.status, 200, response.text);
}

describe('realtime', () => {
  let t: TestApp;
  let base: string;
  let tenant: Tenant;
  let ownerPu: string;
  const sockets: TestSocket[] = [];
  const connect = async (token: string | undefined) => {
    const socket = await TestSocket.open(TestSocket.url(base, token));
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    t = await startTestApp();
    base = await t.listen();
    tenant = await newTenant(t);
    ownerPu = await ownProjectUserId(t, tenant.projectId, tenant.owner.jwt);
  });
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  describe('handshake', () => {
    it('refuses a missing, malformed or forged token with 401', async () => {
      for (const token of [undefined, 'JWT not-a-jwt', tenant.owner.token.slice(0, -3) + 'abc']) {
        await assert.rejects(TestSocket.open(TestSocket.url(base, token)), (error: unknown) => {
          assert.ok(error instanceof HandshakeRefused);
          assert.equal(error.status, 401);
          return true;
        });
      }
    });

    it('takes Basic credentials in the header, through the sign-in throttle (401, then 429)', async () => {
      const user = await signup(t);
      const open = (password: string) =>
        TestSocket.open(TestSocket.url(base), { headers: basicAuth(user.email, password) });
      const refusal = async (password: string) => {
        const error = await open(password).then(
          (socket) => (socket.close(), undefined),
          (error: unknown) => error,
        );
        assert.ok(error instanceof HandshakeRefused, String(error));
        return error.status;
      };
      const limit = t.context.config.signIn.maxAttempts;
      for (let attempt = 0; attempt < limit; attempt++) assert.equal(await refusal('wrong'), 401);
      assert.equal(await refusal(user.password), 429);
      // Basic credentials open a socket; another account is untouched by the guessing.
      const other = await signup(t);
      const accepted = await TestSocket.open(TestSocket.url(base), { headers: other.basic });
      sockets.push(accepted);
      await accepted.barrier();
    });

    it('accepts the token with or without the "JWT " prefix, and answers 404 on another path', async () => {
      const bare = tenant.owner.token.replace(/^JWT /, '');
      for (const token of [tenant.owner.token, bare]) {
        const socket = await connect(token);
        await socket.barrier();
      }
      await assert.rejects(TestSocket.open(TestSocket.url(base, tenant.owner.token, '/ws')), (error: unknown) => {
        assert.ok(error instanceof HandshakeRefused);
        assert.equal(error.status, 404);
        return true;
      });
    });

    it('lets a visitor connect and subscribe to their own membership', async () => {
      const visitor = await anonymous(t, tenant.projectId);
      const visitorPu = await ownProjectUserId(t, tenant.projectId, visitor.headers);
      const socket = await connect(visitor.token);
      socket.subscribe(`/${tenant.projectId}/project_users/${visitorPu}`);
      const snapshot = await socket.publish(`/${tenant.projectId}/project_users/${visitorPu}`, 'CREATE');
      assert.equal(snapshot.payload.message.uuid_user, visitor.id);
    });
  });

  describe('project_users topics', () => {
    it('sends the membership as CREATE, then an UPDATE with a higher seq on every change', async () => {
      const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
      const socket = await connect(tenant.owner.token);
      socket.subscribe(topic);
      const snapshot = await socket.publish(topic, 'CREATE');
      assert.equal(snapshot.payload.message._id, ownerPu);
      assert.equal(snapshot.payload.message.id_project, tenant.projectId);
      assert.ok(Number.isSafeInteger(snapshot.payload.seq));

      await setAvailable(t, tenant.projectId, tenant.owner, false);
      const update = await socket.publish(topic, 'UPDATE');
      assert.equal(update.payload.message.user_available, false);
      assert.ok(update.payload.seq > snapshot.payload.seq);
      await setAvailable(t, tenant.projectId, tenant.owner, true);
      const next = await socket.publish(topic, 'UPDATE');
      assert.equal(next.payload.message.user_available, true);
      assert.equal(next.payload.seq, update.payload.seq + 1);
    });

    it('publishes a member on /project_users/users/<user_id> for the team', async () => {
      const agent = await addMember(t, tenant, 'agent');
      const topic = `/${tenant.projectId}/project_users/users/${tenant.owner.id}`;
      const socket = await connect(agent.token);
      socket.subscribe(topic);
      const snapshot = await socket.publish(topic, 'CREATE');
      assert.equal(snapshot.payload.message._id, ownerPu);
      await setAvailable(t, tenant.projectId, tenant.owner, false);
      assert.equal((await socket.publish(topic, 'UPDATE')).payload.message.user_available, false);
    });

    it('stops publishing after unsubscribe', async () => {
      const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
      const [leaving, staying] = [await connect(tenant.owner.token), await connect(tenant.owner.token)];
      for (const socket of [leaving, staying]) {
        socket.subscribe(topic);
        await socket.publish(topic, 'CREATE');
      }
      leaving.unsubscribe(topic);
      await leaving.barrier();
      await setAvailable(t, tenant.projectId, tenant.owner, false);
      await staying.publish(topic, 'UPDATE');
      assert.deepEqual(await leaving.pendingPublishes(), []);
    });
  });

  describe('visibility', () => {
    it('never shows a topic of another project: an error frame, no data', async () => {
      const other = await newTenant(t);
      const bot = await createBot(t, tenant);
      const socket = await connect(other.owner.token);
      const topics = [
        `/${tenant.projectId}/project_users/${ownerPu}`,
        `/${tenant.projectId}/project_users/users/${tenant.owner.id}`,
        `/${tenant.projectId}/events/${ownerPu}`,
        `/${tenant.projectId}/bots/${bot.id}`,
      ];
      for (const topic of topics) {
        socket.subscribe(topic);
        const error = await socket.error();
        assert.equal(error.payload.code, 'forbidden');
        assert.equal(error.payload.topic, topic);
      }
      await setAvailable(t, tenant.projectId, tenant.owner, false);
      await emitEvent(t, tenant.projectId, tenant.owner.jwt, 'visited');
      const witness = await connect(tenant.owner.token);
      witness.subscribe(`/${tenant.projectId}/events/${ownerPu}`);
      await witness.publish(`/${tenant.projectId}/events/${ownerPu}`, 'CREATE');
      assert.deepEqual(await socket.pendingPublishes(), []);
    });

    it("refuses another member's own-membership topic, and team topics to visitors", async () => {
      const agent = await addMember(t, tenant, 'agent');
      const visitor = await anonymous(t, tenant.projectId);
      const bot = await createBot(t, tenant);
      const agentSocket = await connect(agent.token);
      agentSocket.subscribe(`/${tenant.projectId}/project_users/${ownerPu}`);
      assert.equal((await agentSocket.error()).payload.code, 'forbidden');
      agentSocket.subscribe(`/${tenant.projectId}/bots/${bot.id}`);
      assert.equal((await agentSocket.error()).payload.code, 'forbidden');

      const visitorSocket = await connect(visitor.token);
      for (const topic of [
        `/${tenant.projectId}/project_users/users/${tenant.owner.id}`,
        `/${tenant.projectId}/events/${ownerPu}`,
        `/${tenant.projectId}/bots/${bot.id}`,
      ]) {
        visitorSocket.subscribe(topic);
        assert.equal((await visitorSocket.error()).payload.code, 'forbidden');
      }
    });

    it('answers not_found for an unknown project or entity and bad_topic for an unknown topic', async () => {
      const socket = await connect(tenant.owner.token);
      socket.subscribe(`/${newObjectId()}/project_users/${ownerPu}`);
      assert.equal((await socket.error()).payload.code, 'not_found');
      const noBot = newObjectId();
      socket.subscribe(`/${tenant.projectId}/bots/${noBot}`);
      const missingBot = (await socket.error()).payload;
      assert.equal(missingBot.code, 'not_found');
      // Worded as the REST route words it.
      assert.equal(missingBot.message, `Chatbot not found with id ${noBot} for project ${tenant.projectId}`);
      socket.subscribe(`/${tenant.projectId}/events/${newObjectId()}`);
      assert.equal((await socket.error()).payload.message, 'Project user not found.');
      socket.subscribe(`/${tenant.projectId}/project_users/users/${newObjectId()}`);
      assert.equal((await socket.error()).payload.code, 'not_found');
      socket.subscribe(`/${tenant.projectId}/events/${newObjectId()}`);
      assert.equal((await socket.error()).payload.code, 'not_found');
      socket.subscribe(`/${tenant.projectId}/nothing/here`);
      assert.equal((await socket.error()).payload.code, 'bad_topic');
    });

    it('ends the subscriptions of a member who is removed from the project', async () => {
      const agent = await addMember(t, tenant, 'agent');
      const topic = `/${tenant.projectId}/project_users/users/${tenant.owner.id}`;
      const socket = await connect(agent.token);
      socket.subscribe(topic);
      await socket.publish(topic, 'CREATE');
      const removed = await t.http('DELETE', `/${tenant.projectId}/project_users/${agent.projectUserId}`, {
        headers: tenant.owner.jwt,
      });
      assert.equal(removed.status, 200, removed.text);
      const revoked = await socket.error('revoked');
      assert.equal(revoked.payload.topic, topic);
      await setAvailable(t, tenant.projectId, tenant.owner, false);
      socket.subscribe(topic);
      assert.equal((await socket.error('forbidden')).payload.topic, topic);
    });
  });

  describe('access changes', () => {
    it('keeps subscriptions through availability changes and ends those a new role no longer allows', async () => {
      const admin = await addMember(t, tenant, 'admin');
      const bot = await createBot(t, tenant);
      const botTopic = `/${tenant.projectId}/bots/${bot.id}`;
      const usersTopic = `/${tenant.projectId}/project_users/users/${tenant.owner.id}`;
      const socket = await connect(admin.token);
      socket.subscribe(botTopic);
      socket.subscribe(usersTopic);
      await socket.publish(botTopic, 'CREATE');
      await socket.publish(usersTopic, 'CREATE');

      await setAvailable(t, tenant.projectId, admin, false);
      await renameBot(t, tenant, bot.id, 'Still visible');
      assert.equal((await socket.publish(botTopic, 'UPDATE')).payload.message.name, 'Still visible');

      const demoted = await t.http('PUT', `/${tenant.projectId}/project_users/${admin.projectUserId}`, {
        headers: tenant.owner.jwt,
        body: { role: 'agent' },
      });
      assert.equal(demoted.status, 200, demoted.text);
      assert.equal((await socket.error('revoked')).payload.topic, botTopic);
      await renameBot(t, tenant, bot.id, 'Hidden');
      await setAvailable(t, tenant.projectId, tenant.owner, false);
      await socket.publish(usersTopic, 'UPDATE');
      await socket.barrier();
      assert.deepEqual(
        socket.pending().filter((f) => f.action !== 'heartbeat'),
        [],
      );
    });
  });

  describe('events and bots topics', () => {
    it('starts an events topic with the last 20 events, newest first, then sends each new one', async () => {
      const member = await addMember(t, tenant, 'agent');
      for (let index = 0; index < 22; index++) await emitEvent(t, tenant.projectId, member.jwt, `e${index % 2}`);
      await emitEvent(t, tenant.projectId, tenant.owner.jwt, 'someone-else');
      const topic = `/${tenant.projectId}/events/${member.projectUserId}`;
      const byName = `${topic}/e1`;
      const socket = await connect(tenant.owner.token);
      socket.subscribe(topic);
      socket.subscribe(byName);
      const snapshot = await socket.publish(topic, 'CREATE');
      assert.equal(snapshot.payload.message.length, 20);
      assert.ok(snapshot.payload.message.every((e: any) => e.project_user === member.projectUserId));
      const times = snapshot.payload.message.map((e: any) => e.createdAt);
      assert.deepEqual([...times].sort().reverse(), times);
      const named = await socket.publish(byName, 'CREATE');
      assert.equal(named.payload.message.length, 11);
      assert.ok(named.payload.message.every((e: any) => e.name === 'e1'));

      const created = await emitEvent(t, tenant.projectId, member.jwt, 'e1', { page: '/pricing' });
      const frame = await socket.publish(topic, 'CREATE');
      assert.deepEqual(frame.payload.message, created);
      assert.ok(frame.payload.seq > snapshot.payload.seq);
      assert.deepEqual((await socket.publish(byName, 'CREATE')).payload.message, created);
      await socket.barrier();
      assert.deepEqual(socket.pending(), [], 'each topic gets the event once');
    });

    it('sends a bot without its secret, then an UPDATE on faqbot.update', async () => {
      const bot = await createBot(t, tenant, 'Before');
      const topic = `/${tenant.projectId}/bots/${bot.id}`;
      const socket = await connect(tenant.owner.token);
      socket.subscribe(topic);
      const snapshot = await socket.publish(topic, 'CREATE');
      assert.equal(snapshot.payload.message._id, bot.id);
      assert.equal(snapshot.payload.message.name, 'Before');
      assert.equal(snapshot.payload.message.secret, undefined);
      assert.ok(!JSON.stringify(snapshot).includes(bot.secret));
      await renameBot(t, tenant, bot.id, 'After');
      assert.equal((await socket.publish(topic, 'UPDATE')).payload.message.name, 'After');
    });
  });

  describe('protocol', () => {
    it('answers a heartbeat ping with pong, and ignores a pong', async () => {
      const socket = await connect(tenant.owner.token);
      socket.send({ action: 'heartbeat', payload: { message: { text: 'pong' } } });
      socket.send({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
      const answer = await socket.next();
      assert.deepEqual(answer, { action: 'heartbeat', payload: { message: { text: 'pong' } } });
      assert.deepEqual(socket.pending(), []);
    });

    it('answers malformed and unknown frames with an error frame and stays usable', async () => {
      const socket = await connect(tenant.owner.token);
      const cases: Array<[unknown, string]> = [
        ['not json', 'bad_frame'],
        ['[1,2]', 'bad_frame'],
        ['{"payload":{}}', 'bad_frame'],
        [{ action: 'publish', payload: { topic: '/x', message: {} } }, 'unknown_action'],
        [{ action: 'dance' }, 'unknown_action'],
        [{ action: 'subscribe', payload: {} }, 'bad_topic'],
        [{ action: 'subscribe', payload: { topic: 'no-slash' } }, 'bad_topic'],
        [{ action: 'subscribe', payload: { topic: '/' + 'x'.repeat(600) } }, 'bad_topic'],
        [
          { action: 'subscribe', payload: { topic: `/${tenant.projectId}/project_users/${ownerPu}`, since: -1 } },
          'bad_frame',
        ],
        [
          { action: 'subscribe', payload: { topic: `/${tenant.projectId}/project_users/${ownerPu}`, since: 'x' } },
          'bad_frame',
        ],
      ];
      for (const [frame, code] of cases) {
        socket.send(frame);
        assert.equal((await socket.error()).payload.code, code, JSON.stringify(frame));
      }
      socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      assert.equal((await socket.error()).payload.code, 'bad_frame');
      await socket.barrier();
    });

    it('closes a connection that sends a frame over the size limit, and only that one', async () => {
      const [big, other] = [await connect(tenant.owner.token), await connect(tenant.owner.token)];
      big.send({ action: 'heartbeat', payload: { message: { text: 'x'.repeat(70 * 1024) } } });
      assert.equal(await big.closed, 1009);
      await other.barrier();
    });
  });

  describe('replay', () => {
    it('replays exactly the frames missed since the last seq seen, without a snapshot', async () => {
      const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
      const first = await connect(tenant.owner.token);
      first.subscribe(topic);
      const seen = (await first.publish(topic, 'CREATE')).payload.seq;
      first.close();
      for (const available of [false, true, false]) await setAvailable(t, tenant.projectId, tenant.owner, available);

      const second = await connect(tenant.owner.token);
      second.subscribe(topic, seen);
      const missed = [await second.next(), await second.next(), await second.next()];
      assert.deepEqual(
        missed.map((f) => [f.action, f.payload.method, f.payload.seq, f.payload.message.user_available]),
        [
          ['publish', 'UPDATE', seen + 1, false],
          ['publish', 'UPDATE', seen + 2, true],
          ['publish', 'UPDATE', seen + 3, false],
        ],
      );
      await second.barrier();
      assert.deepEqual(second.pending(), []);
      await setAvailable(t, tenant.projectId, tenant.owner, true);
      assert.equal((await second.publish(topic, 'UPDATE')).payload.seq, seen + 4);
    });

    it('sends nothing to a client that is up to date', async () => {
      const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
      const socket = await connect(tenant.owner.token);
      socket.subscribe(topic);
      const seen = (await socket.publish(topic, 'CREATE')).payload.seq;
      socket.subscribe(topic, seen);
      await socket.barrier();
      assert.deepEqual(socket.pending(), []);
    });

    it('answers resync and the current state for a seq it cannot know, or a topic without history', async () => {
      const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
      const socket = await connect(tenant.owner.token);
      socket.subscribe(topic);
      const seen = (await socket.publish(topic, 'CREATE')).payload.seq;
      socket.subscribe(topic, seen + 1000);
      assert.deepEqual(await socket.next(), { action: 'resync', payload: { topic, reason: 'unknown_seq' } });
      const state = await socket.next();
      assert.equal(state.payload.method, 'CREATE');
      assert.equal(state.payload.seq, seen);

      const member = await addMember(t, tenant, 'agent');
      const quiet = `/${tenant.projectId}/events/${member.projectUserId}`;
      socket.subscribe(quiet, 12345);
      assert.deepEqual(await socket.next(), { action: 'resync', payload: { topic: quiet, reason: 'history_gone' } });
      assert.deepEqual((await socket.publish(quiet, 'CREATE')).payload.message, []);
    });
  });
});

describe('realtime limits', () => {
  let t: TestApp;
  let base: string;
  let tenant: Tenant;
  let ownerPu: string;
  const sockets: TestSocket[] = [];
  const connect = async (token: string) => {
    const socket = await TestSocket.open(TestSocket.url(base, token));
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    t = await startTestApp({
      REALTIME_MAX_SUBSCRIPTIONS: '3',
      REALTIME_HISTORY_SIZE: '2',
      REALTIME_MAX_BUFFERED_BYTES: String(256 * 1024),
      // The slow-client test sends 48 KiB events: above the default cap on attributes.
      ATTRIBUTES_MAX_BYTES: String(64 * 1024),
    });
    base = await t.listen();
    tenant = await newTenant(t);
    ownerPu = await ownProjectUserId(t, tenant.projectId, tenant.owner.jwt);
  });
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  it('refuses a subscription beyond the per-connection limit, and accepts one after an unsubscribe', async () => {
    const member = await addMember(t, tenant, 'agent');
    const p = tenant.projectId;
    const topics = [
      `/${p}/project_users/${ownerPu}`,
      `/${p}/project_users/users/${tenant.owner.id}`,
      `/${p}/project_users/users/${member.id}`,
      `/${p}/events/${ownerPu}`,
    ];
    const socket = await connect(tenant.owner.token);
    for (const topic of topics.slice(0, 3)) {
      socket.subscribe(topic);
      await socket.publish(topic, 'CREATE');
    }
    socket.subscribe(topics[3]);
    const refused = await socket.error('too_many_subscriptions');
    assert.equal(refused.payload.topic, topics[3]);
    socket.subscribe(topics[0]);
    await socket.publish(topics[0], 'CREATE');
    socket.unsubscribe(topics[1]);
    socket.subscribe(topics[3]);
    await socket.publish(topics[3], 'CREATE');
  });

  it('answers resync and the current state when the client is further behind than the history', async () => {
    const topic = `/${tenant.projectId}/project_users/${ownerPu}`;
    const first = await connect(tenant.owner.token);
    first.subscribe(topic);
    const seen = (await first.publish(topic, 'CREATE')).payload.seq;
    first.close();
    for (const available of [false, true, false, true, false])
      await setAvailable(t, tenant.projectId, tenant.owner, available);

    const second = await connect(tenant.owner.token);
    second.subscribe(topic, seen);
    assert.deepEqual(await second.next(), { action: 'resync', payload: { topic, reason: 'too_far_behind' } });
    const state = await second.next();
    assert.equal(state.payload.method, 'CREATE');
    assert.equal(state.payload.seq, seen + 5);
    assert.equal(state.payload.message.user_available, false);

    const third = await connect(tenant.owner.token);
    third.subscribe(topic, seen + 3);
    const replayed = [await third.next(), await third.next()];
    assert.deepEqual(
      replayed.map((f) => f.payload.seq),
      [seen + 4, seen + 5],
    );
  });

  it('drops a client that stops reading, without holding back the others', async () => {
    const member = await addMember(t, tenant, 'agent');
    const topic = `/${tenant.projectId}/events/${member.projectUserId}`;
    const [slow, fast] = [await connect(tenant.owner.token), await connect(tenant.owner.token)];
    for (const socket of [slow, fast]) {
      socket.subscribe(topic);
      await socket.publish(topic, 'CREATE');
    }
    const slowSocket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket;
    slowSocket.pause();

    // 600 frames of 48 KiB (about 29 MiB): more than socket buffers and the 256 KiB limit hold.
    const count = 600;
    const filler = 'x'.repeat(48 * 1024);
    for (let index = 0; index < count; index++) {
      await emitEvent(t, tenant.projectId, member.jwt, 'big', { index, filler });
      const frame = await fast.publish(topic, 'CREATE');
      assert.equal(frame.payload.message.attributes.index, index);
    }
    await fast.barrier();

    slowSocket.resume();
    assert.equal(await slow.closed, 1006);
    const received = slow.frames.filter((f) => f.action === 'publish' && f.payload.method === 'CREATE').length;
    assert.ok(received < count, `the slow client received ${received} of ${count} frames`);
  });
});

describe('realtime heartbeats and token expiry', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await startTestApp({ REALTIME_HEARTBEAT_SECONDS: '1' });
    base = await t.listen();
  });
  after(() => t.close());

  it('terminates a connection that answers no ping, and keeps one that does', async () => {
    const tenant = await newTenant(t);
    const silent = await TestSocket.open(TestSocket.url(base, tenant.owner.token), { autoPong: false });
    const lively = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    assert.equal(await silent.closed, 1006);
    await lively.barrier();
    assert.equal(lively.closeCode, undefined);
    lively.close();
  });

  it('closes a connection when its token expires', async () => {
    const tenant = await newTenant(t);
    const token = await new SignJWT({ _id: tenant.owner.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user')
      .setAudience('https://tiledesk.com')
      .setIssuer('https://tiledesk.com')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(t.context.jwtSecret));
    const socket = await TestSocket.open(TestSocket.url(base, `JWT ${token}`));
    assert.equal(await socket.closed, 1008);
  });
});

describe('realtime shutdown', () => {
  it('closes every connection with 1001 when the server closes', async () => {
    const t = await startTestApp();
    const base = await t.listen();
    const tenant = await newTenant(t);
    const socket = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    await socket.barrier();
    await t.close();
    assert.equal(await socket.closed, 1001);
  });
});

describe('realtime sequence numbers', () => {
  it('start above every number a previous process handed out for the topic', async () => {
    const options = { historySize: 10, historyTtlSeconds: 60 };
    const handlers = { frame: () => {}, resync: () => {}, signal: () => {} };
    const before = createMemoryBroker(options, handlers);
    const topic = '/p/project_users/x';
    for (let index = 0; index < 1000; index++) before.publish(topic, 'UPDATE', '{}');
    const last = (await before.position(topic))!;
    await before.close();
    // A restart takes longer than 1,000 microseconds; the counter relies on that (under a million frames/s).
    await new Promise((resolve) => setTimeout(resolve, 5));

    const restarted = createMemoryBroker(options, handlers);
    assert.ok((await restarted.position(topic))! > last);
    assert.deepEqual(await restarted.resume(topic, last), { resync: 'too_far_behind' });
    await restarted.close();
  });
});
