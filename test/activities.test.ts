/**
 * Activities (the audit trail): each kind of change records one activity with Tiledesk's verb, the
 * right actor (the caller; the system for subscriptions and the server's own work) and target;
 * the list's filters, paging and CSV; admins only; nothing recorded for a change that rolled back;
 * retention.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, uniqueEmail, type Tenant, type TestUser } from './helpers/factories.js';
import { membershipOf, newRequestId } from './helpers/conversations.js';
import { createBot, createSubscription } from './helpers/machine-principals.js';

const DAY = 86_400_000;

let t: TestApp;
before(async () => {
  // Its own database: the retention test purges with a clock a year ahead.
  t = await startTestApp({ ACTIVITIES_RETENTION_DAYS: '30' });
});
after(() => t.close());

async function activities(tenant: Tenant, query: Record<string, string> = {}, headers = tenant.owner.basic) {
  const response = await t.http('GET', `/${tenant.projectId}/activities`, { headers, query });
  assert.equal(response.status, 200, response.text);
  return response.body as { perPage: number; count: number; activities: any[]; chart?: boolean; limitWarning?: string };
}

/** The activities with this verb, oldest first. */
async function withVerb(tenant: Tenant, verb: string) {
  return (await activities(tenant, { activities: verb, direction: '1' })).activities;
}

const put = (tenant: Tenant, path: string, headers: Record<string, string>, body: unknown) =>
  t.http('PUT', `/${tenant.projectId}${path}`, { headers, body });

const actorOf = (user: TestUser) => ({ type: 'user', id: user.id, name: `${user.firstname} ${user.lastname}` });

describe('activities', () => {
  it('records invitations, availability and role changes and removals, with who did them', async () => {
    const tenant = await newTenant(t);
    const { owner } = tenant;
    const agent = await addMember(t, tenant, 'agent');

    const [invite] = await withVerb(tenant, 'PROJECT_USER_INVITE');
    assert.deepEqual(invite.actor, actorOf(owner));
    assert.equal(invite.id_project, tenant.projectId);
    assert.equal(invite.target.type, 'project_user');
    assert.equal(invite.target.id, agent.projectUserId);
    assert.equal(invite.target.object.id_user._id, agent.id);
    assert.deepEqual(invite.actionObj, { email: agent.email, role: 'agent', user_available: true, inviteType: 'registered' });
    assert.match(invite.message, /invited Test Firstname Test lastname \(.+\) to take on the role of agent$/);

    const pendingEmail = uniqueEmail('pending');
    const pending = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: owner.basic,
      body: { email: pendingEmail, role: 'admin' },
    });
    assert.equal(pending.status, 200, pending.text);
    const pendingActivity = (await withVerb(tenant, 'PROJECT_USER_INVITE'))[1];
    assert.equal(pendingActivity.target.type, 'pendinginvitation');
    assert.equal(pendingActivity.target.object.email, pendingEmail);
    assert.equal(pendingActivity.actionObj.inviteType, 'pending');

    // The agent goes offline themself; the owner changes the agent's role, then their availability.
    assert.equal((await put(tenant, '/project_users', agent.basic, { user_available: false })).status, 200);
    const [self] = await withVerb(tenant, 'PROJECT_USER_AVAILABILITY_SELF');
    assert.deepEqual(self.actor, actorOf(agent));
    assert.equal(self.target.id, agent.projectUserId);
    assert.equal(self.actionObj.user_available, false);
    assert.equal(self.actionObj.newStatus, 'unavailable');
    assert.equal(self.actionObj.updateType, 'self');
    assert.equal(self.message, 'Test Firstname Test lastname changed availability status to unavailable');

    const memberPath = `/project_users/${agent.projectUserId}`;
    assert.equal((await put(tenant, memberPath, owner.basic, { role: 'admin' })).status, 200);
    assert.equal((await put(tenant, memberPath, owner.jwt, { user_available: true })).status, 200);
    const updates = await withVerb(tenant, 'PROJECT_USER_UPDATE');
    assert.equal(updates.length, 2);
    assert.deepEqual(updates[0].actor, actorOf(owner));
    assert.deepEqual(
      { role: updates[0].actionObj.role, updateType: updates[0].actionObj.updateType },
      { role: 'admin', updateType: 'admin' },
    );
    assert.equal(updates[1].actionObj.user_available, true);
    assert.equal(updates[1].actionObj.newStatus, 'available');

    // A webhook subscription acting on the team is the system.
    const subscription = await createSubscription(t, tenant.projectId);
    assert.equal((await put(tenant, memberPath, subscription.headers, { user_available: false })).status, 200);
    const [system] = await withVerb(tenant, 'PROJECT_USER_AVAILABILITY_SYSTEM');
    assert.deepEqual(system.actor, { type: 'system', id: 'system', name: 'System' });
    assert.equal(system.actionObj.updateType, 'system');

    // Attributes alone are no audited change.
    await put(tenant, '/project_users', agent.basic, { attributes: { theme: 'dark' } });
    assert.equal((await activities(tenant)).count, 6);

    const removed = await t.http('DELETE', `/${tenant.projectId}${memberPath}`, { headers: owner.basic });
    assert.equal(removed.status, 200, removed.text);
    const [deletion] = await withVerb(tenant, 'PROJECT_USER_DELETE');
    assert.deepEqual(deletion.actor, actorOf(owner));
    assert.equal(deletion.target.object.id_user._id, agent.id);
    assert.equal(deletion.actionObj.email, agent.email);
    assert.match(deletion.message, /removed Test Firstname Test lastname from the project$/);
  });

  it('records a conversation: created, assigned, left, unassigned, closed and deleted', async () => {
    const tenant = await newTenant(t);
    const { owner } = tenant;
    const agent = await addMember(t, tenant, 'agent');
    // The agent is away: routing gives the conversation to the owner.
    assert.equal((await put(tenant, '/project_users', agent.basic, { user_available: false })).status, 200);
    const visitor = await anonymous(t, tenant.projectId, 'Vera');
    const request = { request_id: newRequestId(tenant.projectId) };
    const path = `/requests/${request.request_id}`;
    const sent = await t.http('POST', `/${tenant.projectId}${path}/messages`, {
      headers: visitor.headers,
      body: { text: 'x'.repeat(500) },
    });
    assert.equal(sent.status, 200, sent.text);

    const [created] = await withVerb(tenant, 'REQUEST_CREATE');
    assert.equal(created.actor.type, 'user');
    assert.equal(created.actor.id, visitor.id);
    assert.equal(created.target.type, 'request');
    assert.equal(created.target.object.request_id, request.request_id);
    assert.equal(created.target.object.first_text.length, 200, 'the text is cut short');

    assert.deepEqual(created.target.object.participantsAgents, [owner.id]);

    // The owner gives the conversation to the agent.
    assert.equal((await put(tenant, `${path}/participants`, owner.basic, [agent.id])).status, 200);
    const [manual] = await withVerb(tenant, 'REQUEST_ASSIGNED_MANUAL');
    assert.deepEqual(manual.actor, actorOf(owner));
    assert.equal(manual.actionObj.previousAssigneeId, owner.id);
    assert.match(manual.message, /manually assigned conversation support-group-.+ to Test Firstname Test lastname \(source: api\) \(replaced /);
    assert.deepEqual(manual.related, { role: 'assignee', type: 'user', id: agent.id, name: 'Test Firstname Test lastname' });
    assert.equal(manual.actionObj.assignmentType, 'manual_reassign');
    assert.deepEqual(manual.target.object.participantsAgents, [agent.id]);

    // The agent leaves; the owner joins, adds the agent back, then removes them.
    const leave = await t.http('DELETE', `/${tenant.projectId}${path}/participants/${agent.id}`, { headers: agent.basic });
    assert.equal(leave.status, 200, leave.text);
    const [left] = await withVerb(tenant, 'LEAVE_CONVERSATION');
    assert.deepEqual(left.actor, actorOf(agent));
    assert.equal(left.actionObj.member, agent.id);

    const join = (member: string) =>
      t.http('POST', `/${tenant.projectId}${path}/participants`, { headers: owner.basic, body: { member } });
    assert.equal((await join(owner.id)).status, 200);
    const [self] = await withVerb(tenant, 'REQUEST_ASSIGNED_SELF');
    assert.deepEqual(self.actor, actorOf(owner));
    assert.equal(self.related.id, owner.id);

    assert.equal((await join(agent.id)).status, 200);
    const remove = await t.http('DELETE', `/${tenant.projectId}${path}/participants/${agent.id}`, {
      headers: owner.basic,
    });
    assert.equal(remove.status, 200, remove.text);
    const [unassigned] = await withVerb(tenant, 'REQUEST_UNASSIGNED');
    assert.deepEqual(unassigned.actor, actorOf(owner));
    assert.deepEqual(unassigned.related, {
      role: 'unassigned_user',
      type: 'user',
      id: agent.id,
      name: 'Test Firstname Test lastname',
    });

    // A bot closes it; the owner deletes it.
    const bot = await createBot(t, tenant.projectId);
    assert.equal((await put(tenant, `${path}/close`, bot.headers, {})).status, 200);
    const [closed] = await withVerb(tenant, 'REQUEST_CLOSE');
    assert.equal(closed.actor.type, 'bot');
    assert.equal(closed.actor.id, bot.id);
    assert.equal(closed.target.object.status, 1000);

    const deleted = await t.http('DELETE', `/${tenant.projectId}${path}`, { headers: owner.basic });
    assert.equal(deleted.status, 200, deleted.text);
    const [deletion] = await withVerb(tenant, 'REQUEST_DELETE');
    assert.deepEqual(deletion.actor, actorOf(owner));
    assert.equal(deletion.target.object.request_id, request.request_id);

    // Everything the agent was part of, by agent_id: invited, away, assigned (twice), left, unassigned.
    const ofAgent = await activities(tenant, { agent_id: agent.id, direction: '1' });
    assert.deepEqual(
      ofAgent.activities.map((a) => a.verb),
      [
        'PROJECT_USER_INVITE',
        'PROJECT_USER_AVAILABILITY_SELF',
        'REQUEST_ASSIGNED_MANUAL',
        'LEAVE_CONVERSATION',
        'REQUEST_ASSIGNED_MANUAL',
        'REQUEST_UNASSIGNED',
      ],
    );
  });

  it('records chatbots created and deleted, departments and groups deleted', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const bot = await t.http('POST', `/${tenant.projectId}/faq_kb`, { headers, body: { name: 'Helper', type: 'internal' } });
    assert.equal(bot.status, 200, bot.text);
    assert.equal((await t.http('DELETE', `/${tenant.projectId}/faq_kb/${bot.body._id}`, { headers })).status, 200);
    const department = await t.http('POST', `/${tenant.projectId}/departments`, { headers, body: { name: 'Sales' } });
    assert.equal(department.status, 200, department.text);
    const gone = await t.http('DELETE', `/${tenant.projectId}/departments/${department.body._id}`, { headers });
    assert.equal(gone.status, 200, gone.text);
    const group = await t.http('POST', `/${tenant.projectId}/groups`, { headers, body: { name: 'Night shift' } });
    assert.equal(group.status, 200, group.text);
    assert.equal((await t.http('DELETE', `/${tenant.projectId}/groups/${group.body._id}`, { headers })).status, 200);

    const verbs = (await activities(tenant, { direction: '1' })).activities.map((a) => [a.verb, a.target.object?.name]);
    assert.deepEqual(verbs, [
      ['FAQ_KB_CREATE', 'Helper'],
      ['FAQ_KB_DELETE', 'Helper'],
      ['DEPARTMENT_DELETE', 'Sales'],
      ['GROUP_DELETE', 'Night shift'],
    ]);
    const [created] = await withVerb(tenant, 'FAQ_KB_CREATE');
    assert.equal(created.target.object.secret, undefined, "a bot's secret stays out of the trail");
  });

  it('filters by verb, agent and dates, and pages', async () => {
    const tenant = await newTenant(t);
    const agents = [await addMember(t, tenant), await addMember(t, tenant), await addMember(t, tenant)];
    const all = await activities(tenant);
    assert.equal(all.count, 3);
    assert.equal(all.perPage, 40);
    assert.deepEqual(
      all.activities.map((a) => a.target.object.id_user._id),
      agents.map((agent) => agent.id).reverse(),
      'newest first',
    );

    const firstPage = await activities(tenant, { limit: '2' });
    const secondPage = await activities(tenant, { limit: '2', page: '1' });
    assert.deepEqual([firstPage.perPage, firstPage.count, firstPage.activities.length], [2, 3, 2]);
    assert.equal(secondPage.activities.length, 1);
    assert.equal(secondPage.activities[0]._id, all.activities[2]._id);

    assert.equal((await activities(tenant, { limit: '5000' })).perPage, 100, 'at most 100 a page');
    const chart = await activities(tenant, { limit: '5000', chart: 'true' });
    assert.deepEqual([chart.perPage, chart.chart], [1000, true]);
    assert.match(chart.limitWarning ?? '', /maximum allowed value of 1000/);

    assert.equal((await activities(tenant, { agent_id: agents[1]!.id })).count, 1);
    assert.equal((await activities(tenant, { activities: 'REQUEST_CLOSE,PROJECT_USER_DELETE' })).count, 0);
    assert.equal((await activities(tenant, { activities: 'REQUEST_CLOSE,PROJECT_USER_INVITE' })).count, 3);

    const day = (offset: number) => {
      const date = new Date(Date.now() + offset * DAY);
      return `${date.getUTCDate()}/${date.getUTCMonth() + 1}/${date.getUTCFullYear()}`;
    };
    assert.equal((await activities(tenant, { start_date: day(0), end_date: day(0) })).count, 3);
    assert.equal((await activities(tenant, { start_date: day(1) })).count, 0);
    assert.equal((await activities(tenant, { start_date: day(-2), end_date: day(-1) })).count, 0);
  });

  it('exports CSV with the same filters', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant);
    const response = await t.http('GET', `/${tenant.projectId}/activities/csv`, {
      headers: tenant.owner.basic,
      query: { activities: 'PROJECT_USER_INVITE' },
    });
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    const [header, row, end] = response.text.split('\n');
    assert.match(header!, /^"message";"activity_id";"createdAt";"updatedAt";"project_id";"actor_name";/);
    assert.match(row!, /"PROJECT_USER_INVITE"/);
    assert.ok(row!.includes(`"${agent.email}"`));
    assert.equal(end, '');
    const bad = await t.http('GET', `/${tenant.projectId}/activities/csv`, {
      headers: tenant.owner.basic,
      query: { start_date: 'yesterday' },
    });
    assert.equal(bad.status, 422, bad.text);
  });

  it('is for admins of the project; bad queries get a JSON error', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const admin = await addMember(t, tenant, 'admin');
    const stranger = await newTenant(t);
    const visitor = await anonymous(t, tenant.projectId);
    const url = `/${tenant.projectId}/activities`;
    assert.equal((await t.http('GET', url, { headers: admin.basic })).status, 200);
    for (const headers of [agent.basic, stranger.owner.basic, visitor.headers]) {
      const response = await t.http('GET', url, { headers });
      assert.equal(response.status, 403, response.text);
      assert.equal(response.body.success, false);
    }
    assert.equal((await t.http('GET', url)).status, 401);
    // Another project's own list never shows this one's activities, even asked by this one's agent.
    const theirs = await activities(stranger, { agent_id: agent.id });
    assert.equal(theirs.count, 0);
    const badQueries: Array<Record<string, string>> = [
      { start_date: '31/02/2026' },
      { page: '-1' },
      { limit: 'many' },
      { sort: 'password' },
      { activities: 'A,'.repeat(60) },
      { agent_id: 'x'.repeat(200) },
    ];
    for (const query of badQueries) {
      const response = await t.http('GET', url, { headers: tenant.owner.basic, query });
      assert.equal(response.status, 422, `${JSON.stringify(query)}: ${response.text}`);
      assert.equal(typeof response.body, 'object');
    }
  });

  it('records nothing for a change that rolled back, and the server acting alone is the system', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant);
    const { projectUsers, projects } = t.context.services;
    const project = await projects.findLive(tenant.projectId);
    assert.ok(project);
    await assert.rejects(
      t.context.transaction(async () => {
        await projectUsers.updateMember(project, undefined, agent.projectUserId, { role: 'admin' });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    const membership = (await membershipOf(t, tenant, agent.basic)) as unknown as { role: string };
    assert.equal(membership.role, 'agent');
    assert.equal((await withVerb(tenant, 'PROJECT_USER_UPDATE')).length, 0);

    // Outside any request (a timer, a job): the server itself.
    await projectUsers.updateMember(project, undefined, agent.projectUserId, { user_available: false });
    const [system] = await withVerb(tenant, 'PROJECT_USER_AVAILABILITY_SYSTEM');
    assert.deepEqual(system.actor, { type: 'system', id: 'system', name: 'System' });
  });

  it('forgets activities older than ACTIVITIES_RETENTION_DAYS', async () => {
    const tenant = await newTenant(t);
    await addMember(t, tenant);
    const { activities: service } = t.context.services;
    assert.equal(await service.purge(new Date(Date.now() + 29 * DAY)), 0);
    assert.equal((await activities(tenant)).count, 1);
    assert.ok((await service.purge(new Date(Date.now() + 31 * DAY))) >= 1);
    assert.equal((await activities(tenant)).count, 0);
  });
});
