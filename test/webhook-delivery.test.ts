import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { jwtVerify } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';
import { startReceiver, waitUntil, type ReceivedCall, type Receiver } from './helpers/webhook-receiver.js';

async function subscribe(t: TestApp, tenant: Tenant, event: string, target: string) {
  const response = await t.http('POST', `/${tenant.projectId}/subscriptions`, {
    headers: tenant.owner.basic,
    body: { event, target },
  });
  assert.equal(response.status, 200, response.text);
  return { id: response.body._id as string, secret: response.headers['x-hook-secret'] as string };
}

async function history(t: TestApp, tenant: Tenant, query?: Record<string, string>): Promise<any[]> {
  const response = await t.http('GET', `/${tenant.projectId}/subscriptions/history`, {
    headers: tenant.owner.basic,
    query,
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

async function subscription(t: TestApp, tenant: Tenant, id: string) {
  const response = await t.http('GET', `/${tenant.projectId}/subscriptions/${id}`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

async function createGroup(t: TestApp, tenant: Tenant, name: string) {
  const response = await t.http('POST', `/${tenant.projectId}/groups`, { headers: tenant.owner.basic, body: { name } });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** Waits until the log has `count` deliveries, all in a final state, and returns it. */
function settled(t: TestApp, tenant: Tenant, count: number) {
  return waitUntil(`${count} settled deliveries`, async () => {
    const log = await history(t, tenant);
    return log.length === count && log.every((entry) => entry.status !== 'pending') && log;
  });
}

const delivered = (receiver: Receiver) => receiver.calls.filter((call) => call.status < 300);
const groupNames = (calls: ReceivedCall[]) => calls.map((call) => call.body.payload.name).sort();

describe('webhook delivery', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ WEBHOOK_MAX_ATTEMPTS: '50' });
  });
  after(() => t.close());

  it('POSTs the Tiledesk body with a valid HMAC signature and a valid subscription token', async () => {
    const receiver = await startReceiver();
    try {
      const tenant = await newTenant(t);
      const { id, secret } = await subscribe(t, tenant, 'group.create', receiver.url);
      const group = await createGroup(t, tenant, 'Sales');
      const [entry] = await settled(t, tenant, 1);
      assert.equal(receiver.calls.length, 1);
      const call = receiver.calls[0];

      assert.equal(call.method, 'POST');
      assert.equal(call.headers['content-type'], 'application/json');
      assert.equal(call.headers['user-agent'], 'parley-webhooks');
      assert.equal(call.headers['x-parley-event'], 'group.create');
      assert.equal(call.headers['x-hook-secret'], undefined, 'the secret itself is never sent');
      assert.ok(!call.raw.includes(secret));
      const timestamp = call.headers['x-parley-timestamp'] as string;
      assert.match(timestamp, /^\d+$/);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${call.raw}`).digest('hex');
      assert.equal(call.headers['x-parley-signature'], `sha256=${expected}`);

      assert.equal(typeof call.body.timestamp, 'number');
      assert.deepEqual(call.body.payload, group);
      assert.equal(call.body.hook._id, id);
      assert.equal(call.body.hook.event, 'group.create');
      assert.equal(call.body.hook.target, receiver.url);
      assert.equal(call.body.hook.id_project, tenant.projectId);
      assert.equal(call.body.hook.secret, undefined);

      const { payload } = await jwtVerify(call.body.token, new TextEncoder().encode(secret), {
        issuer: 'https://tiledesk.com',
        audience: `https://tiledesk.com/subscriptions/${id}`,
        subject: 'subscription',
      });
      assert.equal(payload._id, id);
      const callBack = await t.http('GET', `/${tenant.projectId}/groups`, {
        headers: { authorization: `JWT ${call.body.token}` },
      });
      assert.equal(callBack.status, 200, 'the receiver can call the API back with the token');

      assert.equal(entry._id, call.headers['x-parley-delivery']);
      assert.equal(entry.subscription_id, id);
      assert.equal(entry.event, 'group.create');
      assert.equal(entry.target, receiver.url);
      assert.equal(entry.status, 'delivered');
      assert.equal(entry.attempts, 1);
      assert.equal(entry.response_status, 200);
      assert.equal(entry.error, undefined);
      assert.ok(Date.parse(entry.delivered_at) >= Date.parse(entry.createdAt));
    } finally {
      await receiver.close();
    }
  });

  it('delivers the subscribed events of its own project only, and logs them newest first', async () => {
    const receiver = await startReceiver();
    try {
      const a = await newTenant(t);
      const b = await newTenant(t);
      await subscribe(t, a, 'group.*', receiver.url);
      await subscribe(t, a, 'project_user.update', receiver.url);
      await subscribe(t, b, 'group.create', `${receiver.url}?project=b`);

      const headers = a.owner.basic;
      const department = await t.http('POST', `/${a.projectId}/departments`, { headers, body: { name: 'Support' } });
      assert.equal(department.status, 200, department.text);
      const group = await createGroup(t, a, 'Sales');
      const renamed = await t.http('PUT', `/${a.projectId}/groups/${group._id}`, {
        headers,
        body: { name: 'Sales EU' },
      });
      assert.equal(renamed.status, 200);
      const self = await t.http('PUT', `/${a.projectId}/project_users/`, { headers, body: { user_available: false } });
      assert.equal(self.status, 200, self.text);
      const removed = await t.http('DELETE', `/${a.projectId}/groups/${group._id}`, { headers });
      assert.equal(removed.status, 200);
      await createGroup(t, b, 'Other project');

      const log = await settled(t, a, 4);
      assert.deepEqual(
        log.map((entry) => entry.event),
        ['group.delete', 'project_user.update', 'group.update', 'group.create'],
      );
      assert.ok(log.every((entry) => entry.status === 'delivered'));
      const page = await history(t, a, { limit: '2', page: '1' });
      assert.deepEqual(
        page.map((entry) => entry.event),
        ['group.update', 'group.create'],
      );

      await settled(t, b, 1);
      const fromA = receiver.calls.filter((call) => !call.url.includes('project=b'));
      assert.deepEqual(fromA.map((call) => call.headers['x-parley-event']).sort(), [
        'group.create',
        'group.delete',
        'group.update',
        'project_user.update',
      ]);
      assert.ok(fromA.every((call) => call.body.payload.id_project === a.projectId));
      const fromB = receiver.calls.filter((call) => call.url.includes('project=b'));
      assert.deepEqual(groupNames(fromB), ['Other project']);
    } finally {
      await receiver.close();
    }
  });

  it('retries a failed attempt with the same delivery id and delivers exactly once', async () => {
    const receiver = await startReceiver(0, (_call, index) => (index === 0 ? 500 : 200));
    try {
      const tenant = await newTenant(t);
      const { id } = await subscribe(t, tenant, 'group.create', receiver.url);
      await createGroup(t, tenant, 'Retry me');
      const [entry] = await settled(t, tenant, 1);

      assert.deepEqual(
        receiver.calls.map((call) => call.status),
        [500, 200],
      );
      assert.equal(receiver.calls[0].headers['x-parley-delivery'], receiver.calls[1].headers['x-parley-delivery']);
      assert.equal(receiver.calls[1].headers['x-parley-delivery'], entry._id);
      assert.equal(entry.status, 'delivered');
      assert.equal(entry.attempts, 2);
      assert.equal(entry.response_status, 200);
      assert.equal((await subscription(t, tenant, id)).consecutive_failures, 0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers every event exactly once to a receiver that was down for a while', async () => {
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();

    const tenant = await newTenant(t);
    await subscribe(t, tenant, 'group.create', `http://127.0.0.1:${port}/hook`);
    const names = ['g1', 'g2', 'g3', 'g4', 'g5'];
    for (const name of names) await createGroup(t, tenant, name);

    const failing = await waitUntil('every delivery to fail twice', async () => {
      const log = await history(t, tenant);
      return log.length === names.length && log.every((entry) => entry.attempts >= 2) && log;
    });
    for (const entry of failing) {
      assert.equal(entry.status, 'pending');
      assert.match(entry.error, /ECONNREFUSED/);
    }

    const receiver = await startReceiver(port);
    try {
      const log = await settled(t, tenant, names.length);
      assert.ok(log.every((entry) => entry.status === 'delivered'));
      assert.deepEqual(groupNames(receiver.calls), names);
      const ids = receiver.calls.map((call) => call.headers['x-parley-delivery']);
      assert.equal(new Set(ids).size, names.length, 'one call per delivery');
    } finally {
      await receiver.close();
    }
  });

  it('sends pending retries to the corrected target of their subscription', async () => {
    const probe = await startReceiver();
    await probe.close();
    const receiver = await startReceiver();
    try {
      const tenant = await newTenant(t);
      const { id } = await subscribe(t, tenant, 'group.create', probe.url);
      await createGroup(t, tenant, 'misdirected');
      await waitUntil('a failed attempt', async () => (await history(t, tenant))[0]?.attempts >= 1);
      const fixed = await t.http('PUT', `/${tenant.projectId}/subscriptions/${id}`, {
        headers: tenant.owner.basic,
        body: { target: receiver.url },
      });
      assert.equal(fixed.status, 200);
      const [entry] = await settled(t, tenant, 1);
      assert.equal(entry.status, 'delivered');
      assert.equal(entry.target, receiver.url);
      assert.deepEqual(groupNames(receiver.calls), ['misdirected']);
    } finally {
      await receiver.close();
    }
  });

  it('queues, of one transaction, the events its subscriptions ask for and no others', async () => {
    const receiver = await startReceiver();
    try {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const quiet = await newTenant(t);
      await subscribe(t, a, 'group.*', receiver.url);
      await subscribe(t, b, 'department.create', `${receiver.url}?project=b`);
      await t.context.transaction(async ({ emit }) => {
        emit('department.create', a.projectId, { name: 'a: no subscription' });
        emit('group.create', a.projectId, { name: 'a: created' });
        emit('group.create', quiet.projectId, { name: 'quiet: no subscription' });
        emit('department.create', b.projectId, { name: 'b: created' });
        emit('group.delete', a.projectId, { name: 'a: deleted' });
        emit('group.create', b.projectId, { name: 'b: no subscription' });
      });

      assert.deepEqual((await settled(t, a, 2)).map((entry) => entry.event).sort(), ['group.create', 'group.delete']);
      assert.deepEqual(
        (await settled(t, b, 1)).map((entry) => entry.event),
        ['department.create'],
      );
      assert.deepEqual(groupNames(receiver.calls), ['a: created', 'a: deleted', 'b: created']);
      assert.deepEqual(await history(t, quiet), []);
    } finally {
      await receiver.close();
    }
  });

  it('delivers the finer Tiledesk names once to each subscription that covers them', async () => {
    const receiver = await startReceiver();
    try {
      const tenant = await newTenant(t);
      const events = [
        'event.emit.checkout',
        'event.emit.signup',
        'event.*',
        'message.create.request.channel.telegram',
        'message.create.request.channel.email',
        'project_user.update.agent',
      ];
      for (const event of events) await subscribe(t, tenant, event, `${receiver.url}?subscription=${event}`);

      // The owner, an agent, goes offline: the request below then waits unassigned.
      const offline = await t.http('PUT', `/${tenant.projectId}/project_users/`, {
        headers: tenant.owner.basic,
        body: { user_available: false },
      });
      assert.equal(offline.status, 200, offline.text);
      const emitted = await t.http('POST', `/${tenant.projectId}/events`, {
        headers: tenant.owner.basic,
        body: { name: 'checkout', attributes: { total: 10 } },
      });
      assert.equal(emitted.status, 200, emitted.text);
      // A request made with POST /requests has no message yet: the first comes next.
      const request = await createRequest(t, tenant, { first_text: 'hello', channel: { name: 'telegram' } });
      const message = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
        headers: tenant.owner.basic,
        body: { text: 'hello from telegram' },
      });
      assert.equal(message.status, 200, message.text);
      const log = await settled(t, tenant, 4);
      assert.deepEqual(log.map((entry) => entry.event).sort(), [
        'event.emit',
        'event.emit',
        'message.create',
        'project_user.update',
      ]);
      const bySubscription = Object.fromEntries(
        events.map((event) => [
          event,
          delivered(receiver).filter(
            (call) => new URL(call.url, receiver.url).searchParams.get('subscription') === event,
          ),
        ]),
      );
      assert.deepEqual(
        bySubscription['event.emit.checkout'].map((call) => call.body.payload.name),
        ['checkout'],
      );
      assert.deepEqual(
        bySubscription['event.*'].map((call) => call.body.payload.name),
        ['checkout'],
      );
      assert.deepEqual(bySubscription['event.emit.signup'], []);
      assert.deepEqual(
        bySubscription['message.create.request.channel.telegram'].map((call) => [
          call.body.payload.text,
          call.body.payload.request.request_id,
        ]),
        [['hello from telegram', request.request_id]],
      );
      assert.deepEqual(bySubscription['message.create.request.channel.email'], []);
      assert.deepEqual(
        bySubscription['project_user.update.agent'].map((call) => [
          call.body.payload.id_user._id,
          call.body.payload.user_available,
        ]),
        [[tenant.owner.id, false]],
      );
      assert.deepEqual(
        delivered(receiver)
          .map((call) => call.headers['x-parley-event'])
          .sort(),
        ['event.emit', 'event.emit', 'message.create', 'project_user.update'],
        'a delivery is named by its event, whichever of its names the subscription asked for',
      );
    } finally {
      await receiver.close();
    }
  });

  it('queues nothing when the transaction that emitted the event rolls back', async () => {
    const receiver = await startReceiver();
    try {
      const tenant = await newTenant(t);
      await subscribe(t, tenant, 'group.create', receiver.url);
      const { events, transaction, connection } = t.context;

      // Fails in the work, after the emit: the staging hooks never run.
      await assert.rejects(
        transaction(async ({ emit }) => {
          emit('group.create', tenant.projectId, { name: 'never' });
          throw new Error('work failed');
        }),
        /work failed/,
      );
      // Fails after the webhook hook staged its rows: they roll back with the rest.
      events.stage(async (emitted) => {
        if (emitted.some((event) => (event.payload as { name?: string }).name === 'fail after staging')) {
          throw new Error('commit refused');
        }
      });
      await assert.rejects(
        transaction(async ({ emit }) => {
          emit('group.create', tenant.projectId, { name: 'fail after staging' });
        }),
        /commit refused/,
      );

      assert.deepEqual(await history(t, tenant), []);
      const jobs = await connection()
        .selectFrom('jobs')
        .select('id')
        .where('project_id', '=', tenant.projectId)
        .execute();
      assert.deepEqual(jobs, []);

      await createGroup(t, tenant, 'committed');
      await settled(t, tenant, 1);
      assert.deepEqual(groupNames(receiver.calls), ['committed']);
    } finally {
      await receiver.close();
    }
  });
});

// These apps get databases of their own on PostgreSQL: their settings differ from the other test
// apps', whose workers would otherwise run their deliveries (and they the others').
describe('webhook failures', () => {
  it('disables a subscription after consecutive failed deliveries; a success or a re-enable resets the count', async () => {
    const t = await startTestApp({ WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_DISABLE_AFTER: '2' });
    let status = 500;
    const receiver = await startReceiver(0, () => status);
    try {
      const tenant = await newTenant(t);
      const { id } = await subscribe(t, tenant, 'group.create', receiver.url);

      await createGroup(t, tenant, 'first');
      const [failed] = await settled(t, tenant, 1);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 2);
      assert.equal(failed.response_status, 500);
      assert.match(failed.error, /^HTTP 500/);
      assert.equal((await subscription(t, tenant, id)).consecutive_failures, 1);

      status = 200;
      await createGroup(t, tenant, 'second');
      await settled(t, tenant, 2);
      assert.equal((await subscription(t, tenant, id)).consecutive_failures, 0);

      status = 500;
      await createGroup(t, tenant, 'third');
      await createGroup(t, tenant, 'fourth');
      const log = await settled(t, tenant, 4);
      assert.deepEqual(
        log.map((entry) => entry.status),
        ['failed', 'failed', 'delivered', 'failed'],
      );
      const disabled = await subscription(t, tenant, id);
      assert.equal(disabled.enabled, false);
      assert.equal(disabled.consecutive_failures, 2);
      assert.match(disabled.disabled_reason, /^disabled after 2 consecutive failed deliveries \(last: HTTP 500/);
      assert.ok(!Number.isNaN(Date.parse(disabled.disabled_at)));

      await createGroup(t, tenant, 'while disabled');
      assert.equal((await history(t, tenant)).length, 4, 'a disabled subscription queues nothing');

      const reenabled = await t.http('PUT', `/${tenant.projectId}/subscriptions/${id}`, {
        headers: tenant.owner.basic,
        body: { enabled: true },
      });
      assert.equal(reenabled.body.enabled, true);
      assert.equal(reenabled.body.consecutive_failures, 0);
      assert.equal(reenabled.body.disabled_reason, undefined);
      assert.equal(reenabled.body.disabled_at, undefined);

      status = 200;
      await createGroup(t, tenant, 'after re-enable');
      const final = await settled(t, tenant, 5);
      assert.equal(final[0].status, 'delivered');
      assert.deepEqual(groupNames(delivered(receiver)), ['after re-enable', 'second']);
    } finally {
      await receiver.close();
      await t.close();
    }
  });

  it('refuses a loopback target when private outbound calls are not allowed, without retrying', async () => {
    const t = await startTestApp({ ALLOW_PRIVATE_OUTBOUND: 'false' });
    const receiver = await startReceiver();
    try {
      const tenant = await newTenant(t);
      const { id } = await subscribe(t, tenant, 'group.create', receiver.url);
      await createGroup(t, tenant, 'to loopback');
      const [entry] = await settled(t, tenant, 1);
      assert.equal(entry.status, 'failed');
      assert.equal(entry.attempts, 1, 'a refused target is not retried');
      assert.equal(entry.response_status, undefined);
      assert.equal(entry.error, 'refused: 127.0.0.1 is a loopback address');
      assert.equal(receiver.calls.length, 0);
      assert.equal((await subscription(t, tenant, id)).consecutive_failures, 1);
    } finally {
      await receiver.close();
      await t.close();
    }
  });
});
