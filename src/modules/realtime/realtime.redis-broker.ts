/**
 * The broker shared by several instances through Redis.
 *
 * One Lua script per frame does INCR of the topic's counter, appends to its history (trimmed,
 * with a TTL) and PUBLISHes on the deployment's channel, so sequence order is delivery order and
 * every instance sees the same numbers. Frames published while Redis is unreachable wait in a
 * bounded queue and go out, in order, once it is back. Pub/sub itself is fire-and-forget, so each
 * instance checks the frames of the topics it has subscribers for: a gap (missed while its
 * subscriber connection was down) is filled from the history, or answered with a resync.
 * A subscription started while Redis was unreachable has no position to check from: its topic
 * is resynced as soon as Redis is back.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Envelope, Method } from './realtime.protocol.js';
import { decodeEnvelope, encodeHeader, POSITION_SCRIPT, PUBLISH_SCRIPT } from './realtime.redis-scripts.js';
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
}

const BATCH_SIZE = 256;
const MAX_ATTEMPTS = 5;
const RETRY_MS = 1000;

type Outgoing = { attempts: number } & (
  { kind: 'frame'; topic: string; method: Method; message: string } | { kind: 'signal'; body: string }
);

interface Watch {
  count: number;
  /** The last sequence number delivered to the hub for this topic. */
  lastSeen?: number;
  repairing: boolean;
  backlog: Envelope[];
  /** A subscriber was brought to a state without a position (Redis unreachable): gaps cannot be seen. */
  blind: boolean;
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
  const commands = new Redis(options.url, {
    ...connection,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
  });
  // Subscriptions are renewed by hand on every reconnect, so we know when they are active again.
  const subscriber = new Redis(options.url, { ...connection, autoResubscribe: false, maxRetriesPerRequest: null });

  const queue: Outgoing[] = [];
  const watched = new Map<string, Watch>();
  let subscribed = false;
  /** Settles when the flush under way has sent what it could; undefined when none is. */
  let flushing: Promise<void> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let dropped = 0;

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
        handlers.signal(JSON.parse(raw) as AccessSignal);
      } catch (error) {
        log.error({ err: error }, 'realtime: bad control message');
      }
      return;
    }
    const envelope = decodeEnvelope(raw);
    const watch = envelope && watched.get(envelope.topic);
    if (envelope && watch) receive(envelope.topic, watch, envelope);
  });

  async function connected(): Promise<void> {
    if (commands.status !== 'ready' || !subscribed) return;
    for (const [topic, watch] of watched) {
      if (!watch.blind) continue;
      watch.blind = false;
      handlers.resync(topic);
    }
    await catchUp();
    void flush();
  }

  function enqueue(item: Outgoing): void {
    if (closed) return;
    queue.push(item);
    if (queue.length > options.queueMax) {
      queue.shift();
      if (dropped++ % 1000 === 0) log.error({ dropped }, 'realtime: Redis queue full; oldest frames dropped');
    }
    void flush();
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
      while (queue.length > 0 && commands.status === 'ready' && subscribed) {
        const batch = queue.splice(0, BATCH_SIZE);
        const pipeline = commands.pipeline();
        for (const item of batch) {
          if (item.kind === 'signal') pipeline.publish(controlChannel, item.body);
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
        const failed = batch.filter((_, index) => !results || results[index][0]);
        if (failed.length === 0) continue;
        const retry = failed.filter((item) => ++item.attempts < MAX_ATTEMPTS);
        if (retry.length < failed.length)
          log.error({ count: failed.length - retry.length }, 'realtime: frames dropped after repeated Redis errors');
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

  /** Hands a frame to the hub unless it is a repeat; false (nothing handed) when frames are missing before it. */
  function deliverInOrder(watch: Watch, envelope: Envelope): boolean {
    if (watch.lastSeen !== undefined && envelope.seq <= watch.lastSeen) return true;
    if (watch.lastSeen !== undefined && envelope.seq !== watch.lastSeen + 1) return false;
    watch.lastSeen = envelope.seq;
    handlers.frame(envelope);
    return true;
  }

  function receive(topic: string, watch: Watch, envelope: Envelope): void {
    if (watch.repairing) {
      watch.backlog.push(envelope);
    } else if (!deliverInOrder(watch, envelope)) {
      watch.backlog.push(envelope);
      void repair(topic, watch);
    }
  }

  /** Fills a gap from the topic's history; what cannot be filled becomes a resync. */
  async function repair(topic: string, watch: Watch): Promise<void> {
    watch.repairing = true;
    const history = await readHistory(topic).catch(() => []);
    watch.repairing = false;
    if (watched.get(topic) !== watch) return;
    const known = new Map<number, Envelope>();
    for (const envelope of [...history, ...watch.backlog.splice(0)]) known.set(envelope.seq, envelope);
    const pending = [...known.values()].sort((a, b) => a.seq - b.seq);
    for (const envelope of pending) {
      if (deliverInOrder(watch, envelope)) continue;
      watch.lastSeen = pending[pending.length - 1].seq;
      handlers.resync(topic);
      return;
    }
  }

  /** After a reconnect: topics whose counter moved while this instance was not listening. */
  async function catchUp(): Promise<void> {
    const topics = [...watched].filter(([, watch]) => watch.lastSeen !== undefined && !watch.repairing);
    if (topics.length === 0) return;
    const pipeline = commands.pipeline();
    for (const [topic] of topics) pipeline.get(seqKey(topic));
    const results = await pipeline.exec().catch(() => null);
    if (!results) {
      // Redis went away again: the next reconnect catches up; if it is still there, try again.
      if (!closed) setTimeout(() => void connected(), RETRY_MS).unref();
      return;
    }
    topics.forEach(([topic, watch], index) => {
      const [error, value] = results[index];
      if (error || typeof value !== 'string' || watch.repairing || watched.get(topic) !== watch) return;
      if (Number(value) > (watch.lastSeen ?? Infinity)) void repair(topic, watch);
    });
  }

  async function readHistory(topic: string): Promise<Envelope[]> {
    return decodeHistory(await commands.lrange(historyKey(topic), 0, -1));
  }

  /** A watch that has not seen a frame yet starts where its first subscriber was brought to. */
  function startWatch(topic: string, seq: number): void {
    const watch = watched.get(topic);
    if (watch && watch.lastSeen === undefined) watch.lastSeen = seq;
  }

  return {
    publish(topic, method, message) {
      enqueue({ kind: 'frame', topic, method, message, attempts: 0 });
    },
    signal(signal) {
      enqueue({ kind: 'signal', body: JSON.stringify(signal), attempts: 0 });
    },
    async position(topic) {
      try {
        const seq = Number(await commands.eval(POSITION_SCRIPT, 1, seqKey(topic), counterTtl));
        startWatch(topic, seq);
        return seq;
      } catch {
        const watch = watched.get(topic);
        if (watch) watch.blind = true;
        return undefined;
      }
    },
    async resume(topic, since) {
      try {
        const results = await commands.multi().get(seqKey(topic)).lrange(historyKey(topic), 0, -1).exec();
        if (!results || results.some(([error]) => error)) return { resync: 'unavailable' };
        const current = results[0][1] === null ? undefined : Number(results[0][1]);
        if (current !== undefined) startWatch(topic, current);
        return replayAfter(current, decodeHistory(results[1][1] as string[]), since);
      } catch {
        return { resync: 'unavailable' };
      }
    },
    watch(topic) {
      const watch = watched.get(topic);
      if (watch) watch.count++;
      else watched.set(topic, { count: 1, repairing: false, backlog: [], blind: false });
    },
    unwatch(topic) {
      const watch = watched.get(topic);
      if (watch && --watch.count <= 0) watched.delete(topic);
    },
    async close() {
      if (retryTimer) clearTimeout(retryTimer);
      // Frames of the last requests still go out when Redis is there; never wait long for it.
      await Promise.race([flush(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      closed = true;
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

function decodeHistory(raw: string[]): Envelope[] {
  return raw.map(decodeEnvelope).filter((envelope): envelope is Envelope => envelope !== undefined);
}
