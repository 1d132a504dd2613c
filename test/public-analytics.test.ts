/**
 * `GET /:project_id/publicanalytics/waiting/current`: the widget's "current waiting time", public
 * as in Tiledesk, over the conversations of the last four hours.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { getRequest, newRequestId } from './helpers/conversations.js';

let t: TestApp;

before(async () => {
  t = await startTestApp();
});

after(() => t.close());

async function visitorWrites(tenant: Tenant) {
  const visitor = await anonymous(t, tenant.projectId);
  const requestId = newRequestId(tenant.projectId);
  const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
    headers: visitor.headers,
    body: { text: 'How long is the wait?' },
  });
  assert.equal(sent.status, 200, sent.text);
  return requestId;
}

const current = (projectId: string) => t.http('GET', `/${projectId}/publicanalytics/waiting/current`);

test('the average waiting time of the last four hours, to anyone', async () => {
  const tenant = await newTenant(t);
  assert.deepEqual((await current(tenant.projectId)).body, []);

  const waiting = await visitorWrites(tenant);
  const unanswered = await current(tenant.projectId);
  assert.equal(unanswered.status, 200);
  assert.deepEqual(unanswered.body, [{ _id: tenant.projectId, waiting_time_avg: null }]);

  const answered = [await visitorWrites(tenant), await visitorWrites(tenant)];
  for (const requestId of answered) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reply = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'Right away' },
    });
    assert.equal(reply.status, 200);
  }
  const times = await Promise.all(answered.map(async (id) => (await getRequest(t, tenant, id)).waiting_time));
  assert.ok(
    times.every((time) => typeof time === 'number' && time > 0),
    JSON.stringify(times),
  );
  const expected = (times[0] + times[1]) / 2;
  const result = await current(tenant.projectId);
  assert.equal(result.body.length, 1);
  assert.equal(result.body[0]._id, tenant.projectId);
  assert.ok(Math.abs(result.body[0].waiting_time_avg - expected) < 0.001, JSON.stringify(result.body));

  // A conversation begun five hours ago is out of the window.
  await t.database.db
    .updateTable('requests')
    .set({ created_at: new Date(Date.now() - 5 * 3_600_000) })
    .where('request_id', 'in', [waiting, ...answered])
    .execute();
  assert.deepEqual((await current(tenant.projectId)).body, []);
});

test('another project counts nothing of this one; an unknown project is a 400', async () => {
  const tenant = await newTenant(t);
  const other = await newTenant(t);
  await visitorWrites(tenant);
  assert.deepEqual((await current(other.projectId)).body, []);
  assert.equal((await current('5f0000000000000000000000')).status, 400);
  assert.equal((await current('not-an-id')).status, 400);
});
