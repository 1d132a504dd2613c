/**
 * A small client of Parley's WebSocket (`/?token=JWT ...`): subscribes to topics and, when the
 * connection drops, reconnects and subscribes again with `since` (the last `seq` seen per topic),
 * so the server replays exactly what was missed, or sends a resync and the current state.
 *
 * A handler receives `{method, message, seq}`: `CREATE` with the state (first frame of a
 * subscription, or after a resync), then each change. Frames already seen are skipped.
 */
export class Realtime {
  #url;
  #socket;
  #topics = new Map(); // topic -> { handler, seq }
  #retryMs = 500;
  #onStatus;

  /** `token` is the "JWT ..." string the API answered at sign-in. */
  constructor(token, { onStatus = () => {} } = {}) {
    const url = new URL('/', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    this.#url = url.toString();
    this.#onStatus = onStatus;
    this.#connect();
  }

  subscribe(topic, handler) {
    this.#topics.set(topic, { handler, seq: undefined });
    this.#send({ action: 'subscribe', payload: { topic } });
  }

  unsubscribe(topic) {
    if (this.#topics.delete(topic)) this.#send({ action: 'unsubscribe', payload: { topic } });
  }

  #connect() {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#retryMs = 500;
      this.#onStatus('online');
      for (const [topic, { seq }] of this.#topics) {
        this.#send({ action: 'subscribe', payload: { topic, ...(seq !== undefined && { since: seq }) } });
      }
    });
    socket.addEventListener('message', (event) => this.#receive(JSON.parse(event.data)));
    socket.addEventListener('close', () => {
      this.#onStatus('offline');
      setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
    });
  }

  #receive(frame) {
    if (frame.action === 'error') console.warn('realtime:', frame.payload);
    if (frame.action !== 'publish') return;
    const { topic, method, message, seq } = frame.payload;
    const subscription = this.#topics.get(topic);
    if (!subscription) return;
    // A list is a list topic's state (its snapshot): it always applies. Anything else at or below
    // the last seq seen is a repeat (an entity's snapshot carries the topic's latest seq).
    const isState = method === 'CREATE' && Array.isArray(message);
    if (!isState && seq !== undefined && subscription.seq !== undefined && seq <= subscription.seq) return;
    if (seq !== undefined) subscription.seq = seq;
    subscription.handler({ method, message, seq });
  }

  #send(frame) {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }
}
