/**
 * Who is online: a member (an agent's user id, a visitor's uuid) is online in a project while one
 * of their WebSocket connections, on any instance, holds a subscription in that project. Email
 * notifications ask this (Tiledesk's rule: not while they are in the dashboard or the widget).
 *
 * Each instance counts its own subscriptions. With Redis, each member online here is also an
 * entry `instance -> expiry` in a sorted set, refreshed while it lasts and removed when its last
 * subscription goes, so an instance that dies stops counting within PRESENCE_TTL_MS. Presence is
 * advisory: when Redis cannot be asked, a member not online here counts as offline (at worst, an
 * email too many).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { newRedis } from './redis.js';

export interface Presence {
  /** One more live subscription of `memberId` in `projectId` on this instance. */
  hold(projectId: string, memberId: string): void;
  release(projectId: string, memberId: string): void;
  isOnline(projectId: string, memberId: string): Promise<boolean>;
  close(): Promise<void>;
}

const PRESENCE_TTL_MS = 60_000;

export function createPresence(redisUrl: string | undefined, prefix: string, log: FastifyBaseLogger): Presence {
  const local = new Map<string, number>();
  const keyOf = (projectId: string, memberId: string) => `${projectId}:${memberId}`;
  const shared = redisUrl ? createSharedPresence(redisUrl, prefix, log, () => local.keys()) : undefined;

  return {
    hold(projectId, memberId) {
      const key = keyOf(projectId, memberId);
      const count = (local.get(key) ?? 0) + 1;
      local.set(key, count);
      if (count === 1) shared?.online(key);
    },
    release(projectId, memberId) {
      const key = keyOf(projectId, memberId);
      const count = (local.get(key) ?? 0) - 1;
      if (count > 0) return void local.set(key, count);
      local.delete(key);
      shared?.offline(key);
    },
    async isOnline(projectId, memberId) {
      const key = keyOf(projectId, memberId);
      if ((local.get(key) ?? 0) > 0) return true;
      return (await shared?.isOnline(key)) ?? false;
    },
    async close() {
      await shared?.close();
    },
  };
}

function createSharedPresence(url: string, prefix: string, log: FastifyBaseLogger, localKeys: () => Iterable<string>) {
  const instance = randomUUID();
  const redis = newRedis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (error: Error) => log.debug({ err: error }, 'presence: redis error'));
  void redis.connect().catch(() => undefined); // reconnects by itself
  const redisKey = (key: string) => `${prefix}presence:${key}`;
  const warn = (error: unknown) => log.debug({ err: error }, 'presence: redis command failed');

  function mark(keys: Iterable<string>): void {
    const pipeline = redis.pipeline();
    const expiry = Date.now() + PRESENCE_TTL_MS;
    for (const key of keys) {
      pipeline.zadd(redisKey(key), expiry, instance);
      pipeline.pexpire(redisKey(key), PRESENCE_TTL_MS);
    }
    if (pipeline.length > 0) pipeline.exec().catch(warn);
  }

  // Refreshed well within the TTL: a live member never lapses, a dead instance's do. Marks that
  // failed while Redis was unreachable (or not yet connected) are made again when it is ready.
  const refresh = setInterval(() => mark(localKeys()), PRESENCE_TTL_MS / 3);
  refresh.unref();
  redis.on('ready', () => mark(localKeys()));

  return {
    online: (key: string) => mark([key]),
    offline: (key: string) => void redis.zrem(redisKey(key), instance).catch(warn),
    async isOnline(key: string): Promise<boolean> {
      try {
        return (await redis.zcount(redisKey(key), Date.now(), '+inf')) > 0;
      } catch (error) {
        warn(error);
        return false;
      }
    },
    async close() {
      clearInterval(refresh);
      // Members online here are not any more.
      await Promise.all([...localKeys()].map((key) => redis.zrem(redisKey(key), instance).catch(warn)));
      redis.disconnect();
    },
  };
}
