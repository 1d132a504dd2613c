/**
 * POST /:project_id/subscriptions/test: one test delivery, sent now through the outbound client
 * (signed for a subscription), answering what the target said; limited per project.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.js';
import { freePort } from './helpers/free-port.js';

async function subscribe(t: TestApp, tenant: Tenant, target: string, event = 'request.create') {
  const response = await t.http('POST', `/${tenant.projectId}/subscriptions`, {
    headers: tenant.owner.basic,
    body: { event, target },
  });
  assert.equal(response.status, 200, response.text);
  return { id: response.body._id as string, secret: response.headers['x-hook-secret'] as string };
}

describe('webhook target test', () => {
  let t: TestApp;
  let receiver: Receiver;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_WEBHOOK_TESTS: '1000' });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  const test = (tenant: Tenant, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', `/${tenant.projectId}/subscriptions/test`, { headers, body });

  it('sends an unsigned test delivery to a target and answers what it said', async () => {
    const tenant = await newTenant(t);
    const before = receiver.calls.length;
    const result = await test(tenant, { target: receiver.url });
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(result.body, {
      success: true,
      target: receiver.url,
      event: 'test',
      status: 200,
      body: '{"ok":true}',
    });
    assert.equal(receiver.calls.length, before + 1);
    const call = receiver.calls.at(-1)!;
    assert.equal(call.headers['x-parley-event'], 'test');
    assert.equal(call.headers['x-parley-signature'], undefined);
    assert.match(String(call.headers['x-parley-delivery']), /^[0-9a-f]{24}$/);
    assert.equal(call.body.payload.test, true);
    assert.equal(call.body.payload.id_project, tenant.projectId);
    assert.equal(call.body.hook, undefined);
    // Nothing is stored.
    const history = await t.http('GET', `/${tenant.projectId}/subscriptions/history`, { headers: tenant.owner.basic });
    assert.deepEqual(history.body, []);
  });

  it('tests a subscription with its event and secret, as its deliveries are signed', async () => {
    const tenant = await newTenant(t);
    const { id, secret } = await subscribe(t, tenant, receiver.url, 'group.create');
    const result = await test(tenant, { subscription_id: id });
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.success, true);
    assert.equal(result.body.event, 'group.create');
    const call = receiver.calls.at(-1)!;
    assert.equal(call.headers['x-parley-event'], 'group.create');
    const timestamp = call.headers['x-parley-timestamp'] as string;
    const expected = createHmac('sha256', secret).update(`${timestamp}.${call.raw}`).digest('hex');
    assert.equal(call.headers['x-parley-signature'], `sha256=${expected}`);
    assert.equal(call.body.hook._id, id);
    assert.equal(typeof call.body.token, 'string');
    assert.ok(!call.raw.includes(secret) && !result.text.includes(secret));
    const other = await test(tenant, { subscription_id: id, event: 'request.close' });
    assert.equal(other.body.event, 'request.close');
  });

  it("reports a failing target's status and the start of its body, and unreachable targets", async () => {
    const tenant = await newTenant(t);
    const failing = await startReceiver(0, () => ({ status: 503, body: { reason: 'x'.repeat(10_000) } }));
    try {
      const result = await test(tenant, { target: failing.url });
      assert.equal(result.status, 200, result.text);
      assert.equal(result.body.success, false);
      assert.equal(result.body.status, 503);
      assert.equal(result.body.body.length, 4096);
      assert.ok(result.body.body.startsWith('{"reason":"xxx'));
      assert.equal(result.body.truncated, true);
    } finally {
      await failing.close();
    }
    const down = await test(tenant, { target: `http://127.0.0.1:${await freePort()}/hook` });
    assert.equal(down.status, 200);
    assert.equal(down.body.success, false);
    assert.equal(down.body.status, undefined);
    assert.match(down.body.error, /ECONNREFUSED/);
  });

  it('refuses bad input, unknown subscriptions and callers below admin', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    for (const body of [
      {},
      { target: 'not a url' },
      { target: 'ftp://example.test/x' },
      { target: receiver.url, event: 'nope' },
    ]) {
      const invalid = await test(tenant, body);
      assert.equal(invalid.status, 422, JSON.stringify(body));
    }
    const missing = await test(tenant, { subscription_id: '0123456789abcdef01234567' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, msg: 'Object not found.' });
    const asAgent = await test(tenant, { target: receiver.url }, agent.basic);
    assert.equal(asAgent.status, 403);
    assert.equal((await test(tenant, { target: receiver.url }, {})).status, 401);
  });

  it("does not test another project's subscription", async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const { id } = await subscribe(t, a, receiver.url);
    const before = receiver.calls.length;
    const result = await test(b, { subscription_id: id });
    assert.equal(result.status, 404);
    assert.equal(receiver.calls.length, before);
  });
});

describe('webhook target test: the outbound guard and the rate limit', () => {
  it('refuses private targets unless ALLOW_PRIVATE_OUTBOUND, and limits the tests per project', async () => {
    // No job worker: this app's outbound settings must not apply to other apps' deliveries.
    const t = await startTestApp(
      { ALLOW_PRIVATE_OUTBOUND: 'false', RATE_LIMIT_WEBHOOK_TESTS: '2' },
      { startWorkers: false },
    );
    try {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const url = (project: Tenant) => `/${project.projectId}/subscriptions/test`;
      const refused = await t.http('POST', url(tenant), {
        headers: tenant.owner.basic,
        body: { target: 'http://127.0.0.1:9/hook' },
      });
      assert.equal(refused.status, 200, refused.text);
      assert.equal(refused.body.success, false);
      assert.match(refused.body.error, /refused/);
      const second = await t.http('POST', url(tenant), {
        headers: tenant.owner.basic,
        body: { target: 'http://10.0.0.1/' },
      });
      assert.equal(second.status, 200);
      const limited = await t.http('POST', url(tenant), {
        headers: tenant.owner.basic,
        body: { target: 'http://10.0.0.1/' },
      });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0 || limited.body.retryAfter > 0);
      // Another project has its own allowance.
      const elsewhere = await t.http('POST', url(other), {
        headers: other.owner.basic,
        body: { target: 'http://10.0.0.1/' },
      });
      assert.equal(elsewhere.status, 200);
    } finally {
      await t.close();
    }
  });
});
