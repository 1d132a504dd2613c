/**
 * Auto-close (modules/automations): idle conversations are closed by the server, with the usual
 * "Chat closed" message and events, by the limits of the server and of the project, exactly once
 * however many sweeps run together. The clock is the test's: `sweep(now)`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  defaultDepartment,
  getRequest,
  messagesOf,
  newRequestId,
  recordEvents,
  updateDepartment,
  updateProject,
} from './helpers/conversations.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

let t: TestApp;
let events: ReturnType<typeof recordEvents>;

before(async () => {
  // Its own database: a sweep with a clock days ahead would close other test files' conversations.
  t = await startTestApp({});
  events = recordEvents(t);
});

after(() => t.close());

const sweep = (at: number) => t.context.services.autoClose.sweep(new Date(at));

/** A visitor's conversation; served by a bot when the default department has one. */
async function conversation(tenant: Tenant, text = 'Hello?') {
  const visitor = await anonymous(t, tenant.projectId);
  const requestId = newRequestId(tenant.projectId);
  const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
    headers: visitor.headers,
    body: { text },
  });
  assert.equal(sent.status, 200, sent.text);
  return requestId;
}

async function botServedTenant() {
  const tenant = await newTenant(t);
  const bot = await createBot(t, tenant);
  const department = await defaultDepartment(t, tenant);
  await updateDepartment(t, tenant, department._id, { id_bot: bot.id });
  return tenant;
}

describe('auto-close', () => {
  test('a bot-served conversation idle for two days is closed, with the usual message and events', async () => {
    const tenant = await botServedTenant();
    const requestId = await conversation(tenant);
    assert.equal((await getRequest(t, tenant, requestId)).hasBot, true);

    assert.equal(await sweep(Date.now() + DAY), 0, 'one day is not enough');
    assert.equal((await getRequest(t, tenant, requestId)).status, 200);

    assert.equal(await sweep(Date.now() + 2 * DAY + MINUTE), 1);
    const closed = await getRequest(t, tenant, requestId);
    assert.equal(closed.status, 1000);
    assert.equal(closed.closed_by, '_bot_unresponsive');
    const last = (await messagesOf(t, tenant, requestId)).at(-1);
    assert.equal(last?.text, 'Chat closed');
    const announced = await events.of(tenant.projectId, 'request.close');
    assert.deepEqual(
      announced.map((event) => event.payload.request_id),
      [requestId],
    );
    assert.equal(await sweep(Date.now() + 3 * DAY), 0, 'closed once');
  });

  test('a sweep stops between two conversations when the server closes (its signal)', async () => {
    const tenant = await botServedTenant();
    const requestId = await conversation(tenant);
    const closing = new AbortController();
    closing.abort();
    const later = new Date(Date.now() + 3 * DAY);
    assert.equal(await t.context.services.autoClose.sweep(later, closing.signal), 0);
    assert.equal((await getRequest(t, tenant, requestId)).status, 200, 'left open');
    assert.equal(await t.context.services.autoClose.sweep(later), 1, 'closed by the next sweep');
  });

  test('human-served conversations stay open by default; a project may set its own limits', async () => {
    const tenant = await newTenant(t);
    const requestId = await conversation(tenant);
    assert.equal((await getRequest(t, tenant, requestId)).hasBot, false);
    await sweep(Date.now() + 30 * DAY);
    assert.equal((await getRequest(t, tenant, requestId)).status, 200);

    await updateProject(t, tenant, { 'settings.auto_close': { human: 60, bot: 0 } });
    assert.equal(await sweep(Date.now() + 59 * MINUTE), 0);
    assert.equal(await sweep(Date.now() + 61 * MINUTE), 1);
    assert.equal((await getRequest(t, tenant, requestId)).status, 1000);

    // `bot: 0` turns it off for the project's bot-served conversations; junk is ignored.
    const bots = await botServedTenant();
    await updateProject(t, bots, { 'settings.auto_close': { bot: 0 } });
    const served = await conversation(bots);
    const other = await botServedTenant();
    await updateProject(t, other, { 'settings.auto_close': { bot: 'soon' } });
    const defaulted = await conversation(other);
    await sweep(Date.now() + 3 * DAY);
    assert.equal((await getRequest(t, bots, served)).status, 200);
    assert.equal((await getRequest(t, other, defaulted)).status, 1000, 'a non-number falls back to the server');
  });

  test('activity restarts the clock', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.auto_close.human': 60 });
    const requestId = await conversation(tenant);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'On it' },
    });
    assert.equal(reply.status, 200);
    // Idle for an hour since the visitor wrote, but not since the reply.
    assert.equal(await sweep(started + 60 * MINUTE + 10), 0);
    assert.equal(await sweep(Date.now() + 61 * MINUTE), 1);
  });

  test('sweeps running together close each conversation once', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.auto_close.human': 1 });
    const ids = await Promise.all([1, 2, 3, 4, 5].map((i) => conversation(tenant, `Question ${i}`)));
    const at = Date.now() + 2 * MINUTE;
    const counts = await Promise.all([sweep(at), sweep(at), sweep(at)]);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      5,
    );
    for (const requestId of ids) {
      const closedMessages = (await messagesOf(t, tenant, requestId)).filter((m) => m.text === 'Chat closed');
      assert.equal(closedMessages.length, 1, requestId);
    }
  });

  test('a deleted project is left alone', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { 'settings.auto_close.human': 1 });
    const requestId = await conversation(tenant);
    const deleted = await t.http('DELETE', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(await sweep(Date.now() + DAY), 0);
    const row = await t.database.db
      .selectFrom('requests')
      .select('status')
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 200);
  });
});
