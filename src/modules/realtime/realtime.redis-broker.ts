/**
 * The broker shared by several instances through Redis.
 *
 * One Lua script per frame does INCR of the topic's counter, appends to its history (trimmed,
 * with a TTL) and PUBLISHes on the deployment's channel, so sequence order is delivery order and
 * every instance sees the same numbers. Frames published while Redis is unreachable wait in a
 * bounded queue and go out, in order, once it is back. Pub/sub itself is fire-and-forget, so each
 * instance checks the frames of the topics it has subscribers for (realtime.redis-watches.ts): a
 * gap (missed while its subscriber connection was down) is filled from the history, or answered
 * with a resync.
 * A subscription started while Redis was unreachable has no position to check from: its topic
 * is resynced as soon as Redis is back.
 *
 * Frames the queue has to drop (it overflows during a long outage, or Redis keeps refusing them)
 * never get a number, so nobody could see that they are missing. Their topics are recorded, and
 * once Redis is back each one gets a gap: a number consumed without a frame and announced on the
 * frames channel. Instances watching the topic resync its subscribers (on this instance too,
 * which delivers its own frames only as they come back from Redis), and a replay across the
 * number finds a hole and answers a resync. Past `lostTopicsMax` recorded topics, every topic
 * gets a gap. A dropped access signal becomes a re-check of everyone in its project.
 */
import type { Redis } from 'ioredis';
import { newRedis } from '../../platform/redis.js';
import type { FastifyBaseLogger } from 'fastify';
import type { Envelope, Method } from './realtime.protocol.js';
import {
  decodeEnvelope,
  decodeFrame,
  encodeGapHeader,
  encodeHeader,
  GAP_SCRIPT,
  POSITION_SCRIPT,
  PUBLISH_SCRIPT,
} from './realtime.redis-scripts.js';
import { createTopicWatches, type RecordedTopic } from './realtime.redis-watches.js';
import {
  counterTtlSeconds,
  replayAfter,
  type AccessSignal,
  type Broker,
  type BrokerHandlers,
  type HistoryOptions,
} from './realtime.broker.js';

export interface RedisBrokerOptions extends HistoryOptions {
  url: string;
  prefix: string;
  queueMax: number;
  log: FastifyBaseLogger;
  /** Topics with dropped frames remembered one by one; beyond this, every topic gets a gap (default 100,000). */
  lostTopicsMax?: number;
}

const BATCH_SIZE = 256;
const MAX_ATTEMPTS = 5;
const RETRY_MS = 1000;

type Outgoing = { attempts: number } & (
  { kind: 'frame'; topic: string; method: Method; message: string } | { kind: 'signal'; signal: AccessSignal }
);

/** Sent on the control channel after every topic got a gap: each instance resyncs all it watches. */
interface FramesLost {
  framesLost: true;
}

export function createRedisBroker(options: RedisBrokerOptions, handlers: BrokerHandlers): Broker {
  const { prefix, log } = options;
  const counterTtl = counterTtlSeconds(options);
  const framesChannel = `${prefix}frames`;
  const controlChannel = `${prefix}control`;
  // Hash tags keep a topic's two keys in one slot (Redis Cluster).
  const seqKey = (topic: string) => `${prefix}{${topic}}:seq`;
  const historyKey = (topic: string) => `${prefix}{${topic}}:history`;

  const connection = { retryStrategy: (times: number) => Math.min(100 * times, 2000) };
  // Commands fail at once while Redis is down (the queue below keeps frames, reads degrade).
  const commands = newRedis(options.url, {
    ...connection,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
  });
  // Subscriptions are renewed by hand on every reconnect, so we know when they are active again.
  const subscriber = newRedis(options.url, { ...connection, autoResubscribe: false, maxRetriesPerRequest: null });

  const queue: Outgoing[] = [];
  const watches = createTopicWatches({
    handlers,
    readTopic,
    async readCounters(topics) {
      const pipeline = commands.pipeline();
      for (const topic of topics) pipeline.get(seqKey(topic));
      const results = await pipeline.exec().catch(() => null);
      return results?.map(([error, value]) => ({ error: error ?? undefined, value: value as string | null }));
    },
  });
  let subscribed = false;
  /** Settles when the flush under way has sent what it could; undefined when none is. */
  let flushing: Promise<void> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let dropped = 0;
  const lostTopicsMax = options.lostTopicsMax ?? 100_000;
  /** Topics with dropped frames, each with the id of its latest drop, until a gap is announced for them. */
  const lostTopics = new Map<string, number>();
  /** More topics lost than remembered: every topic gets a gap. */
  let lostEverything = false;
  /** Projects whose access signal was dropped: everyone in them is checked again. */
  const lostProjects = new Map<string, number>();
  let dropId = 0;

  for (const [name, client] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    let healthy = true;
    client.on('error', (error: Error) => {
      if (healthy) log.warn({ err: error, connection: name }, 'realtime: Redis unreachable; retrying');
      healthy = false;
    });
    client.on('ready', () => {
      if (!healthy) log.info({ connection: name }, 'realtime: Redis connection restored');
      healthy = true;
    });
  }
  subscriber.on('close', () => {
    subscribed = false;
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(framesChannel, controlChannel).then(
      () => {
        subscribed = true;
        void connected();
      },
      (error: unknown) => log.warn({ err: error }, 'realtime: Redis subscribe failed; retrying on reconnect'),
    );
  });
  commands.on('ready', () => void connected());
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel === controlChannel) {
      try {
        const message = JSON.parse(raw) as AccessSignal | FramesLost;
        if ('framesLost' in message) for (const topic of watches.topics()) handlers.resync(topic);
        else handlers.signal(message);
      } catch (error) {
        log.error({ err: error }, 'realtime: bad control message');
      }
      return;
    }
    const received = decodeFrame(raw);
    if (received) watches.receive(received);
  });

  async function connected(): Promise<void> {
    if (commands.status !== 'ready' || !subscribed) return;
    watches.resyncBlind();
    // Redis went away again: the next reconnect catches up; if it is still there, try again.
    if (!(await watches.catchUp()) && !closed) setTimeout(() => void connected(), RETRY_MS).unref();
    void flush();
  }

  function enqueue(item: Outgoing): void {
    if (closed) return;
    queue.push(item);
    if (queue.length > options.queueMax) {
      drop(queue.shift()!);
      if (dropped++ % 1000 === 0) log.error({ dropped }, 'realtime: Redis queue full; oldest frames dropped');
    }
    void flush();
  }

  /** Records what a dropped item leaves unknown to the other instances, to be announced when Redis is back. */
  function drop(item: Outgoing): void {
    const id = ++dropId;
    if (item.kind === 'signal') {
      lostProjects.set(item.signal.projectId, id);
    } else if (!lostEverything) {
      lostTopics.delete(item.topic);
      lostTopics.set(item.topic, id);
      if (lostTopics.size > lostTopicsMax) {
        lostTopics.clear();
        lostEverything = true;
      }
    }
  }

  const hasLost = () => lostEverything || lostTopics.size > 0 || lostProjects.size > 0;

  /**
   * Announces what was dropped: a gap on each topic (every topic if too many were lost), a
   * re-check of each project. False when Redis failed (what is not announced stays recorded).
   */
  async function announceLost(): Promise<boolean> {
    try {
      if (lostEverything) {
        lostEverything = false;
        try {
          await gapEverywhere();
        } catch (error) {
          lostEverything = true;
          throw error;
        }
      }
      const topics = [...lostTopics].slice(0, BATCH_SIZE);
      const projects = [...lostProjects].slice(0, BATCH_SIZE);
      const pipeline = commands.pipeline();
      for (const [topic] of topics) gap(pipeline, seqKey(topic), topic);
      for (const [projectId] of projects) pipeline.publish(controlChannel, JSON.stringify({ projectId }));
      const results = await pipeline.exec();
      if (!results) return false;
      // A drop recorded while the gap was on its way may not be covered by it: it stays recorded.
      // One reply per queued command; a reply that is not there is not a success.
      const succeeded = (index: number) => {
        const reply = results[index];
        return reply !== undefined && !reply[0];
      };
      topics.forEach(([topic, id], index) => {
        if (succeeded(index) && lostTopics.get(topic) === id) lostTopics.delete(topic);
      });
      projects.forEach(([projectId, id], index) => {
        if (succeeded(topics.length + index) && lostProjects.get(projectId) === id) lostProjects.delete(projectId);
      });
      return results.every(([error]) => !error);
    } catch {
      return false;
    }
  }

  function gap(pipeline: ReturnType<Redis['pipeline']>, key: string, topic: string): void {
    pipeline.eval(GAP_SCRIPT, 1, key, framesChannel, encodeGapHeader(topic), counterTtl);
  }

  /** A gap on every topic Redis has a counter for; then every instance resyncs all it watches. */
  async function gapEverywhere(): Promise<void> {
    lostTopics.clear();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}{*}:seq`;
    let cursor = '0';
    do {
      const [next, keys] = await commands.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = commands.pipeline();
      for (const key of keys) gap(pipeline, key, key.slice(prefix.length + 1, -'}:seq'.length));
      const results = await pipeline.exec();
      if (!results || results.some(([error]) => error)) throw new Error('realtime: gaps could not be recorded');
    } while (cursor !== '0');
    const lost: FramesLost = { framesLost: true };
    await commands.publish(controlChannel, JSON.stringify(lost));
  }

  /**
   * Sends queued frames in order, a pipelined batch at a time, while Redis is reachable. A call
   * during a flush waits for it (it also sends what was queued meanwhile).
   */
  async function flush(): Promise<void> {
    if (flushing) return flushing;
    let settle = () => {};
    flushing = new Promise((resolve) => (settle = resolve));
    try {
      while ((queue.length > 0 || hasLost()) && commands.status === 'ready' && subscribed) {
        // What was dropped is announced before the frames queued after it go out.
        if (hasLost()) {
          if (await announceLost()) continue;
          scheduleRetry();
          break;
        }
        const batch = queue.splice(0, BATCH_SIZE);
        const pipeline = commands.pipeline();
        for (const item of batch) {
          if (item.kind === 'signal') pipeline.publish(controlChannel, JSON.stringify(item.signal));
          else {
            const header = encodeHeader(item.topic, item.method);
            pipeline.eval(
              PUBLISH_SCRIPT,
              2,
              seqKey(item.topic),
              historyKey(item.topic),
              framesChannel,
              header,
              item.message,
              options.historySize,
              options.historyTtlSeconds,
              counterTtl,
            );
          }
        }
        const results = await pipeline.exec().catch(() => null);
        const failed = batch.filter((_, index) => !results?.[index] || results[index][0]);
        if (failed.length === 0) continue;
        const retry = failed.filter((item) => ++item.attempts < MAX_ATTEMPTS);
        if (retry.length < failed.length) {
          log.error({ count: failed.length - retry.length }, 'realtime: frames dropped after repeated Redis errors');
          failed.filter((item) => item.attempts >= MAX_ATTEMPTS).forEach(drop);
        }
        queue.unshift(...retry);
        scheduleRetry();
        break;
      }
    } finally {
      flushing = undefined;
      settle();
    }
  }

  function scheduleRetry(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void flush();
    }, RETRY_MS);
    retryTimer.unref();
  }

  /** The topic's counter and history, read together. */
  async function readTopic(topic: string): Promise<RecordedTopic> {
    const results = await commands.multi().get(seqKey(topic)).lrange(historyKey(topic), 0, -1).exec();
    const [counter, history] = results ?? [];
    if (!counter || !history || counter[0] || history[0]) throw new Error('realtime: Redis refused the read');
    const current = counter[1] === null ? undefined : Number(counter[1]);
    return { current, history: decodeHistory(history[1] as string[]) };
  }

  return {
    publish(topic, method, message) {
      enqueue({ kind: 'frame', topic, method, message, attempts: 0 });
    },
    signal(signal) {
      enqueue({ kind: 'signal', signal, attempts: 0 });
    },
    async position(topic) {
      try {
        const seq = Number(await commands.eval(POSITION_SCRIPT, 1, seqKey(topic), counterTtl));
        watches.start(topic, seq);
        return seq;
      } catch {
        watches.blind(topic);
        return undefined;
      }
    },
    async resume(topic, since) {
      try {
        const { current, history } = await readTopic(topic);
        if (current !== undefined) watches.start(topic, current);
        return replayAfter(current, history, since);
      } catch {
        return { resync: 'unavailable' };
      }
    },
    watch(topic) {
      watches.add(topic);
    },
    unwatch(topic) {
      watches.remove(topic);
    },
    async close() {
      if (retryTimer) clearTimeout(retryTimer);
      // Frames of the last requests still go out when Redis is there; never wait long for it.
      await Promise.race([flush(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      closed = true;
      if (queue.length > 0 || hasLost())
        log.error(
          { queued: queue.length, lostTopics: lostEverything ? 'all' : lostTopics.size },
          'realtime: closing with frames, or gaps for dropped frames, that Redis never received',
        );
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

function decodeHistory(raw: string[]): Envelope[] {
  return raw.map(decodeEnvelope).filter((envelope): envelope is Envelope => envelope !== undefined);
}
