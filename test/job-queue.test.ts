/**
 * The job worker's scheduling: a job holds one slot while it runs, so a slow job (a webhook
 * target taking its whole timeout) does not hold back the jobs queued after it, such as a bot's
 * answer; and stopping the worker waits for the jobs it is running.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/webhook-receiver.js';

describe('the job worker', () => {
  let t: TestApp;
  before(async () => {
    // Its own database: the worker must see only this test's jobs.
    t = await startTestApp({}, { jobs: { pollIntervalMs: 50, batchSize: 4 } });
  });
  after(() => t.close());

  it('runs a job queued behind a slow one while the slow one is still running', async () => {
    const { jobs } = t.context;
    let releaseSlow!: () => void;
    const slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve));
    const ran: string[] = [];
    jobs.register('test.slow', {
      async run() {
        ran.push('slow started');
        await slowHeld;
        ran.push('slow ended');
      },
    });
    jobs.register('test.fast', {
      async run() {
        ran.push('fast');
      },
    });

    await jobs.enqueue([{ kind: 'test.slow', payload: {} }]);
    jobs.poke();
    try {
      await waitUntil('the slow job started', () => ran.includes('slow started'));
      await jobs.enqueue([{ kind: 'test.fast', payload: {} }]);
      jobs.poke();
      await waitUntil('the fast job ran', () => ran.includes('fast'));
      assert.deepEqual(ran, ['slow started', 'fast'], 'the fast job ran while the slow one was running');
    } finally {
      // Released whatever happened: the app's close waits for the jobs it runs.
      releaseSlow();
    }
    await waitUntil('the slow job ended', () => ran.includes('slow ended'));
    const jobsOf = (kinds: string[]) =>
      t.database.db.selectFrom('jobs').select(['kind', 'status']).where('kind', 'in', kinds).orderBy('id').execute();
    await waitUntil('both jobs are recorded done', async () =>
      (await jobsOf(['test.slow', 'test.fast'])).every((row) => row.status === 'done'),
    );
    assert.deepEqual(await jobsOf(['test.slow', 'test.fast']), [
      { kind: 'test.slow', status: 'done' },
      { kind: 'test.fast', status: 'done' },
    ]);
  });

  it('never runs more jobs at once than its slots', async () => {
    const { jobs } = t.context;
    let active = 0;
    let most = 0;
    let done = 0;
    jobs.register('test.counted', {
      async run() {
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active -= 1;
        done += 1;
      },
    });
    await jobs.enqueue(Array.from({ length: 12 }, () => ({ kind: 'test.counted', payload: {} })));
    jobs.poke();
    await waitUntil('every counted job ran', () => done === 12);
    assert.ok(most <= 4, `at most 4 at once (batchSize), saw ${most}`);
    assert.ok(most > 1, `jobs ran side by side, saw ${most} at most`);
  });
});
