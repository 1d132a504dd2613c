/**
 * One WebSocket to Parley (`/?token=JWT ...`), for the console and the widget: subscribes to topics and, when the
 * connection drops, reconnects and subscribes again with `since` (the last `seq` seen per topic),
 * so the server replays exactly what was missed, or sends a resync and the current state.
 *
 * A handler receives `{method, message, seq}`: `CREATE` with the state (the first frame of a
 * subscription, or after a resync), then each change. Frames already seen are skipped. Several
 * screens may listen to one topic: it is subscribed once and each listener gets every frame.
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
  /** The latest state frame, replayed to a listener that joins later. */
  state: Frame | undefined;
}

export class Realtime {
  readonly status = signal<ConnectionStatus>('connecting');
  readonly #url: string;
  #socket: WebSocket | undefined;
  readonly #topics = new Map<string, Subscription>();
  #retryMs = 500;
  #closed = false;
  #retry: ReturnType<typeof setTimeout> | undefined;

  /** `token` is the "JWT ..." string the API answered at sign-in. */
  constructor(token: string) {
    const url = new URL('/', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    this.#url = url.toString();
    this.#connect();
  }

  /** Listens to `topic` until the returned function is called. */
  listen(topic: string, listener: Listener): () => void {
    let subscription = this.#topics.get(topic);
    if (!subscription) {
      subscription = { listeners: new Set(), seq: undefined, state: undefined };
      this.#topics.set(topic, subscription);
      this.#send({ action: 'subscribe', payload: { topic } });
    } else if (subscription.state) {
      listener(subscription.state);
    }
    subscription.listeners.add(listener);
    return () => {
      const current = this.#topics.get(topic);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        this.#topics.delete(topic);
        this.#send({ action: 'unsubscribe', payload: { topic } });
      }
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#socket?.close();
  }

  #connect(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.status.value = 'connecting';
    socket.addEventListener('open', () => {
      this.#retryMs = 500;
      this.status.value = 'online';
      for (const [topic, { seq }] of this.#topics) {
        this.#send({ action: 'subscribe', payload: { topic, ...(seq !== undefined && { since: seq }) } });
      }
    });
    socket.addEventListener('message', (event) => this.#receive(JSON.parse(String(event.data))));
    socket.addEventListener('close', () => {
      if (this.#closed) return;
      this.status.value = 'offline';
      this.#retry = setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
    });
  }

  #receive(frame: { action?: string; payload?: any }): void {
    if (frame.action === 'error') console.warn('realtime:', frame.payload);
    if (frame.action !== 'publish' || !frame.payload) return;
    const { topic, method, message, seq } = frame.payload as Frame & { topic: string };
    const subscription = this.#topics.get(topic);
    if (!subscription) return;
    // A list is a list topic's state (its snapshot): it always applies. Anything else at or below
    // the last seq seen is a repeat (an entity's snapshot carries the topic's latest seq).
    const isState = method === 'CREATE' && Array.isArray(message);
    if (!isState && seq !== undefined && subscription.seq !== undefined && seq <= subscription.seq) return;
    if (seq !== undefined) subscription.seq = seq;
    const received: Frame = { method, message, seq };
    if (isState) subscription.state = received;
    for (const listener of subscription.listeners) listener(received);
  }

  #send(frame: unknown): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }
}
