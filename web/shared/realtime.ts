/**
 * One WebSocket to Parley (`/?token=JWT ...`), for the console and the widget: subscribes to topics and, when the
 * connection drops, reconnects and subscribes again with `since` (the last `seq` seen per topic),
 * so the server replays exactly what was missed, or sends a resync and the current state.
 *
 * A handler receives `{method, message, seq}`: `CREATE` with the state (the first frame of a
 * subscription, or after a resync), then each change. Frames already seen are skipped. Several
 * screens may listen to one topic: it is subscribed once, and a listener that joins later gets the
 * state and every frame since, so it sees what the first one saw.
 *
 * Nothing is left silent: a subscribe the server refuses for a passing reason (busy, an internal
 * error) is tried again, and a connection that stops answering is noticed by a ping of our own and
 * replaced (a socket can look open long after the network under it went away).
 */
import { signal } from '@preact/signals';

export interface Frame<T = unknown> {
  method: 'CREATE' | 'UPDATE' | 'DELETE' | 'TYPING' | string;
  message: T;
  seq?: number;
}

export type Listener = (frame: Frame<any>) => void;

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

interface Subscription {
  listeners: Set<Listener>;
  seq: number | undefined;
  /** The latest state frame and the frames after it, replayed to a listener that joins later. */
  state: Frame | undefined;
  since: Frame[];
  /** The next CREATE is the state (a subscribe without `since` was sent, or the server said resync). */
  awaitingState: boolean;
  retry?: ReturnType<typeof setTimeout>;
  retryMs: number;
}

/** Frames kept after a state for late listeners; past it, a late listener asks for a fresh state. */
const MAX_KEPT = 500;
/** Quiet this long, the connection is pinged; no answer within PONG_WAIT_MS, it is replaced. */
const QUIET_MS = 25_000;
const PONG_WAIT_MS = 10_000;
/** Refusals that pass: the subscribe is sent again later. */
const PASSING = new Set(['busy', 'internal']);

export class Realtime {
  readonly status = signal<ConnectionStatus>('connecting');
  readonly #url: string;
  #socket: WebSocket | undefined;
  readonly #topics = new Map<string, Subscription>();
  #retryMs = 500;
  #closed = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #lastHeard = Date.now();
  #pinged: number | undefined;
  readonly #watchdog: ReturnType<typeof setInterval>;

  /** `token` is the "JWT ..." string the API answered at sign-in. */
  constructor(token: string) {
    const url = new URL('/', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    this.#url = url.toString();
    this.#connect();
    this.#watchdog = setInterval(() => this.#checkAlive(), 5_000);
  }

  /** Listens to `topic` until the returned function is called. */
  listen(topic: string, listener: Listener): () => void {
    let subscription = this.#topics.get(topic);
    if (!subscription) {
      subscription = {
        listeners: new Set(),
        seq: undefined,
        state: undefined,
        since: [],
        awaitingState: true,
        retryMs: 1000,
      };
      this.#topics.set(topic, subscription);
      this.#subscribe(topic);
    } else if (subscription.state) {
      listener(subscription.state);
      subscription.since.forEach(listener);
    } else if (!subscription.awaitingState) {
      // Too much happened since the state to replay it: every listener gets a fresh one.
      this.#subscribe(topic, true);
    }
    subscription.listeners.add(listener);
    return () => {
      const current = this.#topics.get(topic);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        clearTimeout(current.retry);
        this.#topics.delete(topic);
        this.#send({ action: 'unsubscribe', payload: { topic } });
      }
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#watchdog);
    for (const subscription of this.#topics.values()) clearTimeout(subscription.retry);
    this.#socket?.close();
  }

  #subscribe(topic: string, fresh = false): void {
    const subscription = this.#topics.get(topic);
    const seq = fresh ? undefined : subscription?.seq;
    if (subscription && seq === undefined) subscription.awaitingState = true;
    this.#send({ action: 'subscribe', payload: { topic, ...(seq !== undefined && { since: seq }) } });
  }

  #connect(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#pinged = undefined;
    this.status.value = 'connecting';
    socket.addEventListener('open', () => {
      this.#retryMs = 500;
      this.#lastHeard = Date.now();
      this.status.value = 'online';
      for (const topic of this.#topics.keys()) this.#subscribe(topic);
    });
    socket.addEventListener('message', (event) => {
      this.#lastHeard = Date.now();
      this.#pinged = undefined;
      this.#receive(JSON.parse(String(event.data)));
    });
    socket.addEventListener('close', () => {
      if (this.#closed || this.#socket !== socket) return;
      this.status.value = 'offline';
      this.#retry = setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
    });
  }

  /** Pings a quiet connection; one that does not answer is dropped and a new one resumes its topics. */
  #checkAlive(): void {
    const socket = this.#socket;
    if (this.#closed || socket?.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (this.#pinged !== undefined) {
      if (now - this.#pinged < PONG_WAIT_MS) return;
      this.#socket = undefined;
      socket.close();
      this.status.value = 'offline';
      this.#connect();
      return;
    }
    if (now - this.#lastHeard < QUIET_MS) return;
    this.#pinged = now;
    this.#send({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
  }

  #receive(frame: { action?: string; payload?: any }): void {
    if (frame.action === 'error') return this.#refused(frame.payload ?? {});
    if (frame.action === 'resync') {
      const subscription = this.#topics.get(frame.payload?.topic);
      if (subscription) subscription.awaitingState = true;
      return;
    }
    if (frame.action !== 'publish' || !frame.payload) return;
    const { topic, method, message, seq } = frame.payload as Frame & { topic: string };
    const subscription = this.#topics.get(topic);
    if (!subscription) return;
    subscription.retryMs = 1000;
    // A state (a list topic's snapshot, or the CREATE answering a subscribe without `since`)
    // always applies. Anything else at or below the last seq seen is a repeat.
    const isState = method === 'CREATE' && (Array.isArray(message) || subscription.awaitingState);
    if (!isState && seq !== undefined && subscription.seq !== undefined && seq <= subscription.seq) return;
    if (seq !== undefined) subscription.seq = seq;
    const received: Frame = { method, message, seq };
    if (isState) {
      subscription.state = received;
      subscription.since = [];
      subscription.awaitingState = false;
    } else if (subscription.state) {
      subscription.since.push(received);
      if (subscription.since.length > MAX_KEPT) {
        subscription.state = undefined;
        subscription.since = [];
      }
    }
    for (const listener of subscription.listeners) listener(received);
  }

  /** A refused subscribe: tried again later when the reason passes, else reported. */
  #refused(error: { code?: string; message?: string; topic?: string }): void {
    const subscription = error.topic === undefined ? undefined : this.#topics.get(error.topic);
    if (!subscription || !PASSING.has(error.code ?? '')) {
      console.warn('realtime:', error);
      return;
    }
    const topic = error.topic!;
    const wait = Number(/(\d+) seconds/.exec(error.message ?? '')?.[1]) * 1000 || subscription.retryMs;
    subscription.retryMs = Math.min(subscription.retryMs * 2, 30_000);
    clearTimeout(subscription.retry);
    subscription.retry = setTimeout(() => {
      if (this.#topics.get(topic) === subscription) this.#subscribe(topic);
    }, wait);
  }

  #send(frame: unknown): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }
}
