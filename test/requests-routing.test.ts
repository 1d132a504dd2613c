/**
 * Routing (reference §3.5-3.6): round robin, availability, groups, pooled and bot departments,
 * handoff, opening hours, chat limits and abandonment; then close/reopen and participants.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  createDepartment,
  createGroup,
  createRequest,
  defaultDepartment,
  getRequest,
  membershipOf,
  messagesOf,
  newRequestId,
  ownerOffline,
  recordEvents,
  setMember,
  updateDepartment,
  updateProject,
} from './helpers/conversations.js';

type Agent = Awaited<ReturnType<typeof addMember>>;

async function teamOf(t: TestApp, size: number): Promise<{ tenant: Tenant; agents: Agent[] }> {
  const tenant = await newTenant(t);
  await ownerOffline(t, tenant);
  const agents: Agent[] = [];
  for (let i = 0; i < size; i++) agents.push(await addMember(t, tenant, 'agent'));
  return { tenant, agents };
}

async function assignees(t: TestApp, tenant: Tenant, count: number, body: Record<string, unknown> = {}) {
  const result: string[] = [];
  for (let i = 0; i < count; i++) {
    const request = await createRequest(t, tenant, body);
    result.push(request.participants.join(',') || `status ${request.status}`);
  }
  return result;
}

async function assignedCount(t: TestApp, tenant: Tenant, agent: Agent): Promise<number> {
  const response = await t.http('GET', `/${tenant.projectId}/project_users/${agent.projectUserId}`, {
    headers: tenant.owner.basic,
  });
  return response.body.number_assigned_requests;
}

describe('routing', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('round robin across three available agents, in team order', async () => {
    const { tenant, agents } = await teamOf(t, 3);
    const [a, b, c] = agents.map((agent) => agent.id);
    assert.deepEqual(await assignees(t, tenant, 6), [a, b, c, a, b, c]);
  });

  it('skips unavailable agents and keeps the rotation', async () => {
    const { tenant, agents } = await teamOf(t, 3);
    await setMember(t, tenant, agents[1].projectUserId, { user_available: false });
    const [a, , c] = agents.map((agent) => agent.id);
    assert.deepEqual(await assignees(t, tenant, 4), [a, c, a, c]);
  });

  it("honours the department's group", async () => {
    const { tenant, agents } = await teamOf(t, 3);
    const group = await createGroup(t, tenant, [agents[1].id, agents[2].id]);
    const department = await createDepartment(t, tenant, { name: 'Group', routing: 'assigned', id_group: group._id });
    const [, b, c] = agents.map((agent) => agent.id);
    assert.deepEqual(await assignees(t, tenant, 4, { departmentid: department._id }), [b, c, b, c]);
    const requests = await t.http('GET', `/${tenant.projectId}/requests`, { headers: agents[0].basic });
    assert.equal(requests.body.count, 0, 'an agent outside the group does not see them');
  });

  it('pooled: nobody assigned, status 100, visible to the candidate agents', async () => {
    const { tenant, agents } = await teamOf(t, 2);
    const department = await createDepartment(t, tenant, { name: 'Pool', routing: 'pooled' });
    const request = await createRequest(t, tenant, { departmentid: department._id });
    assert.equal(request.status, 100);
    assert.deepEqual(request.participants, []);
    assert.equal(request.department, department._id);
    const seen = await t.http('GET', `/${tenant.projectId}/requests`, { headers: agents[0].basic });
    assert.deepEqual(
      seen.body.requests.map((r: any) => r.request_id),
      [request.request_id],
    );
  });

  it('closed hours: nobody is assigned', async () => {
    const { tenant } = await teamOf(t, 2);
    await updateProject(t, tenant, { activeOperatingHours: true, operatingHours: '{"tzname":"Europe/Rome"}' });
    const request = await createRequest(t, tenant);
    assert.equal(request.status, 100);
    assert.deepEqual(request.participants, []);
  });

  it('chat limits: project-wide and personal; closing frees a seat', async () => {
    const { tenant, agents } = await teamOf(t, 2);
    await updateProject(t, tenant, { settings: { chat_limit_on: true, max_agent_assigned_chat: 1 } });
    const [a, b] = agents.map((agent) => agent.id);
    const created = await assignees(t, tenant, 3);
    assert.deepEqual(created, [a, b, 'status 100']);
    assert.equal(await assignedCount(t, tenant, agents[0]), 1);

    const list = await t.http('GET', `/${tenant.projectId}/requests?participant=${a}`, { headers: tenant.owner.basic });
    const close = await t.http('PUT', `/${tenant.projectId}/requests/${list.body.requests[0].request_id}/close`, {
      headers: agents[0].basic,
    });
    assert.equal(close.status, 200);
    assert.equal(await assignedCount(t, tenant, agents[0]), 0);
    assert.deepEqual(await assignees(t, tenant, 1), [a]);

    await setMember(t, tenant, agents[1].projectUserId, { max_assigned_chat: 2 });
    assert.deepEqual(await assignees(t, tenant, 2), [b, 'status 100']);
  });

  it('re-routing skips agents who abandoned the request; all of them -> 150', async () => {
    const { tenant, agents } = await teamOf(t, 2);
    const request = await createRequest(t, tenant);
    const base = `/${tenant.projectId}/requests/${request.request_id}`;
    assert.deepEqual(request.participants, [agents[0].id]);
    await t.http('DELETE', `${base}/participants/${agents[0].id}`, { headers: tenant.owner.basic });
    const rerouted = await t.http('PUT', `${base}/departments`, { headers: tenant.owner.basic, body: {} });
    assert.deepEqual(rerouted.body.participants, [agents[1].id]);
    const notice = (await messagesOf(t, tenant, request.request_id)).at(-1)!;
    assert.equal(notice.text, 'A new support request has been assigned to you: first text');
    assert.equal(notice.attributes.messagelabel.key, 'TOUCHING_OPERATOR');
    await t.http('DELETE', `${base}/participants/${agents[1].id}`, { headers: tenant.owner.basic });
    const abandoned = await t.http('PUT', `${base}/departments`, { headers: tenant.owner.basic, body: {} });
    assert.equal(abandoned.body.status, 150);
    assert.equal(abandoned.body.attributes.fully_abandoned, true);
    assert.deepEqual(abandoned.body.participants, []);
  });

  it('PUT /assign routes an unassigned request; unknown departments are 422', async () => {
    const { tenant, agents } = await teamOf(t, 1);
    await setMember(t, tenant, agents[0].projectUserId, { user_available: false });
    const request = await createRequest(t, tenant);
    assert.equal(request.status, 100);
    await setMember(t, tenant, agents[0].projectUserId, { user_available: true });
    const url = `/${tenant.projectId}/requests/${request.request_id}/assign`;
    const bad = await t.http('PUT', url, { headers: tenant.owner.basic, body: { departmentid: 'nope' } });
    assert.equal(bad.status, 422);
    const assigned = await t.http('PUT', url, { headers: tenant.owner.basic, body: {} });
    assert.equal(assigned.status, 200);
    assert.deepEqual(assigned.body.participants, [agents[0].id]);
    assert.equal(assigned.body.status, 200);
  });
});

describe('bot departments and handoff', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function botProject() {
    const { tenant, agents } = await teamOf(t, 2);
    const bot = await createBot(t, tenant);
    const department = await defaultDepartment(t, tenant);
    await updateDepartment(t, tenant, department._id, { id_bot: bot.id });
    return { tenant, agents, bot };
  }

  it('a visitor writing \\agent hands the conversation to a human; the bot leaves', async () => {
    const { tenant, agents, bot } = await botProject();
    const events = recordEvents(t);
    const guest = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    const first = await t.http('POST', url, { headers: guest.headers, body: { text: 'hello' } });
    assert.deepEqual(first.body.request.participants, [bot.participant]);
    assert.equal(first.body.request.hasBot, true);
    const handoff = await t.http('POST', url, { headers: guest.headers, body: { text: '\\agent' } });
    assert.equal(handoff.status, 200);
    assert.deepEqual(handoff.body.request.participants, [agents[0].id]);
    assert.equal(handoff.body.request.hasBot, false);
    assert.equal(handoff.body.request.status, 200);
    const request = await getRequest(t, tenant, requestId);
    assert.deepEqual(request.participantsBots, []);
    const left = await events.of(tenant.projectId, 'request.participants.leave');
    assert.deepEqual(
      left.map((e) => e.payload.member),
      [bot.participant],
    );
  });

  it('the bot writing \\agent hands off too; PUT /agent does it explicitly', async () => {
    const { tenant, agents, bot } = await botProject();
    const request = await createRequest(t, tenant);
    assert.deepEqual(request.participants, [bot.participant]);
    const byBot = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
      headers: bot.headers,
      body: { text: '\\agent', attributes: { subtype: 'info' } },
    });
    assert.equal(byBot.status, 200);
    assert.equal(byBot.body.sender, bot.participant);
    assert.deepEqual(byBot.body.request.participants, [agents[0].id]);

    const other = await createRequest(t, tenant);
    const put = await t.http('PUT', `/${tenant.projectId}/requests/${other.request_id}/agent`, {
      headers: bot.headers,
    });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body.participants, [agents[1].id]);
    assert.equal(put.body.hasBot, false);
  });

  it('handoff with nobody available leaves the request unassigned; \\close closes', async () => {
    const { tenant, agents, bot } = await botProject();
    for (const agent of agents) await setMember(t, tenant, agent.projectUserId, { user_available: false });
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/messages`;
    const handoff = await t.http('POST', url, { headers: bot.headers, body: { text: '\\agent' } });
    assert.deepEqual(handoff.body.request.participants, []);
    assert.equal(handoff.body.request.status, 100);
    const close = await t.http('POST', url, { headers: tenant.owner.basic, body: { text: '\\close' } });
    assert.equal(close.body.request.status, 1000);
    assert.equal(close.body.request.closed_by, tenant.owner.id);
  });

  it('a human joining a bot conversation replaces the bot and is told about it', async () => {
    const { tenant, agents, bot } = await botProject();
    const request = await createRequest(t, tenant, { first_text: 'My order never arrived, can you check?' });
    const joined = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/participants`, {
      headers: tenant.owner.basic,
      body: { member: agents[1].id },
    });
    assert.equal(joined.status, 200);
    assert.deepEqual(joined.body.participants, [agents[1].id]);
    assert.equal(joined.body.hasBot, false);
    const [notice] = await messagesOf(t, tenant, request.request_id);
    assert.equal(notice.text, 'A new support request has been assigned to you: My order never arrived, can yo');
    assert.deepEqual(notice.attributes.updateconversationfor, [agents[1].id]);
    assert.equal(notice.sender, 'system');
    const withBot = await t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/participants`, {
      headers: tenant.owner.basic,
      body: [bot.participant],
    });
    assert.equal(withBot.body.hasBot, true);
  });
});

describe('close, reopen and participants', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('close: transcript, closed_at, closed_by, duration, "Chat closed"; idempotent unless force', async () => {
    const tenant = await newTenant(t);
    const events = recordEvents(t);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}`;
    await t.http('POST', `${url}/messages`, { headers: tenant.owner.basic, body: { text: 'first line' } });
    await t.http('POST', `${url}/messages`, { headers: tenant.owner.basic, body: { text: 'second line' } });
    const closed = await t.http('PUT', `${url}/close`, { headers: tenant.owner.basic });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 1000);
    assert.equal(closed.body.closed_by, tenant.owner.id);
    assert.ok(Date.parse(closed.body.closed_at) >= Date.parse(closed.body.createdAt));
    assert.equal(closed.body.duration, Date.parse(closed.body.closed_at) - Date.parse(closed.body.createdAt));
    const lines = closed.body.transcript.split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^\d{1,2}\/\d{1,2}\/\d{4}, \d{2}:\d{2}:\d{2} Test Firstname Test lastname: first line$/);
    const messages = await messagesOf(t, tenant, requestId);
    assert.equal(messages.at(-1)!.text, 'Chat closed');
    assert.equal(messages.at(-1)!.attributes.messagelabel.key, 'CHAT_CLOSED');
    const [closeEvent] = await events.of(tenant.projectId, 'request.close');
    assert.equal(closeEvent.payload.status, 1000);
    assert.deepEqual(
      closeEvent.payload.messages.map((m: any) => m.text),
      ['first line', 'second line'],
    );

    const again = await t.http('PUT', `${url}/close`, { headers: tenant.owner.basic });
    assert.equal(again.body.closed_at, closed.body.closed_at);
    assert.equal((await messagesOf(t, tenant, requestId)).length, 3);
    const forced = await t.http('PUT', `${url}/close`, { headers: tenant.owner.basic, body: { force: true } });
    assert.equal(forced.status, 200);
    assert.equal((await messagesOf(t, tenant, requestId)).length, 4);

    const listed = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
    assert.equal(listed.body.count, 0, 'closed requests leave the inbox');
    const history = await t.http('GET', `/${tenant.projectId}/requests?status=1000`, { headers: tenant.owner.basic });
    assert.equal(history.body.count, 1);
  });

  it('close: an agent must take part; reopen brings it back with a notice and the counts follow', async () => {
    const { tenant, agents } = await teamOf(t, 2);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}`;
    const outsider = await t.http('PUT', `${url}/close`, { headers: agents[1].basic });
    assert.equal(outsider.status, 403);
    assert.deepEqual(outsider.body, {
      success: false,
      error: 'You must be among the participants to close a conversation.',
    });
    assert.equal(await assignedCount(t, tenant, agents[0]), 1);
    await t.http('PUT', `${url}/close`, { headers: agents[0].basic });
    assert.equal(await assignedCount(t, tenant, agents[0]), 0);
    const reopened = await t.http('PUT', `${url}/reopen`, { headers: agents[0].basic });
    assert.equal(reopened.status, 200);
    assert.equal(reopened.body.status, 200);
    assert.equal(await assignedCount(t, tenant, agents[0]), 1);
    assert.equal((await messagesOf(t, tenant, request.request_id)).at(-1)!.text, 'Chat reopened');
    const missing = await t.http('PUT', `/${tenant.projectId}/requests/nope/close`, { headers: tenant.owner.basic });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, error: 'Request not found' });
  });

  it('participants: add, replace, remove, with validation; a closed request stays closed', async () => {
    const { tenant, agents } = await teamOf(t, 2);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/participants`;
    const headers = tenant.owner.basic;
    const added = await t.http('POST', url, { headers, body: { member: agents[1].id } });
    assert.deepEqual(added.body.participants, [agents[0].id, agents[1].id]);
    assert.equal(await assignedCount(t, tenant, agents[1]), 1);
    const replaced = await t.http('PUT', url, { headers, body: [agents[1].id] });
    assert.deepEqual(replaced.body.participantsAgents, [agents[1].id]);
    assert.equal(await assignedCount(t, tenant, agents[0]), 0);
    assert.equal((await t.http('POST', url, { headers, body: {} })).status, 422);
    assert.equal((await t.http('POST', url, { headers, body: { member: 'stranger' } })).status, 422);
    assert.equal((await t.http('PUT', url, { headers, body: { member: agents[0].id } })).status, 422);
    const guest = await anonymous(t, tenant.projectId);
    assert.equal((await t.http('POST', url, { headers, body: { member: guest.id } })).status, 422);
    assert.equal((await t.http('POST', url, { headers: guest.headers, body: { member: agents[0].id } })).status, 403);

    await t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/close`, { headers });
    const emptied = await t.http('PUT', url, { headers, body: [] });
    assert.equal(emptied.body.status, 1000);
    const owner = await membershipOf(t, tenant, headers);
    assert.ok(owner._id);
  });
});
