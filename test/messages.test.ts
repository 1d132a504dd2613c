/**
 * Messages: the upstream expectations of Tiledesk's test/messageRoute.js and messageRootRoute.js
 * (reference §10.7), then reading (cursor pages, CSV, single message, public transcript),
 * visitors' boundaries, events, bad input and cross-project cases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, createUser, newTenant, signup, type Tenant } from './helpers/factories.js';
import { createRequest, getRequest, membershipOf, newRequestId, recordEvents } from './helpers/conversations.js';

async function externalUser(t: TestApp, tenant: Tenant, claims: Record<string, unknown>) {
  const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('userexternal')
    .setAudience(`https://tiledesk.com/projects/${tenant.projectId}`)
    .sign(new TextEncoder().encode(keys.body.jwtSecret));
  const signin = await t.http('POST', '/auth/signinWithCustomToken', { headers: { authorization: `JWT ${token}` } });
  assert.equal(signin.status, 200, signin.text);
  return { authorization: `JWT ${token}` };
}

describe('messages (Tiledesk messageRoute expectations)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const post = (tenant: Tenant, requestId: string, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, { headers, body });

  it('createSimple: the first message creates the request', async () => {
    const tenant = await newTenant(t);
    const owner = await membershipOf(t, tenant, tenant.owner.basic);
    const requestId = newRequestId(tenant.projectId);
    const response = await post(tenant, requestId, { text: 'text' });
    assert.equal(response.status, 200);
    const message = response.body;
    assert.equal(message.sender, tenant.owner.id);
    assert.equal(message.senderFullname, 'Test Firstname Test lastname');
    assert.equal(message.recipient, requestId);
    assert.equal(message.text, 'text');
    assert.equal(message.id_project, tenant.projectId);
    assert.equal(message.createdBy, tenant.owner.id);
    assert.equal(message.status, 0);
    assert.equal(message.channel_type, 'group');
    assert.equal(message.channel.name, 'chat21');
    assert.equal(message.request.request_id, requestId);
    assert.equal(message.request.requester._id, owner._id);
    assert.equal(message.request.first_text, 'text');
    assert.equal(message.request.createdBy, tenant.owner.id);
    assert.equal(message.request.status, 200);
    assert.equal(message.request.participants.length, 1);
    assert.ok(message.request.department);
    assert.ok(message.request.lead);
    assert.equal(message.request.channel.name, 'chat21');
    assert.equal(message.request.location, undefined);
    assert.equal(message.request.attributes.last_message.text, 'text');
  });

  it('createSimpleEmptyText / createSimpleNoText: 422', async () => {
    const tenant = await newTenant(t);
    for (const body of [{ text: '' }, {}]) {
      const response = await post(tenant, newRequestId(tenant.projectId), body);
      assert.equal(response.status, 422);
      assert.deepEqual(response.body, { errors: ['text field is required'] });
    }
    const image = await post(tenant, newRequestId(tenant.projectId), { type: 'image', metadata: { src: 'x.png' } });
    assert.equal(image.status, 200, 'a non-text first message needs no text');
  });

  it('createSimpleWithAttributes, createDifferentChannel, createWithMessageStatus, createWithPriority, createWithLocation', async () => {
    const tenant = await newTenant(t);
    const withAttributes = await post(tenant, newRequestId(tenant.projectId), { text: 'x', attributes: { a: 'b' } });
    assert.equal(withAttributes.body.attributes.a, 'b');
    assert.equal(withAttributes.body.request.attributes.a, 'b');
    const channel = await post(tenant, newRequestId(tenant.projectId), { text: 'x', channel: { name: 'channel1' } });
    assert.equal(channel.body.channel.name, 'channel1');
    assert.equal(channel.body.request.channel.name, 'channel1');
    const status = await post(tenant, newRequestId(tenant.projectId), { text: 'x', status: 999 });
    assert.equal(status.body.status, 999);
    assert.equal(status.body.request.status, 200);
    const priority = await post(tenant, newRequestId(tenant.projectId), { text: 'x', priority: 'hight' });
    assert.equal(priority.body.request.priority, 'hight');
    const location = {
      country: 'Italy',
      streetAddress: 'Via Roma',
      ipAddress: '95.255.73.34',
      geometry: { type: 'Point', coordinates: [-109, 41] },
    };
    const located = await post(tenant, newRequestId(tenant.projectId), { text: 'x', location });
    assert.deepEqual(located.body.request.location, location);
  });

  it('createWithSender: the sender is looked up; the request is theirs', async () => {
    const tenant = await newTenant(t);
    const second = await createUser(t, { firstname: 'Test Firstname22', lastname: 'Test lastname22' });
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: second.email, role: 'agent' },
    });
    const response = await post(tenant, newRequestId(tenant.projectId), { text: 'text', sender: second.id });
    assert.equal(response.status, 200);
    assert.equal(response.body.sender, second.id);
    assert.equal(response.body.senderFullname, 'Test Firstname22 Test lastname22');
    assert.equal(response.body.createdBy, tenant.owner.id);
    assert.equal(response.body.request.requester._id, invite.body._id);
    assert.equal(response.body.request.requester.id_user.email, second.email);
    assert.equal(response.body.request.requester.id_user.firstname, 'Test Firstname22');
    assert.equal(response.body.request.requester.id_user.lastname, 'Test lastname22');
  });

  it('createWithSenderFromLead: an end user as sender takes the name of their lead', async () => {
    const tenant = await newTenant(t);
    const uid = `uid-${Date.now()}`;
    const external = await externalUser(t, tenant, { _id: uid, firstname: 'leadfullname' });
    assert.equal((await post(tenant, newRequestId(tenant.projectId), { text: 'hi' }, external)).status, 200);
    const response = await post(tenant, newRequestId(tenant.projectId), { text: 'text', sender: uid });
    assert.equal(response.status, 200);
    assert.equal(response.body.senderFullname, 'leadfullname');
    assert.equal(response.body.request.requester.uuid_user, uid);
  });

  it('createWithParticipants, createSimpleWithFollowers', async () => {
    const tenant = await newTenant(t);
    const owner = await membershipOf(t, tenant, tenant.owner.basic);
    const withParticipants = await post(tenant, newRequestId(tenant.projectId), {
      text: 'x',
      participants: [tenant.owner.id],
    });
    assert.equal(withParticipants.body.request.participants[0], tenant.owner.id);
    assert.equal(withParticipants.body.request.participatingAgents[0]._id, tenant.owner.id);
    assert.equal(withParticipants.body.request.department, undefined);
    const withFollowers = await post(tenant, newRequestId(tenant.projectId), { text: 'x', followers: [owner._id] });
    assert.equal(withFollowers.body.request.followers[0], owner._id);
  });

  it('getall: every message of the request, oldest first', async () => {
    const tenant = await newTenant(t);
    const requestId = newRequestId(tenant.projectId);
    await post(tenant, requestId, { text: 'one', status: 200 });
    await post(tenant, requestId, { text: 'two' });
    const response = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.basic,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.map((m: any) => m.text),
      ['one', 'two'],
    );
    assert.equal(response.body[0].status, 200);
    assert.equal(response.body[0].channel_type, 'group');
    assert.equal(response.body[0].channel.name, 'chat21');
    assert.equal(response.body[0].request, undefined);
  });

  it('sendMessageSigninWithCustomTokenOk (and ...Modified): external users and their lead', async () => {
    const tenant = await newTenant(t);
    const claims = { _id: '123', firstname: 'andrea', lastname: 'leo', email: 'email2@email.com', customAttr: 'c1' };
    const external = await externalUser(t, tenant, claims);
    const requestId = newRequestId(tenant.projectId);
    const response = await post(tenant, requestId, { text: 'text' }, external);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.sender, '123');
    assert.equal(response.body.createdBy, '123');
    assert.equal(response.body.status, 0);
    assert.equal(response.body.request.createdBy, '123');
    assert.equal(response.body.request.status, 200);
    const request = await getRequest(t, tenant, requestId);
    assert.equal(request.lead.lead_id, '123');
    assert.equal(request.lead.email, 'email2@email.com');
    assert.equal(request.lead.fullname, 'andrea leo');
    assert.equal(request.requester.role, 'user');
    assert.equal(request.requester.uuid_user, '123');
    assert.equal(request.requester.id_user, undefined);

    const modified = await externalUser(t, tenant, { ...claims, email: 'email3@email.com' });
    const second = await post(tenant, newRequestId(tenant.projectId), { text: 'text' }, modified);
    assert.equal(second.body.request.lead.email, 'email3@email.com');
  });

  it('sendMessageSigninAnonym: guests and their lead', async () => {
    const tenant = await newTenant(t);
    const signin = await t.http('POST', '/auth/signinAnonymously', { body: { id_project: tenant.projectId } });
    assert.equal(signin.body.user.email, undefined);
    assert.ok(signin.body.user.firstname.includes('guest#'));
    const requestId = newRequestId(tenant.projectId);
    const response = await post(tenant, requestId, { text: 'text' }, { authorization: signin.body.token });
    assert.equal(response.status, 200);
    assert.equal(response.body.sender, signin.body.user._id);
    assert.equal(response.body.createdBy, signin.body.user._id);
    assert.equal(response.body.request.status, 200);
    const request = await getRequest(t, tenant, requestId);
    assert.equal(request.lead.lead_id, signin.body.user._id);
    assert.ok(request.lead.fullname.includes('guest#'));
    assert.equal(request.requester.role, 'guest');
    assert.equal(request.requester.uuid_user, signin.body.user._id);
  });

  it('messageRootRoute: direct messages', async () => {
    const tenant = await newTenant(t);
    const url = `/${tenant.projectId}/messages`;
    const response = await t.http('POST', url, {
      headers: tenant.owner.basic,
      body: { recipient: 'user-2', recipientFullname: 'User Two', text: 'hello' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.channel_type, 'direct');
    assert.equal(response.body.status, 0);
    assert.equal(response.body.request, undefined);
    assert.equal(response.body.senderFullname, 'Test Firstname Test lastname');
    const named = await t.http('POST', url, {
      headers: tenant.owner.basic,
      body: { recipient: 'user-2', recipientFullname: 'User Two', text: 'hello', senderFullname: 'Support' },
    });
    assert.equal(named.body.senderFullname, 'Support');
    for (const body of [
      { recipientFullname: 'x', text: 'x' },
      { recipient: 'x', recipientFullname: 'x' },
    ]) {
      assert.equal((await t.http('POST', url, { headers: tenant.owner.basic, body })).status, 422);
    }
    const list = await t.http('GET', url, { headers: tenant.owner.basic });
    assert.equal(list.body.length, 2);
    const guest = await anonymous(t, tenant.projectId);
    const body = { recipient: 'x', recipientFullname: 'x', text: 'x' };
    assert.equal((await t.http('POST', url, { headers: guest.headers, body })).status, 403);
  });
});

describe('messages: reading, boundaries, events', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('a participant replying sets waiting time and first response once', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    await t.http('POST', url, { headers: guest.headers, body: { text: 'help' } });
    assert.equal((await getRequest(t, tenant, requestId)).waiting_time, undefined);
    const reply = await t.http('POST', url, { headers: tenant.owner.basic, body: { text: 'on it' } });
    assert.ok(reply.body.request.waiting_time >= 0);
    assert.ok(reply.body.request.first_response_at);
    const again = await t.http('POST', url, { headers: tenant.owner.basic, body: { text: 'still here' } });
    assert.equal(again.body.request.waiting_time, reply.body.request.waiting_time);
    assert.equal(again.body.request.attributes.last_message.text, 'still here');
    assert.equal(again.body.request.first_text, 'help');
  });

  it('cursor pages for long histories; the plain array without them', async () => {
    const tenant = await newTenant(t);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    for (let i = 1; i <= 5; i++) {
      await t.http('POST', url, { headers: tenant.owner.basic, body: { text: `m${i}` } });
    }
    const texts: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', ...(next && { after: next }) };
      const page = await t.http('GET', url, { headers: tenant.owner.basic, query });
      assert.equal(page.status, 200);
      texts.push(...page.body.messages.map((m: any) => m.text));
      next = page.body.next;
      pages++;
    } while (next);
    assert.deepEqual(texts, ['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.equal(pages, 3);
    for (const query of [{ after: 'garbage' }, { limit: '0' }, { limit: '5000' }] as Array<Record<string, string>>) {
      assert.equal((await t.http('GET', url, { headers: tenant.owner.basic, query })).status, 422);
    }
  });

  it('one message, CSV, and the public transcript', async () => {
    const tenant = await newTenant(t);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    const posted = await t.http('POST', url, { headers: tenant.owner.basic, body: { text: 'a "quoted"; text' } });
    const one = await t.http('GET', `${url}/${posted.body._id}`, { headers: tenant.owner.basic });
    assert.equal(one.status, 200);
    assert.equal(one.body.text, 'a "quoted"; text');
    assert.equal((await t.http('GET', `${url}/nope`, { headers: tenant.owner.basic })).status, 404);
    const csv = await t.http('GET', `${url}/csv`, { headers: tenant.owner.basic });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.text.includes('"a ""quoted""; text"'));
    const transcript = await t.http('GET', `/public/requests/${requestId}/messages`);
    assert.equal(transcript.status, 200);
    assert.deepEqual(
      transcript.body.map((m: any) => m.text),
      ['a "quoted"; text'],
    );
    const v3 = await t.http('GET', `/v3/public/requests/${requestId}/messages`);
    assert.equal(v3.body.length, 1);
    const unknown = await t.http('GET', `/public/requests/${newRequestId(tenant.projectId)}/messages`);
    assert.deepEqual(unknown.body, []);
  });

  it('visitors reach only their own conversations and write only as themselves', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    const other = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    await t.http('POST', url, { headers: guest.headers, body: { text: 'mine' } });
    assert.equal((await t.http('GET', url, { headers: guest.headers })).status, 200);
    assert.equal((await t.http('GET', url, { headers: other.headers })).status, 404);
    assert.equal((await t.http('POST', url, { headers: other.headers, body: { text: 'intrude' } })).status, 404);
    const spoof = await t.http('POST', url, { headers: guest.headers, body: { text: 'x', sender: tenant.owner.id } });
    assert.equal(spoof.status, 403);
    const spoofNew = await t.http('POST', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/messages`, {
      headers: guest.headers,
      body: { text: 'x', sender: tenant.owner.id },
    });
    assert.equal(spoofNew.status, 403);
    const multi = await t.http('POST', `${url}/multi`, { headers: guest.headers, body: [{ text: 'x' }] });
    assert.equal(multi.status, 403);
    const texts = (await t.http('GET', url, { headers: tenant.owner.basic })).body.map((m: any) => m.text);
    assert.deepEqual(texts, ['mine']);
  });

  it('events: lead.create on first contact, request.create, then message.create with the request', async () => {
    const tenant = await newTenant(t);
    const events = recordEvents(t);
    const guest = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    await t.http('POST', url, { headers: guest.headers, body: { text: 'one' } });
    await t.http('POST', url, { headers: guest.headers, body: { text: 'two' } });
    const seen = await events.of(tenant.projectId);
    const names = seen
      .map((e) => e.name)
      .filter((n) => n.startsWith('request.') || n.startsWith('message.') || n.startsWith('lead.'));
    assert.deepEqual(names, ['lead.create', 'request.create', 'message.create', 'message.create']);
    const created = seen.filter((e) => e.name === 'message.create');
    assert.equal(created[1].payload.text, 'two');
    assert.equal(created[1].payload.request.request_id, requestId);
    assert.equal(created[1].payload.request.lead.lead_id, guest.id);
  });

  it('bad input: 422 for wrong types, never a partial write', async () => {
    const tenant = await newTenant(t);
    const requestId = newRequestId(tenant.projectId);
    const url = `/${tenant.projectId}/requests/${requestId}/messages`;
    for (const body of [
      { text: { a: 1 } },
      { text: 'x', type: 'Not A Type' },
      { text: 'x', channel: {} },
      { text: 'x', attributes: 'x' },
      ['x'],
    ]) {
      const response = await t.http('POST', url, { headers: tenant.owner.basic, body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
    const malformed = await t.http('POST', url, {
      headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
      payload: '{"text": "x"',
    });
    assert.equal(malformed.status, 400);
    const list = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
    assert.equal(list.body.count, 0);
  });

  it('cross-project: messages of A are out of reach from B', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const agentOfB = await addMember(t, b, 'agent');
    const requestId = newRequestId(a.projectId);
    const posted = await t.http('POST', `/${a.projectId}/requests/${requestId}/messages`, {
      headers: a.owner.basic,
      body: { text: 'secret' },
    });
    for (const [method, url] of [
      ['GET', `/${b.projectId}/requests/${requestId}/messages`],
      ['GET', `/${b.projectId}/requests/${requestId}/messages/csv`],
      ['GET', `/${b.projectId}/requests/${requestId}/messages/${posted.body._id}`],
    ]) {
      assert.equal((await t.http(method, url, { headers: b.owner.basic })).status, 404, url);
    }
    const post = await t.http('POST', `/${b.projectId}/requests/${requestId}/messages`, {
      headers: agentOfB.basic,
      body: { text: 'hijack' },
    });
    assert.equal(post.status, 404);
    const denied = await t.http('GET', `/${a.projectId}/requests/${requestId}/messages`, { headers: b.owner.basic });
    assert.equal(denied.status, 403);
    const texts = (await t.http('GET', `/${a.projectId}/requests/${requestId}/messages`, { headers: a.owner.basic }))
      .body;
    assert.deepEqual(
      texts.map((m: any) => m.text),
      ['secret'],
    );
    assert.equal((await t.http('GET', `/${b.projectId}/messages`, { headers: b.owner.basic })).body.length, 0);
  });
});
