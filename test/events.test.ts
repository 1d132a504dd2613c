import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant } from './helpers/factories.js';
import { createBot, createSubscription } from './helpers/machine-principals.js';
import type { DomainEvent } from '../src/platform/events/event-bus.js';

describe('events', () => {
  let t: TestApp;
  const emitted: DomainEvent[] = [];
  before(async () => {
    t = await startTestApp();
    t.context.events.on('event.emit', (event) => void emitted.push(event));
  });
  after(() => t.close());

  const emittedIn = async (projectId: string) => {
    await t.context.events.drain();
    return emitted.filter((event) => event.projectId === projectId).map((event) => event.payload);
  };

  it('stores an event from a member with their project_user and emits event.emit', async () => {
    const tenant = await newTenant(t);
    const me = await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers: tenant.owner.basic });
    const response = await t.http('POST', `/${tenant.projectId}/events`, {
      headers: tenant.owner.basic,
      body: { name: 'event1', attributes: { attr1: 'val1' }, id_project: 'elsewhere', createdBy: 'mallory' },
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.name, 'event1');
    assert.deepEqual(response.body.attributes, { attr1: 'val1' });
    assert.equal(response.body.id_project, tenant.projectId);
    assert.equal(response.body.project_user, me.body[0]._id);
    assert.equal(response.body.createdBy, tenant.owner.id);
    assert.equal(response.body._id, response.body.id);
    assert.deepEqual(await emittedIn(tenant.projectId), [response.body]);

    const read = await t.http('GET', `/${tenant.projectId}/events/${response.body._id}`, {
      headers: tenant.owner.basic,
    });
    assert.deepEqual(read.body, response.body);
  });

  it('lets guests, bots and subscriptions of the project post; only agents read', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId, 'Visitor');
    const bot = await createBot(t, tenant.projectId);
    const subscription = await createSubscription(t, tenant.projectId);
    const agent = await addMember(t, tenant, 'agent');
    const url = `/${tenant.projectId}/events`;

    const byGuest = await t.http('POST', url, { headers: guest.headers, body: { name: 'page.view' } });
    assert.equal(byGuest.status, 200, byGuest.text);
    assert.equal(byGuest.body.createdBy, guest.id);
    assert.ok(byGuest.body.project_user);
    const byBot = await t.http('POST', url, { headers: bot.headers, body: { name: 'bot.event' } });
    assert.equal(byBot.status, 200);
    assert.equal(byBot.body.createdBy, `bot_${bot.id}`);
    assert.equal(byBot.body.project_user, undefined);
    assert.equal((await t.http('POST', url, { headers: subscription.headers, body: { name: 'hook' } })).status, 200);

    const asGuest = await t.http('GET', url, { headers: guest.headers });
    assert.equal(asGuest.status, 403);
    assert.deepEqual(asGuest.body, { success: false, msg: 'you dont have the required role.' });
    assert.equal((await t.http('GET', `${url}/${byGuest.body._id}`, { headers: guest.headers })).status, 403);
    assert.equal((await t.http('GET', url, { headers: bot.headers })).status, 403);
    const asAgent = await t.http('GET', url, { headers: agent.basic });
    assert.equal(asAgent.status, 200);
    assert.equal(asAgent.body.count, 3);

    const stranger = await newTenant(t);
    const refused = await t.http('POST', url, { headers: stranger.owner.basic, body: { name: 'x' } });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { success: false, msg: 'you dont belong to the project.' });
    const foreignBot = await createBot(t, stranger.projectId);
    assert.equal((await t.http('POST', url, { headers: foreignBot.headers, body: { name: 'x' } })).status, 403);
    assert.equal((await t.http('POST', url, { body: { name: 'x' } })).status, 401);
    assert.equal((await t.http('GET', url)).status, 401);
  });

  it('lists newest first with perPage, count, pagination and filters', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    const url = `/${tenant.projectId}/events`;
    for (const name of ['e0', 'e1', 'e2']) {
      await t.http('POST', url, { headers: tenant.owner.basic, body: { name } });
    }
    const byGuest = await t.http('POST', url, { headers: guest.headers, body: { name: 'e3' } });
    const list = (query: Record<string, string> = {}) => t.http('GET', url, { headers: tenant.owner.basic, query });

    const all = await list();
    assert.equal(all.body.perPage, 40);
    assert.equal(all.body.count, 4);
    assert.deepEqual(
      all.body.events.map((event: any) => event.name),
      ['e3', 'e2', 'e1', 'e0'],
    );
    const page = await list({ limit: '2', page: '1' });
    assert.equal(page.body.perPage, 2);
    assert.equal(page.body.count, 4);
    assert.deepEqual(
      page.body.events.map((event: any) => event.name),
      ['e1', 'e0'],
    );
    assert.deepEqual(
      (await list({ direction: '1', limit: '1' })).body.events.map((event: any) => event.name),
      ['e0'],
    );
    const mine = await list({ project_user: byGuest.body.project_user });
    assert.equal(mine.body.count, 1);
    assert.equal(mine.body.events[0].name, 'e3');
    assert.equal((await list({ name: 'e1' })).body.count, 1);
    assert.equal((await list({ limit: '1000' })).body.perPage, 100);
    assert.equal((await list({ page: '-1' })).status, 422);
    assert.equal((await list({ sort: 'attributes' })).status, 422);
  });

  it('rejects bad input without storing anything', async () => {
    const tenant = await newTenant(t);
    const url = `/${tenant.projectId}/events`;
    const missing = await t.http('POST', url, { headers: tenant.owner.basic, body: { attributes: {} } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.errors[0].param, 'name');
    for (const body of [
      { name: '' },
      { name: { a: 1 } },
      { name: 'x', attributes: 'y' },
      { name: 'x', attributes: [1] },
    ]) {
      assert.equal(
        (await t.http('POST', url, { headers: tenant.owner.basic, body })).status,
        422,
        JSON.stringify(body),
      );
    }
    const malformed = await t.http('POST', url, {
      headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
      payload: '{"name":"x"',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await t.http('GET', url, { headers: tenant.owner.basic })).body.count, 0);
    assert.equal((await t.http('GET', `${url}/5f0000000000000000000000`, { headers: tenant.owner.basic })).status, 404);
    assert.equal((await t.http('POST', '/5f0000000000000000000000/events', { body: { name: 'x' } })).status, 400);
  });

  it('events of project A are invisible from project B', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const event = await t.http('POST', `/${a.projectId}/events`, { headers: a.owner.basic, body: { name: 'secret' } });
    assert.equal(
      (await t.http('GET', `/${b.projectId}/events/${event.body._id}`, { headers: b.owner.basic })).status,
      404,
    );
    assert.equal((await t.http('GET', `/${b.projectId}/events`, { headers: b.owner.basic })).body.count, 0);
    assert.equal((await t.http('GET', `/${a.projectId}/events`, { headers: b.owner.basic })).status, 403);
    const listA = await t.http('GET', `/${a.projectId}/events`, { headers: a.owner.basic });
    assert.deepEqual(listA.body.events, [event.body]);
  });
});
