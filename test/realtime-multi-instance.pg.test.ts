/**
 * Two server processes on one PostgreSQL database, fanning frames out through Redis: an event
 * caused on one instance reaches WebSocket clients of the other with the same sequence numbers
 * (memberships, conversations), and delivery survives a Redis restart. The test runs its own redis-server on a free port (and
 * restarts that one), so other tests using the shared Redis are never disturbed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import Fastify from 'fastify';
import { freePort } from './helpers/free-port.js';
import { serverDatabase, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { redisUp, startInstances, startRedis, stop, until } from './helpers/processes.js';
import { TestSocket, type Frame } from './helpers/ws-client.js';
import { createRedisBroker } from '../src/modules/realtime/realtime.redis-broker.js';

describe('realtime across instances (Redis)', () => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  const servers: ChildProcess[] = [];
  const sockets: TestSocket[] = [];
  let a: { url: string; api: TestApp };
  let b: { url: string; api: TestApp };
  let tenant: Tenant;
  let topic: string;

  const connect = async (instance: { url: string }, since?: number) => {
    const socket = await TestSocket.open(TestSocket.url(instance.url, tenant.owner.token));
    sockets.push(socket);
    socket.subscribe(topic, since);
    return socket;
  };
  const setAvailable = async (instance: { api: TestApp }, available: boolean) => {
    const response = await instance.api.http('PUT', `/${tenant.projectId}/project_users`, {
      headers: tenant.owner.jwt,
      body: { user_available: available },
    });
    assert.equal(response.status, 200, response.text);
  };
  /** The client shows `available`, from a frame or from a resync's fresh state. */
  const shows = (socket: TestSocket, available: boolean) =>
    socket.next(
      (f: Frame) =>
        f.action === 'publish' && f.payload.topic === topic && f.payload.message.user_available === available,
    );

  before(async () => {
    database = await serverDatabase();
    redisPort = await freePort();
    redis = startRedis(redisPort);
    await redisUp(redisPort);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REALTIME_REDIS_PREFIX: `parley-test-${randomUUID()}:`,
      JWT_SECRET: `multi-instance-${randomUUID()}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const instances = await startInstances(2, env);
    servers.push(...instances.map((instance) => instance.process));
    [a, b] = instances;
    tenant = await newTenant(b.api);
    const me = await a.api.http('GET', `/${tenant.projectId}/project_users/me`, { headers: tenant.owner.jwt });
    topic = `/${tenant.projectId}/project_users/${me.body[0]._id}`;
  });

  after(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([...servers.map(stop), stop(redis)]);
    await database?.drop();
  });

  it('delivers an event caused on one instance to clients of the other, with the same seq', async () => {
    const [onA, onB] = [await connect(a), await connect(b)];
    const [snapA, snapB] = [await onA.publish(topic, 'CREATE'), await onB.publish(topic, 'CREATE')];
    assert.equal(snapA.payload.seq, snapB.payload.seq);

    await setAvailable(b, false);
    const [fromB1, fromB2] = [await onA.publish(topic, 'UPDATE'), await onB.publish(topic, 'UPDATE')];
    assert.equal(fromB1.payload.message.user_available, false);
    assert.equal(fromB1.payload.seq, snapA.payload.seq + 1);
    assert.equal(fromB2.payload.seq, fromB1.payload.seq);

    await setAvailable(a, true);
    const [fromA1, fromA2] = [await onB.publish(topic, 'UPDATE'), await onA.publish(topic, 'UPDATE')];
    assert.equal(fromA1.payload.message.user_available, true);
    assert.equal(fromA1.payload.seq, snapA.payload.seq + 2);
    assert.equal(fromA2.payload.seq, fromA1.payload.seq);
    onA.close();
    onB.close();
  });

  it('replays on one instance what a client missed while events happened on both', async () => {
    const first = await connect(a);
    const seen = (await first.publish(topic, 'CREATE')).payload.seq;
    first.close();
    await setAvailable(a, false);
    await setAvailable(b, true);
    await setAvailable(a, false);

    const resumed = await connect(b, seen);
    const missed = [await resumed.next(), await resumed.next(), await resumed.next()];
    assert.deepEqual(
      missed.map((f) => [f.action, f.payload.seq, f.payload.message.user_available]),
      [
        ['publish', seen + 1, false],
        ['publish', seen + 2, true],
        ['publish', seen + 3, false],
      ],
    );
    await resumed.barrier();
    assert.deepEqual(resumed.pending(), []);
    resumed.close();
  });

  it('brings a message posted on one instance to request-topic subscribers of the other', async () => {
    const p = tenant.projectId;
    const inbox = `/${p}/requests`;
    const agentOnA = await TestSocket.open(TestSocket.url(a.url, tenant.owner.token));
    sockets.push(agentOnA);
    agentOnA.subscribe(inbox);
    const snapshot = await agentOnA.publish(inbox, 'CREATE');

    const visitor = await anonymous(b.api, p);
    const requestId = newRequestId(p);
    const first = await b.api.http('POST', `/${p}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: 'Posted on B' },
    });
    assert.equal(first.status, 200, first.text);
    const created = await agentOnA.publish(inbox, 'CREATE');
    assert.equal(created.payload.message.request_id, requestId);
    assert.equal(created.payload.message.first_text, 'Posted on B');
    assert.ok(created.payload.seq > snapshot.payload.seq);

    const messages = `/${p}/requests/${requestId}/messages`;
    const visitorOnA = await TestSocket.open(TestSocket.url(a.url, visitor.token));
    sockets.push(visitorOnA);
    visitorOnA.subscribe(messages);
    await visitorOnA.publish(messages, 'CREATE');
    const reply = await b.api.http('POST', `/${p}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'Answered on B' },
    });
    assert.equal(reply.status, 200, reply.text);
    // The first message's own frame may still be on its way from B when the snapshot is read, and so
    // arrive after it: a repeat of what the snapshot shows, which the protocol allows.
    const live = await visitorOnA.next(
      (f) => f.action === 'publish' && f.payload.topic === messages && f.payload.message.text === 'Answered on B',
    );
    assert.equal(live.payload.method, 'CREATE');
    assert.equal(live.payload.message.request.request_id, requestId);
    const others = await visitorOnA.pendingPublishes(messages);
    assert.deepEqual(
      others.map((f) => f.payload.message.text),
      others.map(() => 'Posted on B'),
    );
    agentOnA.close();
    visitorOnA.close();
  });

  it('sends the frames still queued when the broker closes', async () => {
    const prefix = `parley-test-${randomUUID()}:`;
    const brokerTopic = '/p/project_users/closing';
    let received = 0;
    const broker = createRedisBroker(
      {
        url: `redis://127.0.0.1:${redisPort}`,
        prefix,
        queueMax: 1000,
        historySize: 1000,
        historyTtlSeconds: 60,
        log: Fastify({ logger: false }).log,
      },
      { frame: () => received++, resync: () => {}, signal: () => {} },
    );
    const client = new Redis({ port: redisPort, host: '127.0.0.1' });
    try {
      broker.watch(brokerTopic);
      broker.publish(brokerTopic, 'UPDATE', '{}');
      // The frame goes out, and comes back, once both Redis connections are ready.
      await until('the broker connected', async () => (received === 1 ? true : undefined));
      for (let index = 0; index < 300; index++) broker.publish(brokerTopic, 'UPDATE', '{}');
      await broker.close();
      assert.equal(await client.llen(`${prefix}{${brokerTopic}}:history`), 301);
    } finally {
      await broker.close();
      client.disconnect();
    }
  });

  it('keeps serving through a Redis restart; a resuming client gets what it missed or a resync', async () => {
    const [onA, onB, leaving] = [await connect(a), await connect(b), await connect(a)];
    await Promise.all([onA.publish(topic, 'CREATE'), onB.publish(topic, 'CREATE')]);
    const lastSeen = (await leaving.publish(topic, 'CREATE')).payload.seq;
    leaving.close();

    await stop(redis);
    // Redis is down: writes still succeed, subscriptions still start (from the database).
    await setAvailable(b, false);
    const during = await connect(a);
    const state = await during.publish(topic, 'CREATE');
    assert.equal(state.payload.message.user_available, false);
    const resumingDuring = await connect(a, lastSeen);
    assert.deepEqual(await resumingDuring.next(), { action: 'resync', payload: { topic, reason: 'unavailable' } });
    assert.equal((await resumingDuring.publish(topic, 'CREATE')).payload.message.user_available, false);

    redis = startRedis(redisPort);
    await redisUp(redisPort);
    // The change made during the outage reaches the clients once both instances are reconnected. A
    // started subscriptions to the topic while Redis was down, with no position to check for gaps
    // from: once Redis is back, A's subscribers of the topic get a resync and the current state.
    assert.deepEqual((await onA.next((f) => f.action === 'resync')).payload, { topic, reason: 'frames_lost' });
    assert.equal((await onA.publish(topic, 'CREATE')).payload.message.user_available, false);
    await shows(onB, false);

    await setAvailable(b, true);
    const [liveA, liveB] = [await shows(onA, true), await shows(onB, true)];
    assert.equal(liveA.payload.method, 'UPDATE');
    assert.ok(liveA.payload.seq > lastSeen, 'numbers keep growing after Redis lost its counters');
    assert.equal(liveB.payload.seq, liveA.payload.seq);

    const resumed = await connect(a, lastSeen);
    const first = await resumed.next();
    if (first.action === 'resync') {
      assert.equal(first.payload.topic, topic);
      const fresh = await resumed.publish(topic, 'CREATE');
      assert.equal(fresh.payload.message.user_available, true);
    } else {
      assert.equal(first.action, 'publish');
      assert.ok(first.payload.seq > lastSeen);
      await shows(resumed, true);
    }
  });
});
