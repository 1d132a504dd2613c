import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';

describe('departments', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const url = (tenant: Tenant, path = '') => `/${tenant.projectId}/departments${path}`;
  const create = async (tenant: Tenant, body: Record<string, unknown>) => {
    const response = await t.http('POST', url(tenant), { headers: tenant.owner.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };
  const createBot = async (tenant: Tenant) => {
    const response = await t.http('POST', `/${tenant.projectId}/bots`, {
      headers: tenant.owner.basic,
      body: { name: 'Bot', type: 'internal', template: 'empty' },
    });
    assert.equal(response.status, 200, response.text);
    return response.body._id as string;
  };

  it('creates, reads, updates and deletes a department (admin writes, public reads)', async () => {
    const tenant = await newTenant(t);
    const created = await create(tenant, {
      name: 'Sales',
      description: 'Buyers',
      routing: 'pooled',
      online_msg: 'Hi',
      offline_msg: 'Bye',
      tags: ['a'],
      attributes: { color: 'red' },
      default: true,
      id_project: '0123456789abcdef01234567',
      createdBy: 'intruder',
    });
    assert.match(created._id, /^[0-9a-f]{24}$/);
    assert.equal(created.id_project, tenant.projectId);
    assert.equal(created.name, 'Sales');
    assert.equal(created.routing, 'pooled');
    assert.equal(created.default, false);
    assert.equal(created.status, 1);
    assert.equal(created.hasBot, false);
    assert.equal(created.createdBy, tenant.owner.id);
    assert.deepEqual(created.attributes, { color: 'red' });

    const read = await t.http('GET', url(tenant, `/${created._id}`));
    assert.equal(read.status, 200);
    assert.equal(read.body.name, 'Sales');

    const put = await t.http('PUT', url(tenant, `/${created._id}`), {
      headers: tenant.owner.basic,
      body: { name: 'Sales EU', routing: 'assigned', default: true },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.name, 'Sales EU');
    assert.equal(put.body.routing, 'assigned');
    assert.equal(put.body.description, 'Buyers');
    assert.equal(put.body.default, false);
    const patch = await t.http('PATCH', url(tenant, `/${created._id}`), {
      headers: tenant.owner.basic,
      body: { description: 'EU buyers' },
    });
    assert.equal(patch.status, 200);
    assert.equal(patch.body.description, 'EU buyers');
    assert.equal(patch.body.name, 'Sales EU');

    const removed = await t.http('DELETE', url(tenant, `/${created._id}`), { headers: tenant.owner.basic });
    assert.equal(removed.status, 200);
    assert.equal(removed.body._id, created._id);
    const gone = await t.http('GET', url(tenant, `/${created._id}`));
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { success: false, msg: 'Object not found.' });
    for (const method of ['PUT', 'DELETE']) {
      const again = await t.http(method, url(tenant, `/${created._id}`), { headers: tenant.owner.basic, body: {} });
      assert.equal(again.status, 404, method);
    }
  });

  it('defaults a new department to pooled routing', async () => {
    const tenant = await newTenant(t);
    const created = await create(tenant, { name: 'Plain' });
    assert.equal(created.routing, 'pooled');
  });

  it('lists only visible departments publicly, every one but dashboard-hidden ones for agents', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    await create(tenant, { name: 'Zeta', status: 1 });
    await create(tenant, { name: 'Hidden from widget', status: 0 });
    await create(tenant, { name: 'Hidden from dashboard', status: -1 });
    await create(tenant, { name: 'Alpha' });

    const publicList = await t.http('GET', url(tenant));
    assert.equal(publicList.status, 200);
    assert.deepEqual(
      publicList.body.map((d: any) => d.name),
      ['Default Department', 'Zeta', 'Alpha'],
    );
    const sorted = await t.http('GET', url(tenant, '?sort=name'));
    assert.deepEqual(
      sorted.body.map((d: any) => d.name),
      ['Alpha', 'Default Department', 'Zeta'],
    );

    const all = await t.http('GET', url(tenant, '/allstatus'), { headers: agent.basic });
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.map((d: any) => d.name),
      ['Default Department', 'Zeta', 'Hidden from widget', 'Alpha'],
    );
    assert.equal((await t.http('GET', url(tenant, '/allstatus'))).status, 401);
    const visitor = await anonymous(t, tenant.projectId);
    assert.equal((await t.http('GET', url(tenant, '/allstatus'), { headers: visitor.headers })).status, 403);
  });

  it('answers to the "default" alias, and refuses to delete the default department', async () => {
    const tenant = await newTenant(t);
    const byAlias = await t.http('GET', url(tenant, '/default'));
    assert.equal(byAlias.status, 200);
    assert.equal(byAlias.body.default, true);
    assert.equal(byAlias.body.name, 'Default Department');

    const renamed = await t.http('PUT', url(tenant, '/default'), {
      headers: tenant.owner.basic,
      body: { name: 'Front desk' },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body._id, byAlias.body._id);
    assert.equal(renamed.body.name, 'Front desk');

    for (const id of ['default', byAlias.body._id]) {
      const refused = await t.http('DELETE', url(tenant, `/${id}`), { headers: tenant.owner.basic });
      assert.equal(refused.status, 403, id);
      assert.equal(refused.body.success, false);
    }
    const still = await t.http('GET', url(tenant));
    assert.deepEqual(
      still.body.map((d: any) => d.name),
      ['Front desk'],
    );
  });

  it('validates routing, status and names with 422', async () => {
    const tenant = await newTenant(t);
    for (const body of [
      { name: 'X', routing: 'roundrobin' },
      { name: 'X', status: 5 },
      { name: '' },
      {},
      // (`tags: {a: 1}` is a list of one tag, `routing: ""` no routing given: docs/liberal-input.md.)
      { name: { first: 'X' } },
    ]) {
      const response = await t.http('POST', url(tenant), { headers: tenant.owner.basic, body });
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.ok(Array.isArray(response.body.errors));
    }
    const bad = await t.http('PUT', url(tenant, '/default'), {
      headers: tenant.owner.basic,
      body: { routing: 'bot' },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].param, 'routing');
    const list = await t.http('GET', url(tenant, '/allstatus'), { headers: tenant.owner.basic });
    assert.equal(list.body.length, 1);
    assert.equal(list.body[0].routing, 'assigned');
  });

  it('accepts a group and a bot of the project, refuses those of another project (422)', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const ownGroup = await t.http('POST', `/${tenant.projectId}/groups`, {
      headers: tenant.owner.basic,
      body: { name: 'Mine' },
    });
    const foreignGroup = await t.http('POST', `/${other.projectId}/groups`, {
      headers: other.owner.basic,
      body: { name: 'Theirs' },
    });
    const ownBot = await createBot(tenant);
    const foreignBot = await createBot(other);

    const department = await create(tenant, { name: 'Routed', id_group: ownGroup.body._id, id_bot: ownBot });
    assert.equal(department.id_group, ownGroup.body._id);
    assert.equal(department.id_bot, ownBot);
    assert.equal(department.hasBot, true);

    for (const body of [
      { name: 'Bad', id_group: foreignGroup.body._id },
      { name: 'Bad', id_bot: foreignBot },
      { name: 'Bad', id_group: '0123456789abcdef01234567' },
      { name: 'Bad', id_bot: 'nope' },
    ]) {
      const response = await t.http('POST', url(tenant), { headers: tenant.owner.basic, body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
    for (const body of [{ id_group: foreignGroup.body._id }, { id_bot: foreignBot }]) {
      const response = await t.http('PUT', url(tenant, `/${department._id}`), { headers: tenant.owner.basic, body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
    const names = (await t.http('GET', url(tenant, '/allstatus'), { headers: tenant.owner.basic })).body.map(
      (d: any) => d.name,
    );
    assert.deepEqual(names, ['Default Department', 'Routed']);

    const cleared = await t.http('PUT', url(tenant, `/${department._id}`), {
      headers: tenant.owner.basic,
      body: { id_group: null, id_bot: null },
    });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.id_group, undefined);
    assert.equal(cleared.body.id_bot, undefined);
    assert.equal(cleared.body.hasBot, false);
  });

  it('requires admin to write', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const created = await t.http('POST', url(tenant), { headers: agent.basic, body: { name: 'X' } });
    assert.equal(created.status, 403);
    assert.equal((await t.http('POST', url(tenant), { body: { name: 'X' } })).status, 401);
    const renamed = await t.http('PUT', url(tenant, '/default'), { headers: agent.basic, body: { name: 'X' } });
    assert.equal(renamed.status, 403);
    const department = await create(tenant, { name: 'Kept' });
    const removed = await t.http('DELETE', url(tenant, `/${department._id}`), { headers: agent.basic });
    assert.equal(removed.status, 403);
    assert.equal((await t.http('GET', url(tenant, `/${department._id}`))).body.name, 'Kept');
  });
});
