/**
 * Several Parley instances on one PostgreSQL database (PostgreSQL pass only): each delivery is
 * sent once however many workers claim due jobs at the same time, and deliveries outlive the
 * instance that queued them.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { startReceiver, waitUntil, type Receiver } from './helpers/webhook-receiver.js';

async function subscribeAndCreateGroups(t: TestApp, tenant: Tenant, target: string, names: string[]) {
  const subscription = await t.http('POST', `/${tenant.projectId}/subscriptions`, {
    headers: tenant.owner.basic,
    body: { event: 'group.create', target },
  });
  assert.equal(subscription.status, 200, subscription.text);
  for (const name of names) {
    const group = await t.http('POST', `/${tenant.projectId}/groups`, { headers: tenant.owner.basic, body: { name } });
    assert.equal(group.status, 200, group.text);
  }
}

async function history(t: TestApp, tenant: Tenant): Promise<any[]> {
  const response = await t.http('GET', `/${tenant.projectId}/subscriptions/history`, {
    headers: tenant.owner.basic,
    query: { limit: '100' },
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** Calls per delivery id, split by the status the receiver answered. */
function callsByDelivery(receiver: Receiver) {
  const byId = new Map<string, number[]>();
  for (const call of receiver.calls) {
    const id = call.headers['x-parley-delivery'] as string;
    byId.set(id, [...(byId.get(id) ?? []), call.status]);
  }
  return byId;
}

describe('webhooks across instances', () => {
  const cleanup: Array<() => Promise<void>> = [];
  after(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('delivers each event exactly once when two instances claim the same due jobs, retries included', async () => {
    const one = await startTestApp({}, { startWorkers: false, jobs: { batchSize: 3 } });
    const two = await startTestApp({}, { sameDatabaseAs: one, startWorkers: false, jobs: { batchSize: 3 } });
    cleanup.push(
      () => one.close(),
      () => two.close(),
    );
    // The first call of every delivery fails, so each one is claimed twice.
    const seen = new Set<string>();
    const receiver = await startReceiver(0, (call) => {
      const id = call.headers['x-parley-delivery'] as string;
      if (seen.has(id)) return 200;
      seen.add(id);
      return 503;
    });
    cleanup.push(() => receiver.close());

    const tenant = await newTenant(one);
    const names = Array.from({ length: 24 }, (_, i) => `group ${String(i).padStart(2, '0')}`);
    await subscribeAndCreateGroups(one, tenant, receiver.url, names);
    assert.equal((await history(two, tenant)).length, names.length, 'both instances see the queued deliveries');

    let runs = 0;
    await waitUntil('every delivery to succeed', async () => {
      const counts = await Promise.all([one.context.jobs.runDue(), two.context.jobs.runDue()]);
      runs += counts[0] + counts[1];
      const log = await history(one, tenant);
      return log.every((entry) => entry.status === 'delivered');
    });

    assert.equal(runs, names.length * 2, 'every attempt ran once, on one instance');
    const byDelivery = callsByDelivery(receiver);
    assert.equal(byDelivery.size, names.length);
    for (const [id, statuses] of byDelivery) assert.deepEqual(statuses, [503, 200], id);
    const received = receiver.calls.filter((call) => call.status === 200).map((call) => call.body.payload.name);
    assert.deepEqual(received.sort(), names);
    for (const entry of await history(two, tenant)) {
      assert.equal(entry.attempts, 2);
      assert.equal(entry.response_status, 200);
    }
  });

  it('delivers what an instance queued after it is gone, including jobs it held when it crashed', async () => {
    const keeper = await startTestApp({}, { startWorkers: false });
    cleanup.push(() => keeper.close());
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());

    const gone = await startTestApp({}, { sameDatabaseAs: keeper, startWorkers: false });
    const tenant = await newTenant(gone);
    const names = ['a', 'b', 'c', 'd', 'e'];
    await subscribeAndCreateGroups(gone, tenant, receiver.url, names);
    // What a crash mid-attempt leaves behind: two jobs claimed by a worker that never finished.
    await sql`
      UPDATE jobs SET status = 'running', locked_by = 'crashed-worker', attempts = 1,
        locked_until = now() - interval '1 second'
      WHERE id IN (SELECT id FROM jobs WHERE project_id = ${tenant.projectId} ORDER BY id LIMIT 2)`.execute(
      gone.context.connection(),
    );
    await gone.close();
    assert.equal(receiver.calls.length, 0);

    const restarted = await startTestApp({}, { sameDatabaseAs: keeper });
    cleanup.push(() => restarted.close());
    const log = await waitUntil('every delivery', async () => {
      const entries = await history(restarted, tenant);
      return entries.length === names.length && entries.every((entry) => entry.status === 'delivered') && entries;
    });
    assert.equal(log.length, names.length);
    assert.deepEqual(receiver.calls.map((call) => call.body.payload.name).sort(), names);
    assert.equal(callsByDelivery(receiver).size, names.length, 'one call per delivery');
  });
});
