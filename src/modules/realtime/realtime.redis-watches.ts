/**
 * The receiving side of the Redis broker: the topics this instance has subscribers for, and the
 * checks that no frame of theirs went missing on the way here.
 *
 * Pub/sub is fire-and-forget, so each watched topic remembers the last sequence number it handed
 * to the hub. A frame that skips numbers, or a gap (a number consumed for dropped frames), is a
 * hole: it is filled from the topic's history in Redis, and what cannot be filled becomes a
 * resync of the topic's subscribers.
 */
import type { Envelope } from './realtime.protocol.js';
import type { Gap } from './realtime.redis-scripts.js';
import type { BrokerHandlers } from './realtime.broker.js';

/** What comes in on the frames channel: a frame, or a number consumed for dropped frames. */
export type Received = Envelope | Gap;

/** A topic's counter and history, as Redis holds them. */
export interface RecordedTopic {
  current: number | undefined;
  history: Envelope[];
}

interface Watch {
  count: number;
  /** The last sequence number delivered to the hub for this topic. */
  lastSeen?: number;
  repairing: boolean;
  backlog: Received[];
  /** A subscriber was brought to a state without a position (Redis unreachable): gaps cannot be seen. */
  blind: boolean;
}

export interface TopicWatchesOptions {
  handlers: BrokerHandlers;
  /** The topic's counter and history, read together; throws when Redis refuses. */
  readTopic(topic: string): Promise<RecordedTopic>;
  /** The counters of these topics, in order (null for one that is gone); undefined when Redis is unreachable. */
  readCounters(topics: string[]): Promise<Array<{ error?: unknown; value?: string | null }> | undefined>;
}

export function createTopicWatches({ handlers, readTopic, readCounters }: TopicWatchesOptions) {
  const watched = new Map<string, Watch>();

  /**
   * Hands a frame to the hub unless it is a repeat; false (nothing handed) when frames are missing
   * before it, or it is a gap (frames are missing at it).
   */
  function deliverInOrder(watch: Watch, item: Received): boolean {
    if (watch.lastSeen !== undefined && item.seq <= watch.lastSeen) return true;
    if ('lost' in item) return false;
    if (watch.lastSeen !== undefined && item.seq !== watch.lastSeen + 1) return false;
    watch.lastSeen = item.seq;
    handlers.frame(item);
    return true;
  }

  /**
   * Fills a gap from the topic's history; what cannot be filled becomes a resync. Every number
   * up to the topic's counter must be a recorded frame: one without (a gap, a lost history) is a loss.
   */
  async function repair(topic: string, watch: Watch): Promise<void> {
    watch.repairing = true;
    const recorded = await readTopic(topic).catch((): RecordedTopic => ({ current: undefined, history: [] }));
    watch.repairing = false;
    if (watched.get(topic) !== watch) return;
    const known = new Map<number, Received>();
    for (const item of [...recorded.history, ...watch.backlog.splice(0)]) known.set(item.seq, item);
    const pending = [...known.values()].sort((a, b) => a.seq - b.seq);
    const end = Math.max(recorded.current ?? -Infinity, pending.at(-1)?.seq ?? -Infinity);
    for (const item of pending) {
      if (deliverInOrder(watch, item)) continue;
      watch.lastSeen = end;
      handlers.resync(topic);
      return;
    }
    if (recorded.current !== undefined && (watch.lastSeen ?? -Infinity) < recorded.current) {
      watch.lastSeen = recorded.current;
      handlers.resync(topic);
    }
  }

  return {
    topics: () => watched.keys(),

    /** A frame or a gap from the frames channel; ignored for a topic nobody here watches. */
    receive(item: Received): void {
      const topic = item.topic;
      const watch = watched.get(topic);
      if (!watch) return;
      if (watch.repairing) {
        watch.backlog.push(item);
      } else if ('lost' in item) {
        if (watch.lastSeen !== undefined && item.seq <= watch.lastSeen) return;
        watch.lastSeen = item.seq;
        handlers.resync(topic);
      } else if (!deliverInOrder(watch, item)) {
        watch.backlog.push(item);
        void repair(topic, watch);
      }
    },

    /** Topics whose subscribers were brought to a state while Redis was unreachable are resynced. */
    resyncBlind(): void {
      for (const [topic, watch] of watched) {
        if (!watch.blind) continue;
        watch.blind = false;
        handlers.resync(topic);
      }
    },

    /** Gaps cannot be seen for this topic until Redis is back. */
    blind(topic: string): void {
      const watch = watched.get(topic);
      if (watch) watch.blind = true;
    },

    /**
     * After a reconnect: topics whose counter moved while this instance was not listening. A counter
     * that is gone (Redis lost its data, or a day of silence) cannot tell what was missed: resync.
     * False when Redis could not be read (the caller tries again).
     */
    async catchUp(): Promise<boolean> {
      const topics = [...watched].filter(([, watch]) => watch.lastSeen !== undefined && !watch.repairing);
      if (topics.length === 0) return true;
      const counters = await readCounters(topics.map(([topic]) => topic));
      if (!counters) return false;
      topics.forEach(([topic, watch], index) => {
        const counter = counters[index] ?? { error: new Error('realtime: no reply from Redis') };
        if (counter.error || watch.repairing || watched.get(topic) !== watch) return;
        if (counter.value === null || counter.value === undefined) {
          // Its next position (the resync's) starts the watch again.
          watch.lastSeen = undefined;
          handlers.resync(topic);
        } else if (Number(counter.value) > (watch.lastSeen ?? Infinity)) void repair(topic, watch);
      });
      return true;
    },

    /** A watch that has not seen a frame yet starts where its first subscriber was brought to. */
    start(topic: string, seq: number): void {
      const watch = watched.get(topic);
      if (watch && watch.lastSeen === undefined) watch.lastSeen = seq;
    },

    add(topic: string): void {
      const watch = watched.get(topic);
      if (watch) watch.count++;
      else watched.set(topic, { count: 1, repairing: false, backlog: [], blind: false });
    },

    remove(topic: string): void {
      const watch = watched.get(topic);
      if (watch && --watch.count <= 0) watched.delete(topic);
    },
  };
}
