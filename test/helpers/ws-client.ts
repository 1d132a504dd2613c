/**
 * A WebSocket test client for the realtime endpoint: collects every frame it receives and lets a
 * test wait for the next one matching a predicate. Waits give up after a generous bound so a
 * broken server fails the test instead of hanging it; tests never assert on durations.
 */
import { WebSocket, type ClientOptions } from 'ws';

export type Frame = { action: string; payload: any };

const WAIT_LIMIT_MS = 15_000;

export class TestSocket {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private wakeUp: (() => void) | undefined;
  closeCode: number | undefined;
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.wakeUp?.();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        this.wakeUp?.();
        resolve(code);
      }),
    );
  }

  /** Opens a socket; rejects with the HTTP status when the handshake is refused. */
  static open(url: string, options?: ClientOptions): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_request, response) => reject(new HandshakeRefused(response.statusCode ?? 0)));
      ws.once('error', reject);
    });
  }

  /** `ws://.../?token=JWT%20...` for an HTTP base URL and a "JWT ..." token. */
  static url(baseUrl: string, token?: string, path = '/'): string {
    const url = new URL(path, baseUrl.replace(/^http/, 'ws'));
    if (token !== undefined) url.searchParams.set('token', token);
    return url.toString();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  subscribe(topic: string, since?: number): void {
    this.send({ action: 'subscribe', payload: { topic, ...(since !== undefined && { since }) } });
  }

  unsubscribe(topic: string): void {
    this.send({ action: 'unsubscribe', payload: { topic } });
  }

  /** The next frame (after those already taken) matching `predicate`; earlier non-matching frames stay available. */
  async next(predicate: (frame: Frame) => boolean = () => true): Promise<Frame> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      for (let index = this.cursor; index < this.frames.length; index++) {
        const frame = this.frames[index];
        if (predicate(frame)) {
          this.frames.splice(index, 1);
          this.frames.splice(this.cursor, 0, frame);
          this.cursor++;
          return frame;
        }
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for a frame`);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`no matching frame; received: ${JSON.stringify(this.pending()).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** The next publish frame on `topic`. */
  publish(topic: string, method?: string): Promise<Frame> {
    return this.next(
      (f) => f.action === 'publish' && f.payload.topic === topic && (!method || f.payload.method === method),
    );
  }

  error(code?: string): Promise<Frame> {
    return this.next((f) => f.action === 'error' && (!code || f.payload.code === code));
  }

  /**
   * A round trip: a heartbeat ping answered by pong. Frames are ordered on a connection, so
   * anything the server sent before handling the ping has arrived once this resolves.
   */
  async barrier(): Promise<void> {
    this.send({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
    await this.next((f) => f.action === 'heartbeat' && f.payload.message.text === 'pong');
  }

  /** After a round trip, the publish frames (on `topic` if given) received and not yet taken. */
  async pendingPublishes(topic?: string): Promise<Frame[]> {
    await this.barrier();
    return this.pending().filter((f) => f.action === 'publish' && (topic === undefined || f.payload.topic === topic));
  }

  /** Frames received and not yet taken by `next`. */
  pending(): Frame[] {
    return this.frames.slice(this.cursor);
  }

  close(): void {
    this.ws.terminate();
  }
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}
