import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, signup, type Tenant } from './helpers/factories.js';

describe('groups', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const url = (tenant: Tenant, path = '') => `/${tenant.projectId}/groups${path}`;
  const create = (tenant: Tenant, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', url(tenant), { headers, body });

  it('creates, reads, updates and deletes a group', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const created = await create(tenant, {
      name: 'Sales',
      members: [agent.id, tenant.owner.id, agent.id],
      id_project: '0123456789abcdef01234567',
      trashed: true,
    });
    assert.equal(created.status, 200, created.text);
    const group = created.body;
    assert.match(group._id, /^[0-9a-f]{24}$/);
    assert.equal(group.id_project, tenant.projectId);
    assert.equal(group.name, 'Sales');
    assert.deepEqual(group.members, [agent.id, tenant.owner.id]);
    assert.equal(group.enabled, true);
    assert.equal(group.trashed, false);
    assert.equal(group.createdBy, tenant.owner.id);

    const read = await t.http('GET', url(tenant, `/${group._id}`), { headers: agent.basic });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.members, [agent.id, tenant.owner.id]);
    const list = await t.http('GET', url(tenant), { headers: agent.basic });
    assert.deepEqual(
      list.body.map((g: any) => g._id),
      [group._id],
    );

    const renamed = await t.http('PUT', url(tenant, `/${group._id}`), {
      headers: tenant.owner.basic,
      body: { name: 'Sales EU', members: [agent.id], enabled: false },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.name, 'Sales EU');
    assert.deepEqual(renamed.body.members, [agent.id]);
    assert.equal(renamed.body.enabled, false);
    const nameOnly = await t.http('PUT', url(tenant, `/${group._id}`), {
      headers: tenant.owner.basic,
      body: { name: 'Sales EMEA' },
    });
    assert.deepEqual(nameOnly.body.members, [agent.id]);

    const removed = await t.http('DELETE', url(tenant, `/${group._id}`), { headers: tenant.owner.basic });
    assert.equal(removed.status, 200);
    assert.equal(removed.body._id, group._id);
    const gone = await t.http('GET', url(tenant, `/${group._id}`), { headers: tenant.owner.basic });
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { success: false, msg: 'Object not found.' });
    for (const method of ['PUT', 'DELETE']) {
      const again = await t.http(method, url(tenant, `/${group._id}`), { headers: tenant.owner.basic, body: {} });
      assert.equal(again.status, 404, method);
    }
  });

  it('hides a group trashed through PUT (how the dashboard deletes groups)', async () => {
    const tenant = await newTenant(t);
    const group = (await create(tenant, { name: 'Old' })).body;
    const trashed = await t.http('PUT', url(tenant, `/${group._id}`), {
      headers: tenant.owner.basic,
      body: { trashed: true },
    });
    assert.equal(trashed.status, 200, trashed.text);
    assert.equal(trashed.body.trashed, true);
    const list = await t.http('GET', url(tenant), { headers: tenant.owner.basic });
    assert.deepEqual(list.body, []);
    const read = await t.http('GET', url(tenant, `/${group._id}`), { headers: tenant.owner.basic });
    assert.equal(read.body.trashed, true);
  });

  it('accepts only active team members of the project as members (422)', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const removed = await addMember(t, tenant, 'agent');
    await t.http('DELETE', `/${tenant.projectId}/project_users/${removed.projectUserId}?soft=true`, {
      headers: tenant.owner.basic,
    });
    const visitor = await anonymous(t, tenant.projectId);
    const other = await newTenant(t);
    const loner = await signup(t);

    for (const members of [
      [visitor.id],
      [other.owner.id],
      [loner.id],
      ['0123456789abcdef01234567'],
      [agent.id, removed.id],
    ]) {
      const response = await create(tenant, { name: 'Bad', members });
      assert.equal(response.status, 422, JSON.stringify(members));
      assert.equal(response.body.success, false);
    }
    const group = (await create(tenant, { name: 'Good', members: [agent.id] })).body;
    const update = await t.http('PUT', url(tenant, `/${group._id}`), {
      headers: tenant.owner.basic,
      body: { members: [agent.id, other.owner.id] },
    });
    assert.equal(update.status, 422);
    const list = await t.http('GET', url(tenant), { headers: tenant.owner.basic });
    assert.deepEqual(
      list.body.map((g: any) => [g.name, g.members]),
      [['Good', [agent.id]]],
    );
  });

  it('validates the body with 422', async () => {
    const tenant = await newTenant(t);
    for (const body of [{}, { name: '' }, { name: 'X', members: { a: 1 } }, { name: 'X', enabled: 'perhaps' }]) {
      const response = await create(tenant, body);
      assert.equal(response.status, 422, JSON.stringify(body));
    }
  });

  it('is read by agents and written by admins', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId);
    assert.equal((await create(tenant, { name: 'X' }, agent.basic)).status, 403);
    const group = (await create(tenant, { name: 'Kept' })).body;
    const put = await t.http('PUT', url(tenant, `/${group._id}`), { headers: agent.basic, body: { name: 'No' } });
    assert.equal(put.status, 403);
    const del = await t.http('DELETE', url(tenant, `/${group._id}`), { headers: agent.basic });
    assert.equal(del.status, 403);
    assert.equal((await t.http('GET', url(tenant), { headers: visitor.headers })).status, 403);
    assert.equal((await t.http('GET', url(tenant))).status, 401);
    const read = await t.http('GET', url(tenant, `/${group._id}`), { headers: agent.basic });
    assert.equal(read.body.name, 'Kept');
  });
});
