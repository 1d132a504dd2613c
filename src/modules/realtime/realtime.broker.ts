/**
 * A broker assigns each published frame its topic's next sequence number, keeps a bounded
 * per-topic history for replay, and delivers the frame to the hub of every instance. This file
 * holds the contract and the in-process broker (one instance, no Redis); the Redis broker that
 * shares all of this between instances is in realtime.redis-broker.ts.
 *
 * Sequence numbers never go backwards for a topic: a counter that does not exist (first use,
 * expired, lost in a restart) starts at the current time in microseconds, so it is always ahead
 * of any number handed out before, and an old `since` leads to a resync, never a wrong replay.
 */
import type { Envelope, Method, ResyncReason } from './realtime.protocol.js';

/** Tells every instance that a member's access to a project changed (role, removal, deletion). */
export interface AccessSignal {
  projectId: string;
  /** User id or end-user uuid; absent = everyone in the project. */
  member?: string;
  /** The membership as it is now, when known: subscriptions made under the same access are kept as they are. */
  access?: MembershipAccess;
}

/** The parts of a membership that decide what its member may subscribe to. */
export interface MembershipAccess {
  role: string;
  status: string;
  trashed: boolean;
}

export interface BrokerHandlers {
  /** A frame, in sequence order per topic. */
  frame(envelope: Envelope): void;
  /** Frames of this topic were lost on the way to this instance: its subscribers must resync. */
  resync(topic: string): void;
  signal(signal: AccessSignal): void;
}

export type ResumeResult = { frames: Envelope[] } | { resync: ResyncReason };

export interface Broker {
  /** Sequences, records and delivers a frame. Never throws and never waits: it is called from event listeners. */
  publish(topic: string, method: Method, message: string): void;
  signal(signal: AccessSignal): void;
  /** The topic's current sequence number (starting its counter if needed); undefined when unreachable. */
  position(topic: string): Promise<number | undefined>;
  /** The frames after `since`, or why they cannot be replayed. */
  resume(topic: string, since: number): Promise<ResumeResult>;
  /** Topics with local subscribers (a broker that can lose frames checks those for gaps). */
  watch(topic: string): void;
  unwatch(topic: string): void;
  close(): Promise<void>;
}

export interface HistoryOptions {
  historySize: number;
  historyTtlSeconds: number;
}

/**
 * A counter lives much longer than the history it numbers: a quiet topic keeps counting on from
 * where it was (a live subscriber sees no gap, an up-to-date client resumes without a resync).
 */
export function counterTtlSeconds(options: HistoryOptions): number {
  return Math.max(options.historyTtlSeconds, 24 * 3600);
}

/**
 * The replay decision, shared by both brokers: `history` is the topic's recorded frames, oldest
 * first, read together with `current`. A replay is every number from `since + 1` to `current`,
 * each with its frame: a number without one (consumed for frames that were dropped, see
 * realtime.redis-broker.ts) is a hole, and the client must resync.
 */
export function replayAfter(current: number | undefined, history: Envelope[], since: number): ResumeResult {
  if (current === undefined) return { resync: 'history_gone' };
  if (since > current) return { resync: 'unknown_seq' };
  if (since === current) return { frames: [] };
  // The history is trimmed from the front: it must reach back to the first frame missed.
  const [first] = history;
  if (!first || first.seq > since + 1) return { resync: 'too_far_behind' };
  const missed = history.filter((envelope) => envelope.seq > since);
  let expected = since + 1;
  for (const envelope of missed) {
    if (envelope.seq !== expected) return { resync: 'frames_lost' };
    expected++;
  }
  return expected === current + 1 ? { frames: missed } : { resync: 'frames_lost' };
}

/** Wall-clock time in microseconds. */
function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

interface TopicState {
  seq: number;
  history: Envelope[];
  /** When the history is dropped, then the counter. */
  historyExpiresAt: number;
  expiresAt: number;
}

export function createMemoryBroker(options: HistoryOptions, handlers: BrokerHandlers): Broker {
  const topics = new Map<string, TopicState>();
  const historyTtlMs = options.historyTtlSeconds * 1000;
  const counterTtlMs = counterTtlSeconds(options) * 1000;
  let lastStart = 0;

  function expire(topic: string, state: TopicState, now: number): TopicState | undefined {
    if (state.expiresAt <= now) {
      topics.delete(topic);
      return undefined;
    }
    if (state.historyExpiresAt <= now) state.history = [];
    return state;
  }

  // Expired topics are swept so idle ones do not pile up in memory.
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const [topic, state] of topics) expire(topic, state, now);
    },
    Math.min(historyTtlMs, 60_000),
  );
  sweeper.unref();

  function live(topic: string): TopicState | undefined {
    const state = topics.get(topic);
    return state && expire(topic, state, Date.now());
  }

  function stateOf(topic: string): TopicState {
    let state = live(topic);
    if (!state) {
      lastStart = Math.max(nowMicros(), lastStart + 1);
      const now = Date.now();
      state = { seq: lastStart, history: [], historyExpiresAt: now + historyTtlMs, expiresAt: now + counterTtlMs };
      topics.set(topic, state);
    }
    return state;
  }

  return {
    publish(topic, method, message) {
      const state = stateOf(topic);
      const envelope: Envelope = { topic, seq: ++state.seq, method, message };
      state.history.push(envelope);
      if (state.history.length > options.historySize) state.history.shift();
      state.historyExpiresAt = Date.now() + historyTtlMs;
      state.expiresAt = Date.now() + counterTtlMs;
      handlers.frame(envelope);
    },
    signal(signal) {
      handlers.signal(signal);
    },
    async position(topic) {
      return stateOf(topic).seq;
    },
    async resume(topic, since) {
      const state = live(topic);
      return replayAfter(state?.seq, state?.history ?? [], since);
    },
    watch() {},
    unwatch() {},
    async close() {
      clearInterval(sweeper);
    },
  };
}
