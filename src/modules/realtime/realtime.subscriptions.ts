/**
 * The subscriptions of this instance's connections, by topic, and how each one starts.
 *
 * A subscription starts "pending": frames arriving while its replay or snapshot is loaded are
 * buffered, then those after the position the client was brought to are sent, and it goes live.
 * Frames may therefore repeat a change a snapshot already shows; they never go missing. Each
 * subscription remembers the highest `seq` it has covered (`cutoff`), so nothing is sent twice.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Presence } from '../../platform/presence.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError, NotFoundError } from '../../platform/errors.js';
import { serverFrames, type Envelope, type FrameError, type ResyncReason } from './realtime.protocol.js';
import type { Broker, MembershipAccess } from './realtime.broker.js';
import type { Authorization, Params, Subscriber, TopicDefinition, TopicRegistry } from './realtime.topics.js';
import { param } from './realtime.topics.js';

/** What a subscription needs of its connection. */
export interface Subscribing {
  readonly principal: Principal;
  readonly subscriptions: Map<string, Subscription>;
  readonly closed: boolean;
}

export interface Subscription {
  readonly connection: Subscribing;
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
export type ResolveSubscriber = (principal: Principal, projectId: string) => Promise<SubscriberResolution>;

export interface SubscriptionsOptions {
  registry: TopicRegistry;
  broker: Broker;
  resolveSubscriber: ResolveSubscriber;
  maxSubscriptions: number;
  maxBufferedBytes: number;
  /**
   * Counts a subscribe of `principal` (each one authorizes and most load a snapshot); resolves to
   * the seconds to wait when it has subscribed too often.
   */
  limitSubscribes?: (principal: Principal) => Promise<number | undefined>;
  log: FastifyBaseLogger;
  /** Counts the subscriptions each member holds per project (who is online, platform/presence.ts). */
  presence?: Pick<Presence, 'hold' | 'release'>;
  /** Hands data to the connection's socket (never waits; drops a slow socket). */
  send(connection: Subscribing, data: string | Buffer): void;
  /** Ends a connection whose buffered frames outgrow the limit while a subscription is pending. */
  dropSlow(connection: Subscribing): void;
}

export function createSubscriptions(options: SubscriptionsOptions) {
  const { registry, broker, log, send } = options;
  const byTopic = new Map<string, Set<Subscription>>();
  const sendError = (connection: Subscribing, error: FrameError) => send(connection, serverFrames.error(error));

  // A frame is encoded once for all its subscribers (and its audience read once for topics that
  // filter, each of its views presented once for topics that have views).
  const framesOf = new WeakMap<Envelope, { bytes: Buffer; audience?: unknown; views?: Map<string, Buffer> }>();
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
    const { filter } = subscription.definition;
    if (filter) {
      frame.audience ??= filter.audience(JSON.parse(envelope.message));
      if (!filter.visible(subscription.access, frame.audience)) return;
    }
    const view = subscription.definition.view;
    const name = view?.of(subscription.access);
    if (!view || name === undefined) return send(subscription.connection, frame.bytes);
    frame.views ??= new Map();
    let bytes = frame.views.get(name);
    if (!bytes) {
      const message = JSON.stringify(view.present(name, JSON.parse(envelope.message)));
      bytes = Buffer.from(serverFrames.publish(envelope.topic, envelope.method, message, envelope.seq));
      frame.views.set(name, bytes);
    }
    send(subscription.connection, bytes);
  }

  async function authorize(
    principal: Principal,
    definition: TopicDefinition,
    params: Params,
    resolve: ResolveSubscriber = options.resolveSubscriber,
  ) {
    const resolved = await resolve(principal, param(params, 'project_id'));
    if (!resolved.ok) return resolved;
    const granted = await definition.authorize(resolved.subscriber, params);
    return granted.ok ? { ...granted, subscriber: resolved.subscriber } : granted;
  }

  async function subscribe(connection: Subscribing, topic: string, since: number | undefined): Promise<void> {
    const match = registry.match(topic);
    if (!match) return sendError(connection, { error: 'bad_topic', message: `Unknown topic: ${topic}`, topic });
    if (!connection.subscriptions.has(topic) && connection.subscriptions.size >= options.maxSubscriptions) {
      return sendError(connection, {
        error: 'too_many_subscriptions',
        message: `A connection may hold at most ${options.maxSubscriptions} subscriptions.`,
        topic,
      });
    }
    // Refused before any work; a subscription already held on the topic stays as it is.
    const retryAfter = await options.limitSubscribes?.(connection.principal);
    if (retryAfter !== undefined) {
      return sendError(connection, {
        error: 'busy',
        message: `Too many subscribes; try again in ${retryAfter} seconds.`,
        topic,
      });
    }
    const granted = await authorize(connection.principal, match.definition, match.params);
    if (!granted.ok) return sendError(connection, { error: granted.code, message: granted.message, topic });
    if (connection.closed) return;

    remove(connection.subscriptions.get(topic));
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
    options.presence?.hold(granted.subscriber.project.id, connection.principal.id);
    let subscribers = byTopic.get(topic);
    if (!subscribers) byTopic.set(topic, (subscribers = new Set()));
    subscribers.add(subscription);
    broker.watch(topic);
    await start(subscription, since === undefined ? undefined : { since });
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
        // A replay too big to buffer at once is replaced by the (bounded) current state.
        if ('frames' in replay && replayBytes(replay.frames) <= options.maxBufferedBytes / 4) {
          subscription.cutoff = from.since;
          for (const envelope of replay.frames) sendEnvelope(subscription, envelope);
          return goLive(subscription);
        }
        reason = 'resync' in replay ? replay.resync : 'too_far_behind';
      }
      if (reason) send(connection, serverFrames.resync(topic, reason));
      const position = await broker.position(topic);
      const { definition, subscriber, params, access } = subscription;
      const state = await definition.snapshot(subscriber, params, access);
      if (!current()) return;
      send(connection, serverFrames.publish(topic, 'CREATE', JSON.stringify(state), position));
      subscription.cutoff = position;
      goLive(subscription);
    } catch (error) {
      if (!current()) return;
      remove(subscription);
      sendError(connection, errorFrameFor(error, subscription));
    }
  }

  function goLive(subscription: Subscription): void {
    const buffered = subscription.buffer;
    subscription.buffer = [];
    subscription.bufferedBytes = 0;
    subscription.live = true;
    for (const envelope of buffered) sendEnvelope(subscription, envelope);
  }

  function errorFrameFor(error: unknown, { topic, definition, subscriber }: Subscription): FrameError {
    if (error instanceof NotFoundError) {
      return {
        error: 'not_found',
        message: messageOf(error.bodyIn(definition.notFound, subscriber.project.id)),
        topic,
      };
    }
    if (error instanceof AppError && (error.status === 404 || error.status === 403)) {
      return { error: error.status === 404 ? 'not_found' : 'forbidden', message: messageOf(error.body), topic };
    }
    log.error({ err: error, topic }, 'realtime: subscription failed');
    return { error: 'internal', message: 'The subscription could not be started.', topic };
  }

  function remove(subscription: Subscription | undefined): void {
    if (!subscription) return;
    const { connection, topic } = subscription;
    if (connection.subscriptions.get(topic) !== subscription) return;
    connection.subscriptions.delete(topic);
    options.presence?.release(subscription.subscriber.project.id, connection.principal.id);
    const subscribers = byTopic.get(topic);
    subscribers?.delete(subscription);
    if (subscribers?.size === 0) byTopic.delete(topic);
    broker.unwatch(topic);
  }

  return {
    subscribe,

    unsubscribe(connection: Subscribing, topic: string): void {
      remove(connection.subscriptions.get(topic));
    },

    removeAll(connection: Subscribing): void {
      for (const subscription of [...connection.subscriptions.values()]) remove(subscription);
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
        if (subscription.bufferedBytes > options.maxBufferedBytes) options.dropSlow(subscription.connection);
      }
    },

    /** Frames of a topic were lost on the way here: its subscribers get a resync and the current state. */
    resync(topic: string): void {
      for (const subscription of byTopic.get(topic) ?? []) void start(subscription, { resync: 'frames_lost' });
    },

    /** Checks the subscriptions of `connections` in a project again; ends those no longer allowed. */
    async reauthorize(connections: Iterable<Subscribing>, projectId: string, access?: MembershipAccess): Promise<void> {
      // A member may have many connections (tabs, devices): their membership is read once.
      const resolutions = new Map<string, Promise<SubscriberResolution>>();
      const resolve: ResolveSubscriber = (principal, project) => {
        let resolution = resolutions.get(principal.id);
        if (!resolution) resolutions.set(principal.id, (resolution = options.resolveSubscriber(principal, project)));
        return resolution;
      };
      for (const connection of [...connections]) {
        for (const subscription of [...connection.subscriptions.values()]) {
          if (subscription.params.project_id !== projectId) continue;
          // Availability and profile changes are frequent and change nothing about access.
          if (access && sameAccess(subscription.subscriber.membership, access)) continue;
          const { definition, params, topic } = subscription;
          let ending: FrameError = { error: 'revoked', message: 'Access to this topic was withdrawn.', topic };
          try {
            const granted = await authorize(connection.principal, definition, params, resolve);
            if (granted.ok) {
              subscription.subscriber = granted.subscriber;
              subscription.access = granted.access;
              continue;
            }
          } catch (error) {
            // Access could not be checked: the subscription ends, but as a passing failure, so
            // the client subscribes again (and is checked again) instead of falling silent.
            log.error({ err: error }, 'realtime: re-authorization failed; ending the subscription');
            ending = { error: 'internal', message: 'Access could not be checked; subscribe again.', topic };
          }
          if (connection.subscriptions.get(topic) !== subscription) continue;
          remove(subscription);
          sendError(connection, ending);
        }
      }
    },
  };
}

function replayBytes(frames: Envelope[]): number {
  return frames.reduce((total, envelope) => total + Buffer.byteLength(envelope.message), 0);
}

function sameAccess(membership: MembershipAccess | undefined, access: MembershipAccess): boolean {
  return (
    membership !== undefined &&
    membership.role === access.role &&
    membership.status === access.status &&
    membership.trashed === access.trashed
  );
}

function messageOf(body: { msg?: unknown; message?: unknown; error?: unknown }): string {
  const text = body.msg ?? body.message ?? body.error;
  return typeof text === 'string' ? text : 'error';
}
