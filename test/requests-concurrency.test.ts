/**
 * Routing under concurrent creation: decisions of one project are serialized in the creating
 * transaction, so chat limits are never overshot and the round robin stays even.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant } from './helpers/factories.js';
import { newRequestId, ownerOffline, updateProject } from './helpers/conversations.js';

describe('concurrent creation', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('20 requests at once, 2 agents limited to 3 chats: exactly 6 assigned, 3 each, 14 waiting', async () => {
    const tenant = await newTenant(t);
    await ownerOffline(t, tenant);
    const agents = [await addMember(t, tenant, 'agent'), await addMember(t, tenant, 'agent')];
    await updateProject(t, tenant, { settings: { chat_limit_on: true, max_agent_assigned_chat: 3 } });

    // Twenty visitors (distinct leads, so nothing else serializes them) write at the same time.
    const guests = [];
    for (let i = 0; i < 20; i++) guests.push(await anonymous(t, tenant.projectId));
    const posted = await Promise.all(
      guests.map((guest, i) =>
        t.http('POST', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/messages`, {
          headers: guest.headers,
          body: { text: `q${i}` },
        }),
      ),
    );
    assert.deepEqual(
      posted.map((r) => r.status),
      Array(20).fill(200),
    );
    const responses = posted.map((r) => ({ body: r.body.request }));
    const assigned = responses.filter((r) => r.body.status === 200);
    assert.equal(assigned.length, 6);
    assert.equal(responses.filter((r) => r.body.status === 100).length, 14);
    for (const agent of agents) {
      assert.equal(assigned.filter((r) => r.body.participants[0] === agent.id).length, 3);
      const member = await t.http('GET', `/${tenant.projectId}/project_users/${agent.projectUserId}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(member.body.number_assigned_requests, 3);
      assert.equal(member.body.isBusy, true);
    }
    const tickets = responses.map((r) => r.body.ticket_id).sort((a, b) => a - b);
    assert.deepEqual(
      tickets,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const counts = await t.http('GET', `/${tenant.projectId}/requests/count`, { headers: tenant.owner.basic });
    assert.deepEqual(counts.body, { unassigned: 14, assigned: 6, bot_assigned: 0 });
  });

  it('first messages racing on one new request id create one request with every message', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
          headers: guest.headers,
          body: { text: `m${i}` },
        }),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      Array(8).fill(200),
    );
    const list = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
    assert.equal(list.body.count, 1);
    const messages = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
    });
    assert.equal(messages.body.length, 8);
  });
});
