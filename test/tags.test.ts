import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot } from './helpers/machine-principals.js';

describe('tag library', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const createTag = async (tenant: Tenant, body: Record<string, unknown>) => {
    const response = await t.http('POST', `/${tenant.projectId}/tags`, { headers: tenant.owner.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };

  it('creates, reads, updates and deletes a tag', async () => {
    const tenant = await newTenant(t);
    const tag = await createTag(tenant, { tag: 'vip', color: '#ff0000', attributes: { note: 'x' }, id_project: 'x' });
    assert.equal(tag.tag, 'vip');
    assert.equal(tag.color, '#ff0000');
    assert.deepEqual(tag.attributes, { note: 'x' });
    assert.equal(tag.id_project, tenant.projectId);
    assert.equal(tag.createdBy, tenant.owner.id);
    assert.equal(tag._id, tag.id);

    const base = `/${tenant.projectId}/tags`;
    const read = await t.http('GET', `${base}/${tag._id}`, { headers: tenant.owner.jwt });
    assert.deepEqual(read.body, tag);

    const updated = await t.http('PUT', `${base}/${tag._id}`, {
      headers: tenant.owner.basic,
      body: { color: '#00ff00', createdBy: 'mallory' },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.tag, 'vip');
    assert.equal(updated.body.color, '#00ff00');
    assert.equal(updated.body.createdBy, tenant.owner.id);
    const renamed = await t.http('PUT', `${base}/${tag._id}`, { headers: tenant.owner.basic, body: { tag: 'gold' } });
    assert.equal(renamed.body.tag, 'gold');

    const deleted = await t.http('DELETE', `${base}/${tag._id}`, { headers: tenant.owner.basic });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body._id, tag._id);
    assert.equal((await t.http('GET', `${base}/${tag._id}`, { headers: tenant.owner.basic })).status, 404);
    assert.equal((await t.http('DELETE', `${base}/${tag._id}`, { headers: tenant.owner.basic })).status, 404);
  });

  it('answers a duplicate POST with the existing tag, unchanged', async () => {
    const tenant = await newTenant(t);
    const first = await createTag(tenant, { tag: 'support', color: 'blue' });
    const again = await createTag(tenant, { tag: 'support', color: 'red' });
    assert.deepEqual(again, first);
    const list = await t.http('GET', `/${tenant.projectId}/tags`, { headers: tenant.owner.basic });
    assert.equal(list.body.length, 1);
    // The same name in another project is another tag.
    const other = await newTenant(t);
    const elsewhere = await createTag(other, { tag: 'support' });
    assert.notEqual(elsewhere._id, first._id);
  });

  it('answers 409 when a rename collides with another tag', async () => {
    const tenant = await newTenant(t);
    await createTag(tenant, { tag: 'a' });
    const b = await createTag(tenant, { tag: 'b' });
    const response = await t.http('PUT', `/${tenant.projectId}/tags/${b._id}`, {
      headers: tenant.owner.basic,
      body: { tag: 'a' },
    });
    assert.equal(response.status, 409);
    assert.equal(response.body.success, false);
    const read = await t.http('GET', `/${tenant.projectId}/tags/${b._id}`, { headers: tenant.owner.basic });
    assert.equal(read.body.tag, 'b');
  });

  it('lists newest first by default, with sort, direction, limit and page', async () => {
    const tenant = await newTenant(t);
    for (const name of ['c', 'a', 'b']) await createTag(tenant, { tag: name });
    const list = (query: Record<string, string> = {}) =>
      t.http('GET', `/${tenant.projectId}/tags`, { headers: tenant.owner.basic, query });
    assert.deepEqual(
      (await list()).body.map((tag: any) => tag.tag),
      ['b', 'a', 'c'],
    );
    assert.deepEqual(
      (await list({ sort: 'tag', direction: '1' })).body.map((tag: any) => tag.tag),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      (await list({ sort: 'tag', direction: 'asc', limit: '2', page: '1' })).body.map((tag: any) => tag.tag),
      ['c'],
    );
    assert.equal((await list({ sort: 'secret' })).status, 422);
    assert.equal((await list({ page: 'x' })).status, 422);
  });

  it('rejects bad input: missing or empty tag, wrong types, malformed JSON', async () => {
    const tenant = await newTenant(t);
    const url = `/${tenant.projectId}/tags`;
    for (const body of [{}, { tag: '' }, { tag: { a: 1 } }, { tag: 'x', attributes: 'y' }]) {
      const response = await t.http('POST', url, { headers: tenant.owner.basic, body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
    const malformed = await t.http('POST', url, {
      headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
      payload: '{"tag":',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await t.http('GET', url, { headers: tenant.owner.basic })).body.length, 0);
    const unknown = await t.http('PUT', `${url}/5f0000000000000000000000`, {
      headers: tenant.owner.basic,
      body: { color: 'red' },
    });
    assert.equal(unknown.status, 404);
  });

  it('admits agents and the project bots; refuses guests, strangers and anonymous calls', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const guest = await anonymous(t, tenant.projectId);
    const bot = await createBot(t, tenant.projectId);
    const url = `/${tenant.projectId}/tags`;
    assert.equal((await t.http('POST', url, { headers: agent.basic, body: { tag: 'by-agent' } })).status, 200);
    const byBot = await t.http('POST', url, { headers: bot.headers, body: { tag: 'by-bot' } });
    assert.equal(byBot.status, 200);
    assert.equal(byBot.body.createdBy, `bot_${bot.id}`);
    assert.equal((await t.http('GET', url, { headers: guest.headers })).status, 403);
    assert.equal((await t.http('POST', url, { headers: guest.headers, body: { tag: 'x' } })).status, 403);
    const stranger = await newTenant(t);
    assert.equal((await t.http('GET', url, { headers: stranger.owner.basic })).status, 403);
    assert.equal((await t.http('GET', url)).status, 401);
  });

  it('ids of project A used in project B find nothing and change nothing', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const tag = await createTag(a, { tag: 'mine', color: 'red' });
    const inB = `/${b.projectId}/tags/${tag._id}`;
    assert.equal((await t.http('GET', inB, { headers: b.owner.basic })).status, 404);
    assert.equal((await t.http('PUT', inB, { headers: b.owner.basic, body: { color: 'blue' } })).status, 404);
    assert.equal((await t.http('DELETE', inB, { headers: b.owner.basic })).status, 404);
    const direct = await t.http('DELETE', `/${a.projectId}/tags/${tag._id}`, { headers: b.owner.basic });
    assert.equal(direct.status, 403);
    const read = await t.http('GET', `/${a.projectId}/tags/${tag._id}`, { headers: a.owner.basic });
    assert.deepEqual(read.body, tag);
  });
});
