/**
 * The WebSocket endpoint, on the HTTP port: `ws://host:3000/?token=JWT%20<jwt>` as Tiledesk.
 *
 * The handshake authenticates with the same authenticator as the REST API (the "JWT " prefix is
 * optional; an Authorization header works too) and refuses with 401 before upgrading. Team users,
 * visitors (guest and custom-token users), bots and subscriptions may connect; what each may
 * subscribe to is decided per topic (realtime.topics.ts). Domain events become frames through
 * the topic registry and a broker: in-process, or Redis when REDIS_URL is set.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { DomainEvent, EventBus } from '../../platform/events/event-bus.js';
import type { Authenticator } from '../../platform/auth/authenticate.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors.js';
import { isObjectId } from '../../platform/ids.js';
import { firstForwardedAddress } from '../../platform/http/client-address.js';
import type { RateLimits } from '../../platform/http/rate-limits.js';
import { createMemoryBroker, type Broker, type BrokerHandlers, type MembershipAccess } from './realtime.broker.js';
import { createRedisBroker } from './realtime.redis-broker.js';
import { createHub } from './realtime.hub.js';
import type { SubscriberResolution } from './realtime.subscriptions.js';
import { createTopicRegistry, idOf, type TopicRegistry } from './realtime.topics.js';
import { projectUserTopics } from './topics/project-users.topics.js';
import { eventTopics } from './topics/events.topics.js';
import { botTopics } from './topics/bots.topics.js';
import { requestTopics } from './topics/requests.topics.js';

/** Changes after which a member's subscriptions in the project are authorized again. */
const ACCESS_EVENTS = ['project_user.update', 'project_user.delete', 'project.delete'];

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function attachRealtime(app: FastifyInstance, context: AppContext, limits: RateLimits): void {
  const { config, log, events, authenticator } = context;
  const settings = config.realtime;
  const registry = createTopicRegistry([
    ...projectUserTopics(context),
    ...eventTopics(context),
    ...botTopics(context),
    ...requestTopics(context),
  ]);

  const handlers: BrokerHandlers = {
    frame: (envelope) => hub.deliver(envelope),
    resync: (topic) => hub.resync(topic),
    signal: (signal) => void hub.reauthorize(signal),
  };
  const broker = createBroker(context, handlers);
  const hub = createHub({
    registry,
    broker,
    resolveSubscriber: (principal, projectId) => resolveSubscriber(context, principal, projectId),
    maxSubscriptions: settings.maxSubscriptions,
    maxBufferedBytes: settings.maxBufferedBytes,
    limitSubscribes: (principal) => limits.count('subscribes', principalKey(principal)),
    presence: context.presence,
    log,
  });
  const sockets = countSockets(settings.maxSocketsPerPrincipal);
  // A socket that went away unannounced is noticed within two heartbeats.
  const socketRetryAfter = 2 * settings.heartbeatSeconds;

  publishEvents(events, registry, broker);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxFrameBytes,
    // Compression costs hundreds of KiB per connection; frames are small JSON.
    perMessageDeflate: false,
    clientTracking: false,
  });
  let closing = false;

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== settings.path) return refuse(socket, 404);
    if (closing) return refuse(socket, 503);
    let caller: Caller;
    try {
      caller = await authenticate(authenticator, request, url, config.trustProxy);
    } catch (error) {
      // 401, or 429 for Basic credentials of an account this client has guessed at too often.
      if (error instanceof AppError && (error.status === 401 || error.status === 429))
        return refuse(socket, error.status);
      log.error({ err: error }, 'realtime: handshake failed');
      return refuse(socket, 500);
    }
    if (socket.destroyed) return;
    const key = principalKey(caller.principal);
    if (!sockets.open(key)) return refuse(socket, 429, { 'Retry-After': String(socketRetryAfter) });
    socket.once('close', () => sockets.closed(key));
    wss.handleUpgrade(request, socket, head, (ws) => hub.connect(ws, caller.principal, caller.expiresAt));
  }

  app.server.on(
    'upgrade',
    (request: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(request, socket, head),
  );

  const heartbeat = setInterval(() => hub.heartbeat(), settings.heartbeatSeconds * 1000);
  heartbeat.unref();

  app.addHook('preClose', async () => {
    closing = true;
    hub.closeAll(1001, 'server shutting down');
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    // Frames of events still being handled go out before the broker closes.
    await events.drain();
    await broker.close();
    wss.close();
  });
}

/** Through Redis when REDIS_URL is set (several instances share frames and numbers), else in-process. */
function createBroker({ config, log }: AppContext, handlers: BrokerHandlers): Broker {
  const settings = config.realtime;
  const history = { historySize: settings.historySize, historyTtlSeconds: settings.historyTtlSeconds };
  return config.redisUrl
    ? createRedisBroker(
        { ...history, url: config.redisUrl, prefix: settings.redisPrefix, queueMax: settings.redisQueueMax, log },
        handlers,
      )
    : createMemoryBroker(history, handlers);
}

/** Domain events become frames on their topics, and access changes signals, through the broker. */
function publishEvents(events: EventBus, registry: TopicRegistry, broker: Broker): void {
  for (const name of registry.eventNames()) {
    events.on(name, (event) => {
      // One event may publish the same entity on several topics: serialize it once.
      const serialized = new Map<unknown, string>();
      for (const { topic, method, message } of registry.publicationsFor(event)) {
        let json = serialized.get(message);
        if (json === undefined) serialized.set(message, (json = JSON.stringify(message)));
        broker.publish(topic, method, json);
      }
    });
  }
  for (const name of ACCESS_EVENTS) {
    events.on(name, (event) => {
      const member = memberOf(event);
      if (member !== null) broker.signal({ projectId: event.projectId, member, access: accessOf(event) });
    });
  }
}

interface Caller {
  principal: Principal;
  /** When the token expires (ms since epoch), if it does. */
  expiresAt?: number;
}

/** The REST authenticator on a handshake: the `token` query parameter, or else the Authorization header. */
async function authenticate(
  authenticator: Authenticator,
  request: IncomingMessage,
  url: URL,
  trustProxy: boolean,
): Promise<Caller> {
  const token = url.searchParams.get('token');
  if (token === null) {
    return {
      principal: await authenticator.authenticate(request.headers.authorization, clientAddress(request, trustProxy)),
    };
  }
  const verified = await authenticator.authenticateToken(token.replace(/^\s*(jwt|bearer)\s+/i, ''));
  const { exp } = verified.payload;
  return { principal: verified.principal, ...(typeof exp === 'number' && { expiresAt: exp * 1000 }) };
}

/** The client's address as Fastify's `request.ip` gives it (the handshake is not a Fastify request). */
function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  return (trustProxy && firstForwardedAddress(request.headers)) || request.socket.remoteAddress || '';
}

/** The project and the caller's active membership in it: no topic is visible from another project. */
async function resolveSubscriber(
  { guards, services }: AppContext,
  principal: Principal,
  projectId: string,
): Promise<SubscriberResolution> {
  const project = isObjectId(projectId) ? await services.projects.findLive(projectId) : undefined;
  if (!project) return { ok: false, code: 'not_found', message: `Project not found with id: ${projectId}` };
  const notMember = { ok: false as const, code: 'forbidden' as const, message: 'you dont belong to the project.' };
  if (principal.kind === 'bot' || principal.kind === 'subscription') {
    return principal.projectId === project.id ? { ok: true, subscriber: { principal, project } } : notMember;
  }
  const membership = await guards.activeMembership(project.id, principal);
  return membership ? { ok: true, subscriber: { principal, project, membership } } : notMember;
}

/** Whose access changed: a member, everyone (undefined, the project is gone) or nobody known (null). */
function memberOf(event: DomainEvent): string | undefined | null {
  if (event.name === 'project.delete') return undefined;
  const payload = event.payload as Record<string, unknown>;
  return idOf(payload.id_user) ?? idOf(payload.uuid_user) ?? null;
}

/** A membership's role and state after an update (a deletion is always checked in full). */
function accessOf(event: DomainEvent): MembershipAccess | undefined {
  if (event.name !== 'project_user.update') return undefined;
  const { role, status, trashed } = event.payload as Record<string, unknown>;
  return typeof role === 'string' && typeof status === 'string' && typeof trashed === 'boolean'
    ? { role, status, trashed }
    : undefined;
}

/** Who a connection counts against: the same person or machine across its sockets and subscribes. */
function principalKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

/** Open sockets per principal on this instance, at most `max` each (0: no limit). */
function countSockets(max: number) {
  const open = new Map<string, number>();
  return {
    open(key: string): boolean {
      const count = open.get(key) ?? 0;
      if (max > 0 && count >= max) return false;
      open.set(key, count + 1);
      return true;
    },
    closed(key: string): void {
      const count = (open.get(key) ?? 1) - 1;
      if (count > 0) open.set(key, count);
      else open.delete(key);
    },
  };
}

function refuse(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ success: false, msg: STATUS_TEXT[status] });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `${extra.join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
