/**
 * The browser's realtime client (web/shared/realtime.ts), against a fake WebSocket: a listener
 * that joins a topic late sees what the first one saw, a passing refusal is tried again, and a
 * connection that stops answering is replaced and its topics resumed.
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  readonly sent: any[] = [];
  readonly handlers = new Map<string, Array<(event: any) => void>>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  addEventListener(name: string, handler: (event: any) => void) {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.handlers.get('close')?.forEach((handler) => handler({}));
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.handlers.get('open')?.forEach((handler) => handler({}));
  }
  receive(frame: unknown) {
    this.handlers.get('message')?.forEach((handler) => handler({ data: JSON.stringify(frame) }));
  }
  publish(topic: string, method: string, message: unknown, seq: number) {
    this.receive({ action: 'publish', payload: { topic, method, message, seq } });
  }
}

const topic = '/p/requests/r/messages';
const subscribes = (socket: FakeSocket) => socket.sent.filter((frame) => frame.action === 'subscribe');

describe('the realtime client', () => {
  // Loaded by a path the type checker does not follow: the module is browser code (DOM types),
  // which the tests' configuration leaves out.
  const modulePath: string = '../../web/shared/realtime.js';
  let Realtime: new (token: string) => {
    listen(topic: string, listener: (frame: { message: any }) => void): () => void;
    close(): void;
  };
  let client: InstanceType<typeof Realtime> | undefined;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
    FakeSocket.all = [];
    Object.assign(globalThis, { WebSocket: FakeSocket, location: { href: 'http://parley.test/widget/' } });
    ({ Realtime } = await import(modulePath));
  });
  afterEach(() => {
    client?.close();
    mock.timers.reset();
  });

  it('gives a listener that joins late the state and every frame since', () => {
    client = new Realtime('JWT t');
    const [socket] = FakeSocket.all;
    socket!.open();
    const first: any[] = [];
    client.listen(topic, (frame) => first.push(frame.message));
    assert.deepEqual(subscribes(socket!), [{ action: 'subscribe', payload: { topic } }]);
    socket!.publish(topic, 'CREATE', [{ _id: 'a' }], 10);
    socket!.publish(topic, 'CREATE', { _id: 'b' }, 11);
    socket!.publish(topic, 'CREATE', { _id: 'c' }, 12);
    const late: any[] = [];
    client.listen(topic, (frame) => late.push(frame.message));
    assert.deepEqual(late, first);
    assert.equal(subscribes(socket!).length, 1, 'the topic is subscribed once');
  });

  it('takes the CREATE answering a subscribe as an entity topic’s state, even at a seq already seen', () => {
    client = new Realtime('JWT t');
    const [socket] = FakeSocket.all;
    socket!.open();
    const seen: any[] = [];
    const entity = '/p/requests/r';
    client.listen(entity, (frame) => seen.push(frame.message.v));
    socket!.publish(entity, 'CREATE', { v: 1 }, 5);
    socket!.publish(entity, 'UPDATE', { v: 2 }, 6);
    socket!.publish(entity, 'UPDATE', { v: 2 }, 6);
    const late: any[] = [];
    client.listen(entity, (frame) => late.push(frame.message.v));
    assert.deepEqual(seen, [1, 2]);
    assert.deepEqual(late, [1, 2]);
  });

  it('subscribes again after a busy or internal refusal, not after a refusal of access', () => {
    client = new Realtime('JWT t');
    const [socket] = FakeSocket.all;
    socket!.open();
    const warn = mock.method(console, 'warn', () => undefined);
    client.listen(topic, () => undefined);
    client.listen('/p/requests/other/messages', () => undefined);
    socket!.receive({ action: 'error', payload: { code: 'busy', message: 'try again in 3 seconds.', topic } });
    socket!.receive({
      action: 'error',
      payload: { code: 'forbidden', message: 'no', topic: '/p/requests/other/messages' },
    });
    mock.timers.tick(2_999);
    assert.equal(subscribes(socket!).length, 2);
    mock.timers.tick(1);
    assert.deepEqual(subscribes(socket!).at(-1), { action: 'subscribe', payload: { topic } });
    assert.equal(subscribes(socket!).length, 3, 'the refused topic only');
    socket!.receive({ action: 'error', payload: { code: 'internal', message: 'failed', topic } });
    mock.timers.tick(1_999);
    assert.equal(subscribes(socket!).length, 3, 'refusals in a row wait longer each time');
    mock.timers.tick(1);
    assert.equal(subscribes(socket!).length, 4);
    assert.equal(warn.mock.callCount(), 1);
  });

  it('replaces a connection that stops answering and resumes its topics from the last seq', () => {
    client = new Realtime('JWT t');
    const [socket] = FakeSocket.all;
    socket!.open();
    client.listen(topic, () => undefined);
    socket!.publish(topic, 'CREATE', [], 40);
    socket!.publish(topic, 'CREATE', { _id: 'x' }, 41);
    mock.timers.tick(30_000);
    assert.deepEqual(socket!.sent.at(-1), { action: 'heartbeat', payload: { message: { text: 'ping' } } });
    assert.equal(FakeSocket.all.length, 1, 'a ping answered in time keeps the connection');
    mock.timers.tick(10_000);
    assert.equal(socket!.readyState, FakeSocket.CLOSED);
    const [, replacement] = FakeSocket.all;
    assert.ok(replacement, 'a new connection');
    replacement.open();
    assert.deepEqual(subscribes(replacement), [{ action: 'subscribe', payload: { topic, since: 41 } }]);
  });

  it('keeps a connection that answers the ping', () => {
    client = new Realtime('JWT t');
    const [socket] = FakeSocket.all;
    socket!.open();
    mock.timers.tick(30_000);
    socket!.receive({ action: 'heartbeat', payload: { message: { text: 'pong' } } });
    mock.timers.tick(30_000);
    assert.equal(FakeSocket.all.length, 1);
    assert.equal(socket!.readyState, FakeSocket.OPEN);
  });
});
