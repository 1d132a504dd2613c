/**
 * The hub: this instance's WebSocket connections, their frames, heartbeats and backpressure.
 * Subscriptions and the fan-out of published frames are in realtime.subscriptions.ts.
 *
 * - Sending never waits for a socket: data is handed to its buffer, and a socket whose unsent data
 *   is over the limit is terminated (its client resumes with `since` when it reconnects), so a
 *   slow client never delays the others.
 * - The frames of one connection are handled one at a time, in order (a pong therefore also says
 *   that every earlier subscribe has been answered).
 */
import { WebSocket } from 'ws';
import type { Principal } from '../../platform/auth/principal.js';
import { isFrameError, parseClientFrame, serverFrames, type FrameError } from './realtime.protocol.js';
import type { AccessSignal } from './realtime.broker.js';
import {
  createSubscriptions,
  type Subscribing,
  type Subscription,
  type SubscriptionsOptions,
} from './realtime.subscriptions.js';

export interface Connection extends Subscribing {
  readonly id: number;
  readonly ws: WebSocket;
  /** When the token expires (ms since epoch); the heartbeat closes the connection then. */
  readonly expiresAt?: number;
  alive: boolean;
  closed: boolean;
  work: Promise<void>;
  queued: number;
}

/** The subscriptions' options; the hub provides their `send` and `dropSlow`. */
export type HubOptions = Omit<SubscriptionsOptions, 'send' | 'dropSlow'>;

export function createHub(options: HubOptions) {
  const { log } = options;
  const connections = new Set<Connection>();
  const byMember = new Map<string, Set<Connection>>();
  // Room for a full resubscribe after a reconnect, not for an unbounded flood.
  const maxQueued = options.maxSubscriptions + 16;
  let nextId = 1;

  function send(connection: Connection, data: string | Buffer): void {
    if (connection.closed || connection.ws.readyState !== WebSocket.OPEN) return;
    if (connection.ws.bufferedAmount + data.length > options.maxBufferedBytes) return dropSlow(connection);
    connection.ws.send(data, { binary: false });
  }

  function dropSlow(connection: Connection): void {
    log.info({ connection: connection.id, principal: connection.principal.id }, 'realtime: slow consumer dropped');
    connection.ws.terminate();
    disconnect(connection);
  }

  const sendError = (connection: Connection, error: FrameError) => send(connection, serverFrames.error(error));

  const subscriptions = createSubscriptions({
    ...options,
    send: (connection, data) => send(connection as Connection, data),
    dropSlow: (connection) => dropSlow(connection as Connection),
  });

  function disconnect(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    subscriptions.removeAll(connection);
    connections.delete(connection);
    const siblings = byMember.get(connection.principal.id);
    siblings?.delete(connection);
    if (siblings?.size === 0) byMember.delete(connection.principal.id);
  }

  function handle(connection: Connection, text: string): void {
    connection.alive = true;
    const frame = parseClientFrame(text);
    if (isFrameError(frame)) return sendError(connection, frame);
    if (connection.queued >= maxQueued) {
      return sendError(connection, { error: 'busy', message: 'Too many frames waiting; slow down.' });
    }
    connection.queued++;
    connection.work = connection.work
      .then(() => {
        if (connection.closed) return;
        switch (frame.action) {
          case 'heartbeat':
            // Tiledesk answers "ping" only, so a client's "pong" never starts a ping-pong loop.
            if (frame.text === 'ping') send(connection, serverFrames.pong);
            return;
          case 'subscribe':
            return subscriptions.subscribe(connection, frame.topic, frame.since);
          case 'unsubscribe':
            return subscriptions.unsubscribe(connection, frame.topic);
        }
      })
      .catch((error) => {
        log.error({ err: error }, 'realtime: frame handling failed');
        sendError(connection, { error: 'internal', message: 'The frame could not be handled.' });
      })
      .finally(() => connection.queued--);
  }

  return {
    connect(ws: WebSocket, principal: Principal, expiresAt?: number): Connection {
      const connection: Connection = {
        id: nextId++,
        ws,
        principal,
        expiresAt,
        subscriptions: new Map<string, Subscription>(),
        alive: true,
        closed: false,
        work: Promise.resolve(),
        queued: 0,
      };
      connections.add(connection);
      let siblings = byMember.get(principal.id);
      if (!siblings) byMember.set(principal.id, (siblings = new Set()));
      siblings.add(connection);
      ws.on('message', (data, isBinary) => {
        if (isBinary) return sendError(connection, { error: 'bad_frame', message: 'Binary frames are not supported.' });
        handle(connection, data.toString());
      });
      ws.on('pong', () => {
        connection.alive = true;
      });
      ws.on('close', () => disconnect(connection));
      ws.on('error', (error) => log.debug({ err: error, connection: connection.id }, 'realtime: socket error'));
      return connection;
    },

    deliver: subscriptions.deliver,
    resync: subscriptions.resync,

    /** A member's access changed: their subscriptions in that project are checked again. */
    reauthorize(signal: AccessSignal): Promise<void> {
      const targets = signal.member ? (byMember.get(signal.member) ?? []) : connections;
      return subscriptions.reauthorize(targets, signal.projectId, signal.access);
    },

    /** One heartbeat tick: terminates sockets silent since the last one and expired tokens, pings the rest. */
    heartbeat(now = Date.now()): void {
      for (const connection of [...connections]) {
        if (connection.expiresAt !== undefined && connection.expiresAt <= now) {
          connection.ws.close(1008, 'token expired');
          disconnect(connection);
        } else if (!connection.alive) {
          connection.ws.terminate();
          disconnect(connection);
        } else {
          connection.alive = false;
          connection.ws.ping();
        }
      }
    },

    /** Closes every connection; those that do not answer the close within `graceMs` are cut. */
    closeAll(code: number, reason: string, graceMs = 1000): void {
      const closing = [...connections];
      for (const connection of closing) {
        connection.ws.close(code, reason);
        disconnect(connection);
      }
      setTimeout(() => closing.forEach((connection) => connection.ws.terminate()), graceMs).unref();
    },
  };
}
