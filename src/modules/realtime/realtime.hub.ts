/**
 * The hub: this instance's WebSocket connections and their subscriptions, and the fan-out of
 * frames to them.
 *
 * - Fan-out never waits for a socket: a frame is handed to each socket's buffer, and a socket whose
 *   buffer is over the limit is terminated (its client resumes with `since` when it reconnects).
 * - A subscription starts "pending": frames arriving while its snapshot or replay is loaded are
 *   buffered, then those after the snapshot's position are sent. Frames may therefore repeat a
 *   change the snapshot already shows; they never go missing.
 * - The frames of one connection are handled one at a time, in order (a pong therefore also says
 *   that every earlier subscribe has been answered).
 */
import { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors.js';
import {
  isFrameError,
  parseClientFrame,
  serverFrames,
  type Envelope,
  type FrameError,
  type ResyncReason,
} from './realtime.protocol.js';
import type { AccessSignal, Broker } from './realtime.broker.js';
import type { Authorization, Params, Subscriber, TopicDefinition, TopicRegistry } from './realtime.topics.js';

export interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly principal: Principal;
  /** When the token expires (ms since epoch); the heartbeat closes the connection then. */
  readonly expiresAt?: number;
  readonly subscriptions: Map<string, Subscription>;
  alive: boolean;
  closed: boolean;
  work: Promise<void>;
  queued: number;
}

interface Subscription {
  readonly connection: Connection;
  readonly topic: string;
  readonly definition: TopicDefinition;
  readonly params: Params;
  subscriber: Subscriber;
  access: unknown;
  live: boolean;
  buffer: Envelope[];
  bufferedBytes: number;
  /** Frames at or below this position are already reflected in what the client was sent. */
  cutoff?: number;
  /** Bumped on every (re)start, so a superseded start stops sending. */
  generation: number;
}

export type SubscriberResolution = { ok: true; subscriber: Subscriber } | Extract<Authorization, { ok: false }>;

export interface HubOptions {
  registry: TopicRegistry;
  broker: Broker;
  resolveSubscriber(principal: Principal, projectId: string): Promise<SubscriberResolution>;
  maxSubscriptions: number;
  maxBufferedBytes: number;
  log: FastifyBaseLogger;
}

export type Hub = ReturnType<typeof createHub>;

export function createHub(options: HubOptions) {
  const { registry, broker, log } = options;
  const connections = new Set<Connection>();
  const byMember = new Map<string, Set<Connection>>();
  const byTopic = new Map<string, Set<Subscription>>();
  // Room for a full resubscribe after a reconnect, not for an unbounded flood.
  const maxQueued = options.maxSubscriptions + 16;
  let nextId = 1;

  // --- sending ---------------------------------------------------------------------------

  /** Text frames; a frame going to many sockets is encoded once, as a Buffer. */
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

  const framesOf = new WeakMap<Envelope, { bytes: Buffer; parsed?: unknown }>();
  function frameOf(envelope: Envelope) {
    let frame = framesOf.get(envelope);
    if (!frame) {
      const text = serverFrames.publish(envelope.topic, envelope.method, envelope.message, envelope.seq);
      frame = { bytes: Buffer.from(text) };
      framesOf.set(envelope, frame);
    }
    return frame;
  }

  function sendEnvelope(subscription: Subscription, envelope: Envelope): void {
    if (subscription.cutoff !== undefined && envelope.seq <= subscription.cutoff) return;
    subscription.cutoff = envelope.seq;
    const frame = frameOf(envelope);
    const { visible } = subscription.definition;
    if (visible) {
      frame.parsed ??= JSON.parse(envelope.message);
      if (!visible(subscription.access, frame.parsed)) return;
    }
    send(subscription.connection, frame.bytes);
  }

  // --- subscriptions ---------------------------------------------------------------------

  async function subscribe(connection: Connection, topic: string, since: number | undefined): Promise<void> {
    const match = registry.match(topic);
    if (!match) return sendError(connection, { error: 'bad_topic', message: `Unknown topic: ${topic}`, topic });
    if (!connection.subscriptions.has(topic) && connection.subscriptions.size >= options.maxSubscriptions) {
      return sendError(connection, {
        error: 'too_many_subscriptions',
        message: `A connection may hold at most ${options.maxSubscriptions} subscriptions.`,
        topic,
      });
    }
    const granted = await authorize(connection.principal, match.definition, match.params);
    if (!granted.ok) return sendError(connection, { error: granted.code, message: granted.message, topic });
    if (connection.closed) return;

    removeSubscription(connection.subscriptions.get(topic));
    const subscription: Subscription = {
      connection,
      topic,
      definition: match.definition,
      params: match.params,
      subscriber: granted.subscriber,
      access: granted.access,
      live: false,
      buffer: [],
      bufferedBytes: 0,
      generation: 0,
    };
    connection.subscriptions.set(topic, subscription);
    let subscribers = byTopic.get(topic);
    if (!subscribers) byTopic.set(topic, (subscribers = new Set()));
    subscribers.add(subscription);
    broker.watch(topic);
    await start(subscription, since === undefined ? undefined : { since });
  }

  async function authorize(
    principal: Principal,
    definition: TopicDefinition,
    params: Params,
    resolve = options.resolveSubscriber,
  ) {
    const resolved = await resolve(principal, params.project_id);
    if (!resolved.ok) return resolved;
    const granted = await definition.authorize(resolved.subscriber, params);
    return granted.ok ? { ...granted, subscriber: resolved.subscriber } : granted;
  }

  /** Sends the replay after `since`, or a resync and the current state, then goes live. */
  async function start(subscription: Subscription, from?: { since: number } | { resync: ResyncReason }) {
    const { connection, topic } = subscription;
    const generation = ++subscription.generation;
    subscription.live = false;
    const current = () =>
      connection.subscriptions.get(topic) === subscription && subscription.generation === generation;
    try {
      let reason = from && 'resync' in from ? from.resync : undefined;
      if (from && 'since' in from) {
        const replay = await broker.resume(topic, from.since);
        if (!current()) return;
        if ('frames' in replay) {
          subscription.cutoff = from.since;
          for (const envelope of replay.frames) sendEnvelope(subscription, envelope);
          return goLive(subscription);
        }
        reason = replay.resync;
      }
      if (reason) send(connection, serverFrames.resync(topic, reason));
      const position = await broker.position(topic);
      const state = await subscription.definition.snapshot(
        subscription.subscriber,
        subscription.params,
        subscription.access,
      );
      if (!current()) return;
      send(connection, serverFrames.publish(topic, 'CREATE', JSON.stringify(state), position));
      subscription.cutoff = position;
      goLive(subscription);
    } catch (error) {
      if (!current()) return;
      removeSubscription(subscription);
      sendError(connection, errorFrameFor(error, topic));
    }
  }

  function goLive(subscription: Subscription): void {
    const buffered = subscription.buffer;
    subscription.buffer = [];
    subscription.bufferedBytes = 0;
    subscription.live = true;
    for (const envelope of buffered) sendEnvelope(subscription, envelope);
  }

  function errorFrameFor(error: unknown, topic: string): FrameError {
    if (error instanceof AppError && error.status === 404)
      return { error: 'not_found', message: messageOf(error), topic };
    if (error instanceof AppError && error.status === 403)
      return { error: 'forbidden', message: messageOf(error), topic };
    log.error({ err: error, topic }, 'realtime: subscription failed');
    return { error: 'internal', message: 'The subscription could not be started.', topic };
  }

  function removeSubscription(subscription: Subscription | undefined): void {
    if (!subscription) return;
    const { connection, topic } = subscription;
    if (connection.subscriptions.get(topic) !== subscription) return;
    connection.subscriptions.delete(topic);
    const subscribers = byTopic.get(topic);
    subscribers?.delete(subscription);
    if (subscribers?.size === 0) byTopic.delete(topic);
    broker.unwatch(topic);
  }

  // --- connections -----------------------------------------------------------------------

  function disconnect(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    for (const subscription of [...connection.subscriptions.values()]) removeSubscription(subscription);
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
            return subscribe(connection, frame.topic, frame.since);
          case 'unsubscribe':
            return removeSubscription(connection.subscriptions.get(frame.topic));
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
        subscriptions: new Map(),
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

    /** A frame from the broker, to every subscription of its topic on this instance. */
    deliver(envelope: Envelope): void {
      const subscribers = byTopic.get(envelope.topic);
      if (!subscribers) return;
      for (const subscription of subscribers) {
        if (subscription.live) {
          sendEnvelope(subscription, envelope);
          continue;
        }
        subscription.buffer.push(envelope);
        subscription.bufferedBytes += envelope.message.length;
        if (subscription.bufferedBytes > options.maxBufferedBytes) dropSlow(subscription.connection);
      }
    },

    /** Frames of a topic were lost on the way here: its subscribers get a resync and the current state. */
    resync(topic: string): void {
      for (const subscription of byTopic.get(topic) ?? []) void start(subscription, { resync: 'frames_lost' });
    },

    /** A member's access changed: their subscriptions in that project are checked again. */
    async reauthorize(signal: AccessSignal): Promise<void> {
      const targets = signal.member ? (byMember.get(signal.member) ?? []) : connections;
      // A member may have many connections (tabs, devices): their membership is read once.
      const resolutions = new Map<string, Promise<SubscriberResolution>>();
      const resolve = (principal: Principal, projectId: string) => {
        let resolution = resolutions.get(principal.id);
        if (!resolution) resolutions.set(principal.id, (resolution = options.resolveSubscriber(principal, projectId)));
        return resolution;
      };
      for (const connection of [...targets]) {
        for (const subscription of [...connection.subscriptions.values()]) {
          if (subscription.params.project_id !== signal.projectId) continue;
          try {
            const granted = await authorize(
              connection.principal,
              subscription.definition,
              subscription.params,
              resolve,
            );
            if (granted.ok) {
              subscription.subscriber = granted.subscriber;
              subscription.access = granted.access;
              continue;
            }
          } catch (error) {
            log.error({ err: error }, 'realtime: re-authorization failed; ending the subscription');
          }
          if (connection.subscriptions.get(subscription.topic) !== subscription) continue;
          removeSubscription(subscription);
          sendError(connection, {
            error: 'revoked',
            message: 'Access to this topic was withdrawn.',
            topic: subscription.topic,
          });
        }
      }
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

    get size(): number {
      return connections.size;
    },
  };
}

function messageOf(error: AppError): string {
  const body = error.body as { msg?: unknown; message?: unknown; error?: unknown };
  const text = body.msg ?? body.message ?? body.error;
  return typeof text === 'string' ? text : error.code;
}
