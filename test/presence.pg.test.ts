/**
 * Presence across instances (platform/presence.ts): two instances sharing a Redis agree on who
 * holds a live subscription, and an instance that stops takes its members offline with it.
 * (Runs in the PostgreSQL pass, with the other tests that need their own Redis process.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { FastifyBaseLogger } from 'fastify';
import { createPresence, type Presence } from '../src/platform/presence.js';
import { freePort } from './helpers/free-port.js';
import { redisUp, startRedis, stop, until } from './helpers/processes.js';

const ignore = () => {};
const silent = { debug: ignore, info: ignore, warn: ignore, error: ignore } as unknown as FastifyBaseLogger;

let redis: ChildProcess;
let a: Presence;
let b: Presence;

before(async () => {
  const port = await freePort();
  redis = startRedis(port);
  await redisUp(port);
  const url = `redis://127.0.0.1:${port}`;
  a = createPresence(url, 'test:', silent);
  b = createPresence(url, 'test:', silent);
});

after(async () => {
  await b.close();
  await stop(redis);
});

/** Presence writes are not awaited by hold/release: wait until `instance` sees `expected`. */
async function sees(instance: Presence, member: string, expected: boolean) {
  await until(`${member} ${expected ? 'online' : 'offline'}`, async () =>
    (await instance.isOnline('p1', member)) === expected ? true : undefined,
  );
}

test('a member online on one instance is online on the other, until their last subscription goes', async () => {
  assert.equal(await b.isOnline('p1', 'agent'), false);
  a.hold('p1', 'agent');
  a.hold('p1', 'agent');
  assert.equal(await a.isOnline('p1', 'agent'), true);
  await sees(b, 'agent', true);
  assert.equal(await b.isOnline('p2', 'agent'), false, 'per project');
  a.release('p1', 'agent');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await b.isOnline('p1', 'agent'), true, 'one subscription is left');
  a.release('p1', 'agent');
  await sees(b, 'agent', false);
});

test('both instances holding a member: online until both let go; a stopping instance lets go', async () => {
  a.hold('p1', 'visitor');
  b.hold('p1', 'visitor');
  await sees(a, 'visitor', true);
  b.release('p1', 'visitor');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await b.isOnline('p1', 'visitor'), true, 'still held by the other instance');
  await a.close();
  await sees(b, 'visitor', false);
});
