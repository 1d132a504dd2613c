/**
 * Rate limits on what costs the server without costing the caller: the public routes (sign-up
 * hashes a password, an anonymous sign-in adds a project member, ...), conversations opened by
 * visitors, WebSocket subscribes. Counted with @fastify/rate-limit, in Redis when REDIS_URL is
 * set (every instance shares the counts), else in this process. Each limit is a number of calls
 * in one window (config.rateLimits); past it the answer is a 429 with Retry-After.
 *
 * While Redis is unreachable the limits are not enforced: refusing every sign-in because the
 * counter store is down would turn a Redis outage into a full outage.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { newRedis } from '../redis.js';
import type { RateLimitsConfig } from '../../config.js';
import { errors } from '../errors.js';

export type LimitName = Exclude<keyof RateLimitsConfig, 'windowSeconds' | 'redisPrefix'>;

export interface RateLimits {
  /** Counts one call of `name` for `key`; throws a 429 past the limit (never when the limit is 0). */
  hit(name: LimitName, key: string): Promise<void>;
  /** Counts one call like `hit`; past the limit, resolves to the seconds to wait instead of throwing. */
  count(name: LimitName, key: string): Promise<number | undefined>;
}

/** Per client address, on the routes anyone may call. */
const PER_ADDRESS: Record<string, LimitName> = {
  'POST /auth/signup': 'signup',
  'POST /auth/signin': 'signin',
  'POST /auth/signinAnonymously': 'anonymous',
  'POST /auth/signinWithCustomToken': 'customToken',
  'PUT /auth/requestresetpsw': 'accountLinks',
  'GET /auth/checkpswresetkey/:resetpswrequestid': 'accountLinks',
  'PUT /auth/resetpsw/:resetpswrequestid': 'accountLinks',
  'PUT /auth/verifyemail/:userid/:code': 'accountLinks',
  'GET /public/requests/:request_id/messages': 'publicReads',
  // The transcript renderings (HTML, text, CSV, PDF; all messages or the visitor's).
  ...Object.fromEntries(
    ['html', 'txt', 'csv', 'pdf'].flatMap((extension) =>
      ['messages', 'messages-user'].map((name) => [
        `GET /public/requests/:request_id/${name}.${extension}`,
        'publicReads' as LimitName,
      ]),
    ),
  ),
  'GET /files': 'publicReads',
  'GET /files/download': 'publicReads',
  'GET /:project_id/widgets': 'publicReads',
  'GET /:project_id/widgets/ip': 'publicReads',
  'GET /:project_id/labels': 'publicReads',
  'GET /:project_id/labels/default': 'publicReads',
  'GET /:project_id/labels/default/:lang': 'publicReads',
  'GET /:project_id/labels/:lang': 'publicReads',
  'POST /:project_id/url-preview': 'urlPreviews',
  'GET /:project_id/faqpub': 'publicReads',
  'GET /:project_id/publicanalytics/waiting/current': 'publicReads',
};

/** The key a counter is kept under; @fastify/rate-limit's limiters read it with `keyGenerator`. */
interface Counted {
  routeOptions: Record<string, never>;
  limitKey: string;
}

export async function createRateLimits(
  app: FastifyInstance,
  config: RateLimitsConfig,
  redisUrl: string | undefined,
  log: FastifyBaseLogger,
): Promise<RateLimits> {
  const redis = redisUrl ? await connect(redisUrl, log) : undefined;
  if (redis) app.addHook('onClose', async () => redis.disconnect());
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    cache: 10_000,
    ...(redis && { redis, nameSpace: config.redisPrefix }),
  });

  const timeWindow = config.windowSeconds * 1000;
  const limiters = new Map(
    (Object.keys(config) as (keyof RateLimitsConfig)[])
      .filter((name): name is LimitName => name !== 'windowSeconds' && name !== 'redisPrefix' && config[name] > 0)
      .map((name) => [
        name,
        app.createRateLimit({
          max: config[name],
          timeWindow,
          keyGenerator: (request) => `${name}:${(request as unknown as Counted).limitKey}`,
        }),
      ]),
  );

  const limits: RateLimits = {
    async count(name, key) {
      const limiter = limiters.get(name);
      if (!limiter) return undefined;
      const counted: Counted = { routeOptions: {}, limitKey: key };
      const result = await limiter(counted as unknown as FastifyRequest);
      return !result.isAllowed && result.isExceeded ? Math.max(1, result.ttlInSeconds) : undefined;
    },
    async hit(name, key) {
      const retryAfter = await limits.count(name, key);
      if (retryAfter !== undefined) throw errors.rateLimited(retryAfter);
    },
  };

  // Before the guards and the body: a refused call costs as little as possible.
  for (const [route, name] of Object.entries(PER_ADDRESS)) {
    const [method, url] = route.split(' ');
    if (!method || !url) throw new Error(`rate limits: malformed route "${route}"`);
    limitRoute(app, method, url, 'onRequest', (request) => limits.hit(name, addressOf(request)));
  }
  return limits;
}

/**
 * Runs `check` first among the `hook`s of the route `method url`, to be registered after this
 * call (onRequest: before the guards; preHandler: with the validated body and the caller). A
 * route that never appears stops the start, so a renamed route cannot lose its limit unnoticed.
 */
export function limitRoute(
  app: FastifyInstance,
  method: string,
  url: string,
  hook: 'onRequest' | 'preHandler',
  check: (request: FastifyRequest) => Promise<void>,
): void {
  let limited = limitedRoutes.get(app);
  if (!limited) {
    // One onRoute hook for every limit: each hook runs for each of the app's routes.
    const byRoute = new Map<string, Limit[]>();
    limitedRoutes.set(app, byRoute);
    app.addHook('onRoute', (route) => {
      const path = pathOf(route);
      for (const routeMethod of [route.method].flat()) {
        for (const limit of byRoute.get(`${routeMethod} ${path}`) ?? []) {
          prepend(route, limit.hook, limit.check);
          limit.found = true;
        }
      }
    });
    limited = byRoute;
  }
  const limit: Limit = { hook, check, found: false };
  const key = `${method} ${url}`;
  limited.set(key, [...(limited.get(key) ?? []), limit]);
  app.addHook('onReady', async () => {
    if (!limit.found) throw new Error(`rate limits: no route ${method} ${url}`);
  });
}

/** The client's address as counted: IPv6 by /64, as one subscriber usually holds a whole /64. */
function addressOf(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

function pathOf(route: RouteOptions): string {
  return route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
}

type Hook = (request: FastifyRequest) => Promise<void>;

interface Limit {
  hook: 'onRequest' | 'preHandler';
  check: Hook;
  found: boolean;
}
/** Each app's limited routes, by `METHOD /path`. */
const limitedRoutes = new WeakMap<FastifyInstance, Map<string, Limit[]>>();

function prepend(route: RouteOptions, hook: 'onRequest' | 'preHandler', check: Hook): void {
  const existing = route[hook];
  const handlers = existing === undefined ? [] : [existing].flat();
  (route as unknown as Record<string, unknown>)[hook] = [check, ...handlers];
}

/** A Redis connection, ready unless Redis is unreachable now (it keeps trying in the background). */
async function connect(url: string, log: FastifyBaseLogger): Promise<Redis> {
  // A count either answers at once or is skipped: no queue of commands waiting for Redis.
  const redis = newRedis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  redis.on('error', (error) => log.debug({ err: error }, 'rate limits: Redis unavailable'));
  await redis.connect().catch((error) => log.warn({ err: error }, 'rate limits: Redis unavailable, not counting'));
  return redis;
}
