/**
 * Requests: the upstream expectations of Tiledesk's test/requestRoute.js (reference §10.6), with
 * their seeding done over HTTP, plus editing, notes, tags, followers, rating, deletion, bad input
 * and cross-project cases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, signup, uniqueEmail } from './helpers/factories.js';
import {
  createBot,
  createRequest,
  defaultDepartment,
  getRequest,
  membershipOf,
  messagesOf,
  newRequestId,
  updateDepartment,
} from './helpers/conversations.js';

describe('requests (Tiledesk requestRoute expectations)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('createSimple: assigns the available owner in the default department', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { first_text: 'first_text' });
    assert.equal(request.first_text, 'first_text');
    assert.equal(request.id_project, tenant.projectId);
    assert.equal(request.createdBy, tenant.owner.id);
    assert.equal(request.status, 200);
    assert.deepEqual(request.participants, [tenant.owner.id]);
    assert.deepEqual(request.participantsAgents, [tenant.owner.id]);
    assert.deepEqual(request.participantsBots, []);
    assert.equal(request.hasBot, false);
    assert.equal(typeof request.department, 'string');
    assert.equal(typeof request.requester, 'string', 'POST answers the request unpopulated');
    assert.match(request.request_id, new RegExp(`^support-group-${tenant.projectId}-[0-9a-f]{32}$`));
    assert.equal(request.ticket_id, 1);
  });

  it('createUpperCaseEmail: works for an owner who signed up with an upper-case email', async () => {
    const owner = await signup(t, { email: uniqueEmail('UPPER').toUpperCase() });
    const project = await t.http('POST', '/projects', { headers: owner.basic, body: { name: 'p' } });
    const tenant = { owner, projectId: project.body._id, project: project.body };
    const request = await createRequest(t, tenant, { first_text: 'first_text' });
    assert.equal(request.status, 200);
    assert.equal(request.participants.length, 1);
  });

  it('create-simple-new-note: adds a note by the caller', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const response = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/notes`, {
      headers: tenant.owner.basic,
      body: { text: 'test note 1' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.notes.length, 1);
    assert.equal(response.body.notes[0].text, 'test note 1');
    assert.equal(response.body.notes[0].createdBy, tenant.owner.id);
  });

  it('createSimpleAndCloseForDuration: duration counts from creation', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    await sleep(2000);
    const response = await t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(response.status, 200);
    assert.ok(response.body.duration > 2000, String(response.body.duration));
  });

  it('getbyid: the populated request', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const body = await getRequest(t, tenant, request.request_id);
    assert.equal(body.request_id, request.request_id);
    assert.equal(body.department.name, 'Default Department');
    assert.ok(body.requester);
    assert.equal(body.requester.isAuthenticated, true);
    assert.equal(body.participantsAgents.length, 1);
    assert.equal(body.participantsBots.length, 0);
    assert.equal(body.hasBot, false);
    assert.equal(body.participatingAgents.length, 1);
    assert.equal(body.participatingAgents[0]._id, tenant.owner.id);
    assert.equal(body.participatingAgents[0].password_hash, undefined);
    assert.equal(body.participatingBots.length, 0);
    assert.equal(body.snapshot.agents, undefined, 'the candidate agents stay internal');
  });

  it('getbyidWithPartecipatingBots: a department bot is the only participant', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant);
    const department = await defaultDepartment(t, tenant);
    await updateDepartment(t, tenant, department._id, { id_bot: bot.id });
    const request = await createRequest(t, tenant);
    const body = await getRequest(t, tenant, request.request_id);
    assert.equal(body.participatingAgents.length, 0);
    assert.equal(body.participatingBots.length, 1);
    assert.equal(body.participatingBots[0]._id, bot.id);
    assert.equal(body.participatingBots[0].secret, undefined);
    assert.deepEqual(body.participants, [bot.participant]);
    assert.equal(body.participantsAgents.length, 0);
    assert.deepEqual(body.participantsBots, [bot.id]);
    assert.equal(body.hasBot, true);
    assert.equal(body.department.hasBot, true);
    assert.equal(body.status, 200);
  });

  it('getallSimple / getallNoPopulate / getallWithLoLead', async () => {
    const tenant = await newTenant(t);
    await createRequest(t, tenant);
    const all = await t.http('GET', `/${tenant.projectId}/requests/`, { headers: tenant.owner.basic });
    assert.equal(all.status, 200);
    assert.equal(all.body.perPage, 40);
    assert.equal(all.body.count, 1);
    const [first] = all.body.requests;
    assert.equal(first.department.name, 'Default Department');
    assert.equal(first.requester.id_user.firstname, 'Test Firstname');
    assert.equal(first.participantsAgents.length, 1);
    assert.equal(first.hasBot, false);
    assert.equal(first.lead.lead_id, tenant.owner.id);

    const raw = await t.http('GET', `/${tenant.projectId}/requests?no_populate=true`, { headers: tenant.owner.basic });
    assert.equal(typeof raw.body.requests[0].department, 'string');
    assert.equal(typeof raw.body.requests[0].requester, 'string');
    assert.equal(raw.body.requests[0].participantsAgents[0], tenant.owner.id);
  });

  it('getallFilter: snapshot filters of the department', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    for (const query of [
      'snap_department_routing=assigned',
      'snap_department_default=true',
      'snap_department_id_bot_exists=false',
    ]) {
      const response = await t.http('GET', `/${tenant.projectId}/requests?${query}`, { headers: tenant.owner.basic });
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.requests.map((r: any) => r.request_id),
        [request.request_id],
        query,
      );
    }
    for (const query of [
      'snap_department_routing=pooled',
      'snap_department_default=false',
      'snap_department_id_bot_exists=true',
    ]) {
      const response = await t.http('GET', `/${tenant.projectId}/requests?${query}`, { headers: tenant.owner.basic });
      assert.equal(response.body.requests.length, 0, query);
    }
  });

  it('getallcsv and countConversations', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { first_text: 'say "hi"; bye' });
    const csv = await t.http('GET', `/${tenant.projectId}/requests/csv/`, { headers: tenant.owner.basic });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const [header, line] = csv.text.trim().split('\n');
    assert.match(header, /^"_id";"request_id";/);
    assert.ok(line.includes(`"${request.request_id}"`));
    assert.ok(line.includes('"say ""hi""; bye"'));
    assert.ok(line.includes('"Default Department"'));

    const quota = await t.http('GET', `/${tenant.projectId}/requests/count?conversation_quota=true`, {
      headers: tenant.owner.basic,
    });
    assert.equal(quota.status, 200);
    assert.equal(quota.body.open, 1);
    assert.equal(quota.body.closed, 0);
    assert.match(quota.body.slot.startDate, /^01\/\d{2}\/\d{4}$/);
    const counts = await t.http('GET', `/${tenant.projectId}/requests/count`, { headers: tenant.owner.basic });
    assert.deepEqual(counts.body, { unassigned: 0, assigned: 1, bot_assigned: 0 });
    const merged = await t.http('GET', `/${tenant.projectId}/requests/count?merge_assigned=1`, {
      headers: tenant.owner.basic,
    });
    assert.deepEqual(merged.body, { unassigned: 0, assigned: 1 });
  });

  it('exludeDraftConversations: td_draft=true makes a draft, hidden by draft=false', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { attributes: { sourcePage: 'https://x.test/?td_draft=true' } });
    assert.equal(request.draft, true);
    const response = await t.http('GET', `/${tenant.projectId}/requests?draft=false`, { headers: tenant.owner.basic });
    assert.equal(response.status, 200);
    assert.equal(response.body.requests.length, 0);
  });

  it('add-tag-to-conversation / remove-tag', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/tag`;
    const first = await t.http('PUT', url, {
      headers: tenant.owner.basic,
      body: [
        { tag: 'tag1', color: '#43B1F2' },
        { tag: 'tag2', color: '#43B1F2' },
      ],
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.tags.length, 2);
    const second = await t.http('PUT', url, {
      headers: tenant.owner.basic,
      body: [
        { tag: 'tag2', color: '#43B1F2' },
        { tag: 'tag3', color: '#43B1F2' },
      ],
    });
    assert.deepEqual(
      second.body.tags.map((tag: any) => tag.tag),
      ['tag1', 'tag2', 'tag3'],
    );
    const removed = await t.http('DELETE', `${url}/${second.body.tags[2]._id}`, { headers: tenant.owner.basic });
    assert.equal(removed.status, 200);
    assert.deepEqual(
      removed.body.tags.map((tag: any) => tag.tag),
      ['tag1', 'tag2'],
    );

    const unknown = newRequestId(tenant.projectId);
    const missing = await t.http('DELETE', `/${tenant.projectId}/requests/${unknown}/tag/x`, {
      headers: tenant.owner.basic,
    });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, error: `Request not found with id ${unknown}` });
    const empty = await t.http('PUT', url, { headers: tenant.owner.basic, body: [] });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body, { success: false, message: 'No tag specified' });
    const notArray = await t.http('PUT', url, { headers: tenant.owner.basic, body: { tag: 'x' } });
    assert.equal(notArray.status, 422);
  });

  it('createAndReassign / createAndAssign2: populated unless no_populate, passthrough when assigned', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const base = `/${tenant.projectId}/requests/${request.request_id}`;
    const reassigned = await t.http('PUT', `${base}/departments`, { headers: tenant.owner.basic, body: {} });
    assert.equal(reassigned.status, 200);
    assert.equal(typeof reassigned.body.requester, 'object');
    assert.equal(typeof reassigned.body.lead, 'object');
    const raw = await t.http('PUT', `${base}/departments`, {
      headers: tenant.owner.basic,
      body: { no_populate: 'true' },
    });
    assert.equal(raw.status, 200);
    assert.equal(typeof raw.body.requester, 'string');
    const assign = await t.http('PUT', `${base}/assign`, { headers: tenant.owner.basic, body: {} });
    assert.equal(assign.status, 200);
    assert.equal(typeof assign.body.requester, 'string');
    assert.equal(typeof assign.body.lead, 'string');
  });

  it('removeParticipant: back to unassigned, abandonment recorded', async () => {
    const tenant = await newTenant(t);
    const owner = await membershipOf(t, tenant, tenant.owner.basic);
    const request = await createRequest(t, tenant);
    const response = await t.http(
      'DELETE',
      `/${tenant.projectId}/requests/${request.request_id}/participants/${tenant.owner.id}`,
      { headers: tenant.owner.basic },
    );
    assert.equal(response.status, 200);
    assert.equal(response.body.status, 100);
    assert.deepEqual(response.body.participants, []);
    assert.deepEqual(response.body.participantsAgents, []);
    assert.deepEqual(response.body.participantsBots, []);
    assert.equal(response.body.hasBot, false);
    assert.equal(typeof response.body.attributes.abandoned_by_project_users[owner._id], 'number');
    assert.ok(response.body.department);
  });
});

describe('requests: reading, editing, deleting', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('GET /:request_id answers 404 "Object not found." for an unknown id', async () => {
    const tenant = await newTenant(t);
    const response = await t.http('GET', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { success: false, msg: 'Object not found.' });
  });

  it('POST validates first_text, sender, department, participants and followers', async () => {
    const tenant = await newTenant(t);
    const url = `/${tenant.projectId}/requests`;
    const headers = tenant.owner.basic;
    const missing = await t.http('POST', url, { headers, body: {} });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.errors[0].param, 'first_text');
    assert.equal((await t.http('POST', url, { headers, body: { first_text: '' } })).status, 422);
    assert.equal((await t.http('POST', url, { headers, body: { first_text: 'x', participants: 'me' } })).status, 422);
    const stranger = await t.http('POST', url, { headers, body: { first_text: 'x', sender: 'nobody-uuid' } });
    assert.equal(stranger.status, 403);
    assert.deepEqual(stranger.body, {
      success: false,
      msg: 'Unauthorized. Project_user not found with user id  : nobody-uuid',
    });
    const department = await t.http('POST', url, { headers, body: { first_text: 'x', departmentid: 'nope' } });
    assert.equal(department.status, 422);
    const participants = await t.http('POST', url, { headers, body: { first_text: 'x', participants: ['nobody'] } });
    assert.equal(participants.status, 422);
    const followers = await t.http('POST', url, { headers, body: { first_text: 'x', followers: ['nobody'] } });
    assert.equal(followers.status, 422);
    const malformed = await t.http('POST', url, {
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"first_text":',
    });
    assert.equal(malformed.status, 400);
    const counts = await t.http('GET', `${url}/count`, { headers });
    assert.deepEqual(counts.body, { unassigned: 0, assigned: 0, bot_assigned: 0 }, 'nothing was created');
  });

  it('POST keeps a given request_id, answers 409 when it is taken, and only agents may create', async () => {
    const tenant = await newTenant(t);
    const requestId = newRequestId(tenant.projectId);
    const request = await createRequest(t, tenant, { request_id: requestId });
    assert.equal(request.request_id, requestId);
    const again = await t.http('POST', `/${tenant.projectId}/requests`, {
      headers: tenant.owner.basic,
      body: { first_text: 'x', request_id: requestId },
    });
    assert.equal(again.status, 409);
    const guest = await anonymous(t, tenant.projectId);
    const denied = await t.http('POST', `/${tenant.projectId}/requests`, {
      headers: guest.headers,
      body: { first_text: 'x' },
    });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { success: false, msg: 'you dont have the required role.' });
    assert.equal((await t.http('GET', `/${tenant.projectId}/requests`)).status, 401);
  });

  it('POST with a visitor as sender: the lead and the snapshot requester are the visitor', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId, 'John');
    const request = await createRequest(t, tenant, { sender: guest.id, first_text: 'help' });
    const body = await getRequest(t, tenant, request.request_id);
    assert.equal(body.lead.lead_id, guest.id);
    assert.equal(body.snapshot.requester.uuid_user, guest.id);
    assert.equal(body.requester.id_user._id, tenant.owner.id, 'the stored requester is the caller, as Tiledesk');
  });

  it('PATCH changes only allow-listed fields; 404 "Request not found"', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}`;
    const response = await t.http('PATCH', url, {
      headers: tenant.owner.basic,
      body: {
        subject: 'New subject',
        priority: 'high',
        channelName: 'email',
        workingStatus: 'pending',
        participants: ['hacker'],
        id_project: 'other',
        createdBy: 'me',
      },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.subject, 'New subject');
    assert.equal(response.body.priority, 'high');
    assert.equal(response.body.channel.name, 'email');
    assert.equal(response.body.workingStatus, 'pending');
    assert.deepEqual(response.body.participants, [tenant.owner.id]);
    assert.equal(response.body.id_project, tenant.projectId);
    assert.equal(response.body.createdBy, tenant.owner.id);
    assert.equal(typeof response.body.department, 'object', 'populated');

    assert.equal((await t.http('PATCH', url, { headers: tenant.owner.basic, body: { status: 12 } })).status, 422);
    assert.equal((await t.http('PATCH', url, { headers: tenant.owner.basic, body: { lead: 'nope' } })).status, 422);
    const missing = await t.http('PATCH', `/${tenant.projectId}/requests/nope`, {
      headers: tenant.owner.basic,
      body: { subject: 'x' },
    });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, msg: 'Request not found' });
  });

  it('PATCH /attributes merges keys', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { attributes: { a: 1, b: 2 } });
    const url = `/${tenant.projectId}/requests/${request.request_id}/attributes`;
    const response = await t.http('PATCH', url, { headers: tenant.owner.basic, body: { b: 3, c: { d: true } } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.attributes, { a: 1, b: 3, c: { d: true } });
    assert.equal((await t.http('PATCH', url, { headers: tenant.owner.basic, body: [1, 2] })).status, 422);
  });

  it('notes: agents must take part; text is required; notes can be deleted', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/notes`;
    const outsider = await t.http('POST', url, { headers: agent.basic, body: { text: 'x' } });
    assert.equal(outsider.status, 403);
    assert.deepEqual(outsider.body, { success: false, error: 'You are not participating in the conversation' });
    const empty = await t.http('POST', url, { headers: tenant.owner.basic, body: {} });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.success, false);
    const added = await t.http('POST', url, { headers: tenant.owner.basic, body: { text: 'remember' } });
    const removed = await t.http('DELETE', `${url}/${added.body.notes[0]._id}`, { headers: tenant.owner.basic });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.notes, []);
  });

  it('followers: add, replace, remove; only team memberships', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const owner = await membershipOf(t, tenant, tenant.owner.basic);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/followers`;
    const added = await t.http('POST', url, { headers: tenant.owner.basic, body: { member: agent.projectUserId } });
    assert.equal(added.status, 200);
    assert.deepEqual(added.body.followers, [agent.projectUserId]);
    const replaced = await t.http('PUT', url, { headers: tenant.owner.basic, body: [owner._id, owner._id] });
    assert.deepEqual(replaced.body.followers, [owner._id]);
    const removed = await t.http('DELETE', `${url}/${owner._id}`, { headers: tenant.owner.basic });
    assert.deepEqual(removed.body.followers, []);
    assert.equal((await t.http('POST', url, { headers: tenant.owner.basic, body: {} })).status, 422);
    assert.equal((await t.http('POST', url, { headers: tenant.owner.basic, body: { member: 'x' } })).status, 422);
    const guest = await anonymous(t, tenant.projectId);
    const guestMembership = await membershipOf(t, tenant, guest.headers);
    const notTeam = await t.http('PUT', url, { headers: tenant.owner.basic, body: [guestMembership._id] });
    assert.equal(notTeam.status, 422);
  });

  it('rating: a visitor rates their own request only; a bot of the project rates any', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    const other = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const first = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: guest.headers,
      body: { text: 'hello' },
    });
    assert.equal(first.status, 200);
    const url = `/${tenant.projectId}/requests/${requestId}/rating`;
    const rated = await t.http('PATCH', url, { headers: guest.headers, body: { rating: 5, rating_message: 'Great' } });
    assert.equal(rated.status, 200);
    assert.equal(rated.body.rating, 5);
    assert.equal(rated.body.rating_message, 'Great');
    const stranger = await t.http('PATCH', url, { headers: other.headers, body: { rating: 1 } });
    assert.equal(stranger.status, 404);
    assert.deepEqual(stranger.body, { success: false, msg: 'Request not found' });
    const bot = await createBot(t, tenant);
    const byBot = await t.http('PATCH', url, { headers: bot.headers, body: { rating: 4, rating_message: 'Good' } });
    assert.equal(byBot.status, 200);
    assert.equal(byBot.body.rating, 4);
    assert.equal((await getRequest(t, tenant, requestId)).rating_message, 'Good');
    assert.equal((await t.http('PATCH', url, { headers: guest.headers, body: { rating: 'x' } })).status, 422);
  });

  it('DELETE: owner only; the messages go with the request; by _id too', async () => {
    const tenant = await newTenant(t);
    const admin = await addMember(t, tenant, 'admin');
    const requestId = newRequestId(tenant.projectId);
    await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'hello' },
    });
    const url = `/${tenant.projectId}/requests/${requestId}`;
    const denied = await t.http('DELETE', url, { headers: admin.basic });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { success: false, msg: 'Unauthorized.' });
    const deleted = await t.http('DELETE', url, { headers: tenant.owner.basic });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.request_id, requestId);
    assert.equal((await t.http('GET', url, { headers: tenant.owner.basic })).status, 404);
    const orphans = await t.context
      .connection()
      .selectFrom('messages')
      .select('id')
      .where('recipient', '=', requestId)
      .execute();
    assert.equal(orphans.length, 0);
    assert.equal((await t.http('DELETE', url, { headers: tenant.owner.basic })).status, 404);

    const other = await createRequest(t, tenant);
    const byId = await t.http('DELETE', `/${tenant.projectId}/requests/id/${other._id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(byId.status, 200);
    assert.equal(byId.body.request_id, other.request_id);
  });
});

describe('requests: cross-project', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('GET /:request_id reads the request before the guards: what they refuse still sees nothing of it', async () => {
    // The request is read alongside the project and the caller (project-scope.ts readAhead); the
    // answer is still the guards' for every caller they refuse, and the request's only to members.
    const a = await newTenant(t);
    const b = await newTenant(t);
    const request = await createRequest(t, a, { first_text: 'read ahead' });
    const url = `/${a.projectId}/requests/${request.request_id}`;
    const visitor = await anonymous(t, a.projectId);
    const refused: Array<[Record<string, string>, number]> = [
      [{}, 401],
      [{ authorization: 'JWT not-a-token' }, 401],
      [b.owner.jwt, 403],
      [visitor.headers, 403],
    ];
    for (const [headers, status] of refused) {
      const response = await t.http('GET', url, { headers });
      assert.equal(response.status, status, `${JSON.stringify(headers)}: ${response.text}`);
      assert.ok(!response.text.includes('read ahead'), response.text);
      assert.ok(!response.text.includes(request.request_id), response.text);
    }
    const agent = await addMember(t, a, 'agent');
    for (const headers of [a.owner.jwt, a.owner.basic, agent.jwt]) {
      const response = await t.http('GET', url, { headers });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.first_text, 'read ahead');
    }
    // The same id under the other project, by its owner: not found there.
    const elsewhere = await t.http('GET', `/${b.projectId}/requests/${request.request_id}`, { headers: b.owner.jwt });
    assert.equal(elsewhere.status, 404);
  });

  it('a request id of project A is unknown in project B, and nothing changes in A', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const request = await createRequest(t, a, { attributes: { keep: true } });
    const before = await getRequest(t, a, request.request_id);
    const rid = request.request_id;
    const headers = b.owner.basic;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/${b.projectId}/requests/${rid}`],
      ['PATCH', `/${b.projectId}/requests/${rid}`, { subject: 'x' }],
      ['PATCH', `/${b.projectId}/requests/${rid}/attributes`, { keep: false }],
      ['PATCH', `/${b.projectId}/requests/${rid}/rating`, { rating: 1 }],
      ['PUT', `/${b.projectId}/requests/${rid}/close`, {}],
      ['PUT', `/${b.projectId}/requests/${rid}/reopen`, {}],
      ['PUT', `/${b.projectId}/requests/${rid}/assign`, {}],
      ['PUT', `/${b.projectId}/requests/${rid}/departments`, {}],
      ['PUT', `/${b.projectId}/requests/${rid}/agent`, {}],
      ['POST', `/${b.projectId}/requests/${rid}/participants`, { member: b.owner.id }],
      ['PUT', `/${b.projectId}/requests/${rid}/participants`, [b.owner.id]],
      ['DELETE', `/${b.projectId}/requests/${rid}/participants/${a.owner.id}`],
      ['POST', `/${b.projectId}/requests/${rid}/notes`, { text: 'x' }],
      ['PUT', `/${b.projectId}/requests/${rid}/tag`, [{ tag: 'x' }]],
      ['DELETE', `/${b.projectId}/requests/${rid}/tag/x`],
      ['PUT', `/${b.projectId}/requests/${rid}/followers`, []],
      ['DELETE', `/${b.projectId}/requests/${rid}`],
      ['DELETE', `/${b.projectId}/requests/id/${request._id}`],
      ['GET', `/${b.projectId}/requests/${rid}/messages`],
      ['POST', `/${b.projectId}/requests/${rid}/messages`, { text: 'x' }],
      ['POST', `/${b.projectId}/requests/${rid}/messages/multi`, [{ text: 'x' }]],
    ];
    for (const [method, url, body] of calls) {
      const response = await t.http(method, url, { headers, ...(body !== undefined && { body }) });
      assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
    }
    const list = await t.http('GET', `/${b.projectId}/requests`, { headers });
    assert.equal(list.body.count, 0);

    const after = await getRequest(t, a, rid);
    assert.deepEqual(after, before);
    assert.deepEqual(await messagesOf(t, a, rid), []);
    const denied = await t.http('GET', `/${a.projectId}/requests/${rid}`, { headers });
    assert.equal(denied.status, 403, 'B is not a member of A');
  });
});
