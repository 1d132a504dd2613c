/**
 * ioredis, loaded when a first Redis client is made: only a server with REDIS_URL uses it, and
 * loading it costs about a tenth of a second of every start (issue 16, the embedded server's cold
 * start). It is CommonJS, so it loads synchronously, where the client is made.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';

const requireCommonJs = createRequire(import.meta.url);
let RedisClient: typeof Redis | undefined;

export function newRedis(url: string, options: RedisOptions): Redis {
  RedisClient ??= (requireCommonJs('ioredis') as typeof import('ioredis')).Redis;
  return new RedisClient(url, options);
}
