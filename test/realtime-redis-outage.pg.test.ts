/**
 * Nothing is lost across a Redis outage with two instances: a client that subscribes (fresh, or
 * resuming with `since`) while Redis is down, on an instance that is stalled while Redis comes
 * back, still ends up with every change made meanwhile on the other instance: as frames, or
 * through a resync and the current state. The test runs its own redis-server on a free port.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './helpers/free-port.js';
import { serverDatabase } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { redisUp, startInstances, startRedis, stop, until, type Instance } from './helpers/processes.js';
import { TestSocket, type Frame } from './helpers/ws-client.js';

describe('realtime across a Redis outage', () => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  const prefix = `parley-test-${randomUUID()}:`;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  const sockets: TestSocket[] = [];
  let a: Instance;
  let b: Instance;

  before(async () => {
    database = await serverDatabase();
    redisPort = await freePort();
    redis = startRedis(redisPort);
    await redisUp(redisPort);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REALTIME_REDIS_PREFIX: prefix,
      JWT_SECRET: `redis-outage-${randomUUID()}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
    };
    [a, b] = await startInstances(2, env);
  });

  after(async () => {
    sockets.forEach((socket) => socket.close());
    for (const instance of [a, b]) instance?.process.kill('SIGCONT');
    await Promise.all([stop(a?.process), stop(b?.process), stop(redis)]);
    await database?.drop();
  });

  it('brings a client that subscribed while Redis was down, on an instance stalled across the restart, every change or a resync', async () => {
    const tenant: Tenant = await newTenant(b.api);
    const me = await b.api.http('GET', `/${tenant.projectId}/project_users/me`, { headers: tenant.owner.jwt });
    const topic = `/${tenant.projectId}/project_users/${me.body[0]._id}`;
    const connect = async (since?: number) => {
      const socket = await TestSocket.open(TestSocket.url(a.url, tenant.owner.token));
      sockets.push(socket);
      socket.subscribe(topic, since);
      return socket;
    };
    const setAvailable = async (available: boolean) => {
      const response = await b.api.http('PUT', `/${tenant.projectId}/project_users`, {
        headers: tenant.owner.jwt,
        body: { user_available: available },
      });
      assert.equal(response.status, 200, response.text);
    };
    // A position to resume from, taken on the other instance (A has no subscriber for the topic yet).
    const earlier = await TestSocket.open(TestSocket.url(b.url, tenant.owner.token));
    sockets.push(earlier);
    earlier.subscribe(topic);
    const lastSeen = (await earlier.publish(topic, 'CREATE')).payload.seq;
    earlier.close();

    await stop(redis);
    const fresh = await connect();
    const state = await fresh.publish(topic, 'CREATE');
    assert.equal(state.payload.message.user_available, true);
    assert.equal(state.payload.seq, undefined, 'Redis is down: the state has no position');
    const resuming = await connect(lastSeen);
    assert.deepEqual(await resuming.next(), { action: 'resync', payload: { topic, reason: 'unavailable' } });
    assert.equal((await resuming.publish(topic, 'CREATE')).payload.message.user_available, true);

    // Changed on B while Redis is down: the frame waits in B's queue.
    await setAvailable(false);
    // A is stalled while Redis comes back and B sends its frame; A's subscription to Redis only
    // resumes after that frame has gone by.
    a.process.kill('SIGSTOP');
    try {
      redis = startRedis(redisPort);
      await redisUp(redisPort);
      const client = new Redis({ port: redisPort, host: '127.0.0.1' });
      try {
        await until('B to publish its queued frame', async () =>
          (await client.llen(`${prefix}{${topic}}:history`)) > 0 ? true : undefined,
        );
      } finally {
        client.disconnect();
      }
    } finally {
      a.process.kill('SIGCONT');
    }

    // Each client now shows the change: from its frame, or from a resync's fresh state.
    for (const socket of [fresh, resuming]) {
      const shown = await socket.next(
        (f: Frame) => f.action === 'publish' && f.payload.topic === topic && f.payload.message.user_available === false,
      );
      if (shown.payload.method === 'CREATE') {
        assert.ok(
          socket.frames.some((f) => f.action === 'resync' && f.payload.reason !== 'unavailable'),
          'a fresh state after the outage comes with a resync',
        );
      }
    }

    // And both are live again, with numbered frames.
    await setAvailable(true);
    for (const socket of [fresh, resuming]) {
      const live = await socket.next(
        (f: Frame) => f.action === 'publish' && f.payload.topic === topic && f.payload.message.user_available === true,
      );
      assert.equal(typeof live.payload.seq, 'number');
    }
  });
});
