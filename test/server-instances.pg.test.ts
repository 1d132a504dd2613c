/**
 * Several servers on one PostgreSQL database without Redis: realtime frames stay on the server
 * that produced them while any server runs the jobs, so a bot's answer composed on one never
 * reaches a visitor connected to the other. A server that finds another says so in its log.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/webhook-receiver.js';

const started: TestApp[] = [];

after(async () => {
  for (const app of started.reverse()) await app.close();
});

/** A logger whose error lines the test reads. */
function recordingLogger() {
  const lines: Array<{ msg: string; otherServers?: number }> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const SHARED = /other Parley servers share this database but REDIS_URL is not set/;

test('a server joining another on the same database without Redis logs an error naming the cause', async () => {
  const first = recordingLogger();
  const a = await startTestApp({}, { logger: first.logger });
  started.push(a);
  assert.deepEqual(first.lines, [], 'alone on its database, a server has nothing to report');

  const second = recordingLogger();
  const b = await startTestApp({}, { sameDatabaseAs: a, logger: second.logger });
  started.push(b);
  // The check runs when the server is ready, on the job worker's start.
  const report = await waitUntil(
    'the error about servers sharing the database',
    () => second.lines.find((line) => SHARED.test(line.msg)),
    10_000,
  );
  assert.equal(report.otherServers, 1);
});

test('with Redis, servers sharing a database have nothing to report', async () => {
  const first = recordingLogger();
  const a = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' }, { logger: first.logger });
  started.push(a);
  const second = recordingLogger();
  const b = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' }, { sameDatabaseAs: a, logger: second.logger });
  started.push(b);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(
    [...first.lines, ...second.lines].filter((line) => SHARED.test(line.msg)),
    [],
  );
});
