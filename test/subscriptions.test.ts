import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, signup, type Tenant } from './helpers/factories.js';

const TARGET = 'https://hooks.example.test/parley';

describe('subscriptions', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const subscribe = (tenant: Tenant, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', `/${tenant.projectId}/subscriptions`, { headers, body });

  describe('POST /:project_id/subscriptions', () => {
    it('creates a subscription and returns its secret once, in x-hook-secret only', async () => {
      const tenant = await newTenant(t);
      const response = await subscribe(tenant, { event: 'request.create', target: TARGET });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.event, 'request.create');
      assert.equal(response.body.target, TARGET);
      assert.equal(response.body.id_project, tenant.projectId);
      assert.equal(response.body.createdBy, tenant.owner.id);
      assert.equal(response.body.enabled, true);
      assert.equal(response.body.consecutive_failures, 0);
      assert.match(response.body._id, /^[0-9a-f]{24}$/);
      assert.equal(response.body.disabled_reason, undefined);
      const secret = response.headers['x-hook-secret'];
      assert.equal(typeof secret, 'string');
      assert.ok((secret as string).length >= 32);
      assert.ok(!response.text.includes(secret as string), 'the secret is not in the body');

      const read = await t.http('GET', `/${tenant.projectId}/subscriptions/${response.body._id}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers['x-hook-secret'], undefined);
      assert.ok(!read.text.includes(secret as string));
    });

    it('draws a different random secret for every subscription and ignores a secret in the body', async () => {
      const tenant = await newTenant(t);
      const first = await subscribe(tenant, { event: 'request.create', target: TARGET, secret: 'chosen' });
      const second = await subscribe(tenant, { event: 'request.update', target: TARGET, secret: 'chosen' });
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.notEqual(first.headers['x-hook-secret'], 'chosen');
      assert.notEqual(first.headers['x-hook-secret'], second.headers['x-hook-secret']);
    });

    it('returns the existing subscription, without its secret, for a duplicate (event, target)', async () => {
      const tenant = await newTenant(t);
      const first = await subscribe(tenant, { event: 'lead.create', target: TARGET });
      const again = await subscribe(tenant, { event: 'lead.create', target: TARGET });
      assert.equal(again.status, 200);
      assert.equal(again.body._id, first.body._id);
      assert.equal(again.headers['x-hook-secret'], undefined);
      const otherTarget = await subscribe(tenant, { event: 'lead.create', target: `${TARGET}/2` });
      assert.notEqual(otherTarget.body._id, first.body._id);
      const list = await t.http('GET', `/${tenant.projectId}/subscriptions`, { headers: tenant.owner.basic });
      assert.equal(list.body.length, 2);
    });

    it('accepts Tiledesk event names, parametric names and wildcards', async () => {
      const tenant = await newTenant(t);
      const events = [
        'message.create',
        'project_user.update',
        'faqbot.create',
        'faq.delete',
        'department.update',
        'event.emit',
        'event.emit.order_paid',
        'message.create.request.channel.telegram',
        'request.*',
        'message.create.*',
        '*',
      ];
      for (const event of events) {
        const response = await subscribe(tenant, { event, target: TARGET });
        assert.equal(response.status, 200, `${event}: ${response.text}`);
        assert.equal(response.body.event, event);
      }
    });

    it('answers 422 for a missing, unknown or malformed event or target', async () => {
      const tenant = await newTenant(t);
      const missing = await subscribe(tenant, {});
      assert.equal(missing.status, 422);
      assert.deepEqual(missing.body.errors.map((e: { param: string }) => e.param).sort(), ['event', 'target']);

      const cases = [
        { body: { event: 'request.explode', target: TARGET }, param: 'event' },
        { body: { event: 'nope.*', target: TARGET }, param: 'event' },
        { body: { event: 'event.emit.has space', target: TARGET }, param: 'event' },
        { body: { event: 'request.create', target: 'ftp://files.example.test/x' }, param: 'target' },
        { body: { event: 'request.create', target: 'not a url' }, param: 'target' },
        { body: { event: 'request.create', target: '/relative/path' }, param: 'target' },
        { body: { event: 'request.create', target: 'javascript:alert(1)' }, param: 'target' },
        { body: { event: 'request.create', target: 42 }, param: 'target' },
        { body: { event: '', target: TARGET }, param: 'event' },
      ];
      for (const { body, param } of cases) {
        const response = await subscribe(tenant, body);
        assert.equal(response.status, 422, JSON.stringify(body));
        assert.equal(response.body.errors[0].param, param, JSON.stringify(body));
        assert.equal(response.body.errors[0].location, 'body');
      }
      const list = await t.http('GET', `/${tenant.projectId}/subscriptions`, { headers: tenant.owner.basic });
      assert.deepEqual(list.body, [], 'nothing was stored');
    });

    it('answers 400 for malformed JSON', async () => {
      const tenant = await newTenant(t);
      const response = await t.http('POST', `/${tenant.projectId}/subscriptions`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: '{"event": "request.create",',
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.success, false);
    });
  });

  describe('reading, updating and deleting', () => {
    it('lists, reads, updates and deletes', async () => {
      const tenant = await newTenant(t);
      const created = await subscribe(tenant, { event: 'group.create', target: TARGET });
      const url = `/${tenant.projectId}/subscriptions/${created.body._id}`;
      const headers = tenant.owner.basic;

      const list = await t.http('GET', `/${tenant.projectId}/subscriptions`, { headers });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((s: { _id: string }) => s._id),
        [created.body._id],
      );

      const updated = await t.http('PUT', url, {
        headers,
        body: { event: 'group.*', target: `${TARGET}/v2`, id_project: 'elsewhere', secret: 'x', createdBy: 'me' },
      });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body.event, 'group.*');
      assert.equal(updated.body.target, `${TARGET}/v2`);
      assert.equal(updated.body.id_project, tenant.projectId);
      assert.equal(updated.body.createdBy, tenant.owner.id);

      const removed = await t.http('DELETE', url, { headers });
      assert.equal(removed.status, 200);
      assert.equal(removed.body._id, created.body._id);
      assert.equal((await t.http('GET', url, { headers })).status, 404);
      assert.equal((await t.http('DELETE', url, { headers })).status, 404);
    });

    it('records a manual disable and clears the failure state on re-enable', async () => {
      const tenant = await newTenant(t);
      const created = await subscribe(tenant, { event: 'group.create', target: TARGET });
      const url = `/${tenant.projectId}/subscriptions/${created.body._id}`;
      const headers = tenant.owner.basic;

      const disabled = await t.http('PUT', url, { headers, body: { enabled: false } });
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.enabled, false);
      assert.equal(disabled.body.disabled_reason, 'disabled by a project admin');
      assert.ok(!Number.isNaN(Date.parse(disabled.body.disabled_at)));

      const enabled = await t.http('PUT', url, { headers, body: { enabled: true } });
      assert.equal(enabled.body.enabled, true);
      assert.equal(enabled.body.disabled_reason, undefined);
      assert.equal(enabled.body.disabled_at, undefined);
      assert.equal(enabled.body.consecutive_failures, 0);
    });

    it('answers 422 for invalid updates, 409 for a duplicate and 404 for unknown ids', async () => {
      const tenant = await newTenant(t);
      const headers = tenant.owner.basic;
      const first = await subscribe(tenant, { event: 'group.create', target: TARGET });
      const second = await subscribe(tenant, { event: 'group.update', target: TARGET });
      const url = `/${tenant.projectId}/subscriptions/${second.body._id}`;

      for (const body of [{ target: 'gopher://x' }, { event: 'bogus' }, { enabled: 'maybe' }]) {
        const response = await t.http('PUT', url, { headers, body });
        assert.equal(response.status, 422, JSON.stringify(body));
      }
      const duplicate = await t.http('PUT', url, { headers, body: { event: 'group.create' } });
      assert.equal(duplicate.status, 409);
      const unchanged = await t.http('GET', url, { headers });
      assert.equal(unchanged.body.event, 'group.update');
      assert.notEqual(first.body._id, second.body._id);

      for (const id of ['64b7f0c2a1b2c3d4e5f60718', 'not-an-id']) {
        const path = `/${tenant.projectId}/subscriptions/${id}`;
        assert.equal((await t.http('GET', path, { headers })).status, 404);
        assert.equal((await t.http('PUT', path, { headers, body: { enabled: false } })).status, 404);
        assert.equal((await t.http('DELETE', path, { headers })).status, 404);
      }
    });

    it('validates history paging', async () => {
      const tenant = await newTenant(t);
      const headers = tenant.owner.basic;
      const empty = await t.http('GET', `/${tenant.projectId}/subscriptions/history`, { headers });
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, []);
      for (const query of [{ page: '-1' }, { limit: '0' }, { limit: '1000' }, { page: 'two' }] as Record<
        string,
        string
      >[]) {
        const response = await t.http('GET', `/${tenant.projectId}/subscriptions/history`, { headers, query });
        assert.equal(response.status, 422, JSON.stringify(query));
      }
    });
  });

  describe('roles', () => {
    it('lets owners and admins in, and keeps supervisors, agents, outsiders and anonymous callers out', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const created = await subscribe(tenant, { event: 'request.create', target: TARGET }, admin.basic);
      assert.equal(created.status, 200);
      const base = `/${tenant.projectId}/subscriptions`;

      const supervisor = await addMember(t, tenant, 'supervisor');
      const agent = await addMember(t, tenant, 'agent');
      for (const member of [supervisor, agent]) {
        for (const [method, path, body] of [
          ['GET', base],
          ['GET', `${base}/history`],
          ['GET', `${base}/${created.body._id}`],
          ['POST', base, { event: 'request.update', target: TARGET }],
          ['PUT', `${base}/${created.body._id}`, { enabled: false }],
          ['DELETE', `${base}/${created.body._id}`],
        ] as const) {
          const response = await t.http(method, path, { headers: member.basic, body });
          assert.equal(response.status, 403, `${method} ${path}`);
          assert.deepEqual(response.body, { success: false, msg: 'you dont have the required role.' });
        }
      }

      const outsider = await signup(t);
      const foreign = await t.http('GET', base, { headers: outsider.basic });
      assert.equal(foreign.status, 403);
      assert.deepEqual(foreign.body, { success: false, msg: 'you dont belong to the project.' });

      assert.equal((await t.http('GET', base)).status, 401);
      assert.equal((await t.http('POST', base, { body: { event: 'request.create', target: TARGET } })).status, 401);

      const still = await t.http('GET', `${base}/${created.body._id}`, { headers: tenant.owner.basic });
      assert.equal(still.body.enabled, true, 'nothing changed');
    });

    it('does not let a subscription token manage subscriptions', async () => {
      const tenant = await newTenant(t);
      const created = await subscribe(tenant, { event: 'request.create', target: TARGET });
      const token = await new SignJWT({ _id: created.body._id })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('subscription')
        .setAudience(`https://tiledesk.com/subscriptions/${created.body._id}`)
        .sign(new TextEncoder().encode(created.headers['x-hook-secret'] as string));
      const response = await t.http('GET', `/${tenant.projectId}/subscriptions`, {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(response.status, 403);
      const groups = await t.http('GET', `/${tenant.projectId}/groups`, { headers: { authorization: `JWT ${token}` } });
      assert.equal(groups.status, 200, 'the same token is a valid subscription principal elsewhere');
    });
  });

  describe('cross-project', () => {
    it('never shows or changes a subscription of project A through project B', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const created = await subscribe(a, { event: 'request.create', target: TARGET });
      const id = created.body._id;

      const viaB = `/${b.projectId}/subscriptions/${id}`;
      assert.equal((await t.http('GET', viaB, { headers: b.owner.basic })).status, 404);
      assert.equal((await t.http('PUT', viaB, { headers: b.owner.basic, body: { enabled: false } })).status, 404);
      assert.equal((await t.http('DELETE', viaB, { headers: b.owner.basic })).status, 404);
      const listB = await t.http('GET', `/${b.projectId}/subscriptions`, { headers: b.owner.basic });
      assert.deepEqual(listB.body, []);

      const intoA = await t.http('GET', `/${a.projectId}/subscriptions`, { headers: b.owner.basic });
      assert.equal(intoA.status, 403);
      const historyA = await t.http('GET', `/${a.projectId}/subscriptions/history`, { headers: b.owner.basic });
      assert.equal(historyA.status, 403);

      const intact = await t.http('GET', `/${a.projectId}/subscriptions/${id}`, { headers: a.owner.basic });
      assert.equal(intact.status, 200);
      assert.equal(intact.body.enabled, true);
    });
  });
});
