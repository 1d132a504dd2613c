/**
 * Frames the publishing instance has to drop (its Redis queue overflows during an outage, or
 * Redis keeps refusing them) are never silently lost: their topics get a gap once Redis is back,
 * so subscribers on every instance resync, and a replay across the gap is refused. The test runs
 * its own redis-server on a free port, with persistence, so numbers and history survive its
 * restart as they would a network outage.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { freePort } from './helpers/free-port.js';
import { serverDatabase } from './helpers/test-app.js';
import { anonymous, newTenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { redisUp, startInstances, startRedis, stop, until, type Instance } from './helpers/processes.js';
import { TestSocket, type Frame } from './helpers/ws-client.js';
import { createRedisBroker, type RedisBrokerOptions } from '../src/modules/realtime/realtime.redis-broker.js';
import type { AccessSignal, Broker } from '../src/modules/realtime/realtime.broker.js';
import { encodeHeader, PUBLISH_SCRIPT } from '../src/modules/realtime/realtime.redis-scripts.js';
import type { Envelope } from '../src/modules/realtime/realtime.protocol.js';

/** What a broker handed its hub. */
class Recorder {
  readonly frames: Envelope[] = [];
  readonly resyncs: string[] = [];
  readonly signals: AccessSignal[] = [];
  readonly handlers = {
    frame: (envelope: Envelope) => void this.frames.push(envelope),
    resync: (topic: string) => void this.resyncs.push(topic),
    signal: (signal: AccessSignal) => void this.signals.push(signal),
  };
  on(topic: string) {
    return this.frames.filter((envelope) => envelope.topic === topic);
  }
}

describe('realtime frames dropped by the publishing instance', () => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let dataDir: string;
  const persistent = () => ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir];
  const sockets: TestSocket[] = [];
  const brokers: Broker[] = [];
  let client: Redis;
  let a: Instance;
  let b: Instance;

  before(async () => {
    database = await serverDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-redis-'));
    redisPort = await freePort();
    redis = startRedis(redisPort, persistent());
    await redisUp(redisPort);
    client = new Redis({ port: redisPort, host: '127.0.0.1', retryStrategy: () => 200 });
    client.on('error', () => {});
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REALTIME_REDIS_PREFIX: `parley-test-${randomUUID()}:`,
      // The smallest queue allowed: an outage with a little traffic overflows it.
      REALTIME_REDIS_QUEUE_MAX: '100',
      JWT_SECRET: `frames-lost-${randomUUID()}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
    };
    [a, b] = await startInstances(2, env);
  });

  after(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all(brokers.map((broker) => broker.close()));
    client?.disconnect();
    await Promise.all([stop(a?.process), stop(b?.process), stop(redis)]);
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function broker(recorder: Recorder, options: Partial<RedisBrokerOptions> & { prefix: string }): Broker {
    const created = createRedisBroker(
      {
        url: `redis://127.0.0.1:${redisPort}`,
        queueMax: 100,
        historySize: 100,
        historyTtlSeconds: 600,
        log: silent(),
        ...options,
      },
      recorder.handlers,
    );
    brokers.push(created);
    return created;
  }

  /** A publisher and a watcher sharing a prefix, both connected (each has seen a frame come back). */
  async function pair(topic: string, publisherOptions: Partial<RedisBrokerOptions> = {}) {
    const prefix = `parley-test-${randomUUID()}:`;
    const [published, watched] = [new Recorder(), new Recorder()];
    const publisher = broker(published, { prefix, ...publisherOptions });
    const watcher = broker(watched, { prefix });
    // Both connected (a position read, the frames channel subscribed) before watching anything.
    for (const each of [publisher, watcher]) await until('a broker to connect', () => each.position(topic));
    await until('both to subscribe', async () =>
      Number((await client.pubsub('NUMSUB', `${prefix}frames`))[1]) >= 2 ? true : undefined,
    );
    publisher.watch(topic);
    watcher.watch(topic);
    const start = (await watcher.position(topic))!;
    publisher.publish(topic, 'CREATE', '{"n":0}');
    await until('both to connect', async () =>
      published.on(topic).length === 1 && watched.on(topic).length === 1 ? true : undefined,
    );
    assert.equal(watched.frames[0].seq, start + 1);
    return { prefix, publisher, watcher, published, watched, start };
  }

  it('brings subscribers on both instances a resync and the current state when the queue overflowed during an outage', async () => {
    const tenant = await newTenant(a.api);
    const p = tenant.projectId;
    const visitor = await anonymous(a.api, p);
    const requestId = newRequestId(p);
    const topic = `/${p}/requests/${requestId}/messages`;
    const post = async (instance: Instance, text: string) => {
      const response = await instance.api.http('POST', `/${p}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text },
      });
      assert.equal(response.status, 200, response.text);
    };
    const connect = async (instance: Instance, since?: number) => {
      const socket = await TestSocket.open(TestSocket.url(instance.url, tenant.owner.token));
      sockets.push(socket);
      socket.subscribe(topic, since);
      return socket;
    };
    const shows = (frame: Frame, text: string) =>
      Array.isArray(frame.payload.message)
        ? frame.payload.message.some((message: { text: string }) => message.text === text)
        : frame.payload.message.text === text;
    /** The next frame on the topic showing `text`: one message (`CREATE` of it) or the state (a list). */
    const showing = (socket: TestSocket, text: string, state: boolean) =>
      socket.next(
        (f) =>
          f.action === 'publish' &&
          f.payload.topic === topic &&
          Array.isArray(f.payload.message) === state &&
          shows(f, text),
      );

    await post(a, 'Before the outage');
    const onB = await connect(b);
    await onB.publish(topic, 'CREATE');
    await post(a, 'Still before');
    const lastSeen = (await showing(onB, 'Still before', false)).payload.seq;
    // A subscriber on the publishing instance itself.
    const onA = await connect(a);
    await showing(onA, 'Still before', true);

    await stop(redis);
    // Subscribed during the outage: a state without a position.
    const during = await connect(b);
    assert.equal((await during.publish(topic, 'CREATE')).payload.seq, undefined);
    // On A while Redis is down: the message's frame waits in A's queue, then more than 100 frames
    // (availability changes) push it out.
    await post(a, 'Lost in the outage');
    for (let index = 0; index < 120; index++) {
      const response = await a.api.http('PUT', `/${p}/project_users`, {
        headers: tenant.owner.jwt,
        body: { user_available: index % 2 === 1 },
      });
      assert.equal(response.status, 200, response.text);
    }

    redis = startRedis(redisPort, persistent());
    await redisUp(redisPort);

    // Subscribers from before the outage, on the other instance and on A itself: a resync, then a
    // state that has the lost message.
    for (const socket of [onB, onA]) {
      assert.deepEqual((await socket.next((f) => f.action === 'resync')).payload, { topic, reason: 'frames_lost' });
      await showing(socket, 'Lost in the outage', true);
    }
    // The one that subscribed during the outage ends up with it too, from a resync's state.
    await showing(during, 'Lost in the outage', true);
    assert.ok(during.frames.some((f) => f.action === 'resync' && f.payload.reason === 'frames_lost'));

    // A client resuming from before the outage: the history has a hole where the frame was dropped.
    const resumed = await connect(b, lastSeen);
    assert.deepEqual(await resumed.next(), { action: 'resync', payload: { topic, reason: 'frames_lost' } });
    await showing(resumed, 'Lost in the outage', true);

    // Everyone is live again, with numbered frames.
    await post(a, 'After the outage');
    for (const socket of [onB, onA, during, resumed]) {
      const live = await showing(socket, 'After the outage', false);
      assert.ok(live.payload.seq > lastSeen);
    }
  });

  it('announces frames dropped from a full queue while Redis is up: a gap, then the frames after it', async () => {
    const topic = '/p/requests/overflow/messages';
    const { publisher, watcher, watched, start } = await pair(topic, { queueMax: 1 });
    // One frame goes out; of the others only the newest fits in the queue meanwhile.
    publisher.publish(topic, 'CREATE', '{"n":1}');
    publisher.publish(topic, 'CREATE', '{"n":2}');
    publisher.signal({ projectId: 'p', member: 'someone' });
    publisher.publish(topic, 'CREATE', '{"n":3}');

    await until('the last frame', async () => (watched.on(topic).at(-1)?.message === '{"n":3}' ? true : undefined));
    assert.deepEqual(
      watched.on(topic).map((envelope) => [envelope.seq, envelope.message]),
      [
        [start + 1, '{"n":0}'],
        [start + 2, '{"n":1}'],
        [start + 4, '{"n":3}'],
      ],
    );
    // start + 3 is the gap for {"n":2}: the watcher's subscribers resync.
    assert.deepEqual(watched.resyncs, [topic]);
    // The dropped access signal becomes a check of everyone in its project.
    assert.deepEqual(watched.signals, [{ projectId: 'p' }]);
    assert.deepEqual(await watcher.resume(topic, start + 2), { resync: 'frames_lost' });
    assert.deepEqual(await watcher.resume(topic, start + 1), { resync: 'frames_lost' });
    const after = await watcher.resume(topic, start + 3);
    assert.deepEqual('frames' in after && after.frames.map((envelope) => envelope.seq), [start + 4]);
  });

  it('announces frames Redis kept refusing, once it accepts writes again', async () => {
    const topic = '/p/requests/refused/messages';
    const logged: string[] = [];
    const { publisher, watcher, watched, start } = await pair(topic, { log: silent(logged) });
    await client.config('SET', 'maxmemory', '1');
    try {
      publisher.publish(topic, 'CREATE', '{"n":1}');
      await until('the frame to be given up', async () =>
        logged.includes('realtime: frames dropped after repeated Redis errors') ? true : undefined,
      );
    } finally {
      await client.config('SET', 'maxmemory', '0');
    }
    await until('the watcher to resync', async () => (watched.resyncs.includes(topic) ? true : undefined));
    assert.equal(watched.on(topic).length, 1);
    assert.deepEqual(await watcher.resume(topic, start + 1), { resync: 'frames_lost' });

    publisher.publish(topic, 'UPDATE', '{"n":2}');
    await until('the next frame', async () => (watched.on(topic).length === 2 ? true : undefined));
    assert.equal(watched.on(topic)[1].seq, start + 3);
    assert.deepEqual(watched.resyncs, [topic]);
  });

  it('gives every topic a gap when more topics lost frames than it keeps track of', async () => {
    const topic = '/p/requests/many/messages';
    const { prefix, publisher, watcher, watched } = await pair(topic, { queueMax: 1, lostTopicsMax: 1 });
    // A topic nobody here watches, and one the watcher watches; no frame of either is dropped.
    const unwatched = '/p/requests/unwatched/messages';
    const quiet = '/p/requests/quiet/messages';
    watcher.watch(quiet);
    const [unwatchedAt, quietAt] = [await watcher.position(unwatched), await watcher.position(quiet)];
    assert.ok(unwatchedAt !== undefined && quietAt !== undefined);

    publisher.publish(topic, 'CREATE', '{"n":1}');
    for (const other of ['/p/requests/x/messages', '/p/requests/y/messages', '/p/requests/z/messages'])
      publisher.publish(other, 'CREATE', '{}');

    await until('every watched topic to resync', async () =>
      watched.resyncs.includes(topic) && watched.resyncs.includes(quiet) ? true : undefined,
    );
    // Their numbers moved on without a frame: a replay from before is refused.
    for (const [quietTopic, at] of [
      [unwatched, unwatchedAt],
      [quiet, quietAt],
    ] as const)
      assert.ok('resync' in (await watcher.resume(quietTopic, at)));
    assert.equal(await client.exists(`${prefix}{/p/requests/y/messages}:history`), 0, 'that frame was dropped');
  });

  it('resyncs a topic whose frames Redis lost while this instance was not listening', async () => {
    const topic = '/p/requests/forgotten/messages';
    const { prefix, watched, start } = await pair(topic);
    // At once: the watcher stops listening, a frame is published, and Redis loses its data.
    await client
      .multi()
      .call('CLIENT', 'KILL', 'TYPE', 'pubsub')
      .eval(
        PUBLISH_SCRIPT,
        2,
        `${prefix}{${topic}}:seq`,
        `${prefix}{${topic}}:history`,
        `${prefix}frames`,
        encodeHeader(topic, 'CREATE'),
        '{"n":1}',
        100,
        600,
        86400,
      )
      .flushall()
      .exec();
    await until('the watcher to resync', async () => (watched.resyncs.includes(topic) ? true : undefined));
    assert.deepEqual(
      watched.on(topic).map((envelope) => envelope.seq),
      [start + 1],
    );
  });
});

/** A logger that keeps the messages of errors. */
function silent(errors: string[] = []): FastifyBaseLogger {
  const ignore = () => {};
  const logger = {
    level: 'error',
    error: (_details: unknown, message: string) => void errors.push(message),
    fatal: ignore,
    warn: ignore,
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}
