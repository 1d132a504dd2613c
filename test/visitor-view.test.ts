/**
 * What a visitor receives of a conversation, over REST and realtime: the visitor view
 * (src/modules/conversations/requests-visitor.ts), never the team's internal notes, tags, the
 * agents' emails, the routing snapshot or the request's attributes; the team keeps the full view.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { TestSocket } from './helpers/ws-client.js';

const NOTE = 'internal: customer is a known fraudster';
const TEAM_ONLY_KEYS = [
  'notes',
  'tags',
  'followers',
  'snapshot',
  'priority',
  'workingStatus',
  'smartAssignment',
  'channelOutbound',
  'location',
  'userAgent',
  'contact',
  'draft',
  'waiting_time',
  'first_response_at',
  'assigned_at',
];

/** Asserts that a request as a visitor received it carries nothing of the team's. */
function assertVisitorView(request: any, owner: { email: string }) {
  assert.ok(request && typeof request === 'object', 'a request');
  for (const key of TEAM_ONLY_KEYS) assert.equal(request[key], undefined, `no ${key}`);
  const text = JSON.stringify(request);
  assert.ok(!text.includes(NOTE), 'no internal note anywhere');
  assert.ok(!text.includes(owner.email), "no agent's email anywhere");
  assert.ok(!text.includes('crm_score'), 'no attribute set by the team');
  assert.ok(!text.includes('vip-tag'), 'no tag');
  for (const agent of request.participatingAgents ?? []) {
    assert.deepEqual(Object.keys(agent).sort(), ['_id', 'firstname', 'fullName', 'id', 'lastname']);
  }
  if (typeof request.department === 'object') {
    assert.deepEqual(Object.keys(request.department).sort(), ['_id', 'id', 'name']);
  }
  if (request.attributes !== undefined) assert.deepEqual(Object.keys(request.attributes), ['last_message']);
  if (typeof request.requester === 'object') assert.fail('the requester is an id only');
}

describe('the visitor view of conversations', () => {
  let t: TestApp;
  let base: string;
  const sockets: TestSocket[] = [];
  before(async () => {
    t = await startTestApp();
    base = await t.listen();
  });
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  const connect = async (token: string) => {
    const socket = await TestSocket.open(TestSocket.url(base, token));
    sockets.push(socket);
    return socket;
  };

  async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
    const response = await t.http(method, url, { headers, body });
    assert.equal(response.status, 200, `${method} ${url}: ${response.text}`);
    return response.body;
  }

  /** A visitor's conversation, routed to the owner, with a note, a tag and team attributes on it. */
  async function conversation(tenant: Tenant) {
    const p = tenant.projectId;
    const visitor = await anonymous(t, p, 'Vera');
    const requestId = newRequestId(p);
    await call('POST', `/${p}/requests/${requestId}/messages`, visitor.headers, { text: 'hello' });
    await call('POST', `/${p}/requests/${requestId}/notes`, tenant.owner.basic, { text: NOTE });
    await call('PUT', `/${p}/requests/${requestId}/tag`, tenant.owner.basic, [{ tag: 'vip-tag' }]);
    await call('PATCH', `/${p}/requests/${requestId}/attributes`, tenant.owner.basic, { crm_score: 3 });
    const full = await call('GET', `/${p}/requests/${requestId}`, tenant.owner.basic);
    assert.equal(full.notes[0].text, NOTE, 'the team sees the note');
    assert.equal(full.participatingAgents[0].email, tenant.owner.email, "the team sees the agent's email");
    return { p, visitor, requestId };
  }

  it('over REST: /requests/me, a posted message, a rating; GET /requests/:id stays closed', async () => {
    const tenant = await newTenant(t);
    const { p, visitor, requestId } = await conversation(tenant);

    const mine = await call('GET', `/${p}/requests/me`, visitor.headers);
    assert.equal(mine.requests.length, 1);
    assert.equal(mine.requests[0].request_id, requestId);
    assert.equal(mine.requests[0].participatingAgents[0]._id, tenant.owner.id, 'who answers is shown');
    assert.equal(mine.requests[0].attributes.last_message.text, 'hello');
    assertVisitorView(mine.requests[0], tenant.owner);

    const posted = await call('POST', `/${p}/requests/${requestId}/messages`, visitor.headers, { text: 'again' });
    assert.equal(posted.text, 'again');
    assert.equal(posted.request.request_id, requestId);
    assertVisitorView(posted.request, tenant.owner);

    const rated = await call('PATCH', `/${p}/requests/${requestId}/rating`, visitor.headers, { rating: 5 });
    assert.equal(rated.rating, 5);
    assertVisitorView(rated, tenant.owner);

    const denied = await t.http('GET', `/${p}/requests/${requestId}`, { headers: visitor.headers });
    assert.equal(denied.status, 403);
    const messages = await call('GET', `/${p}/requests/${requestId}/messages`, visitor.headers);
    assert.deepEqual(
      messages.map((m: any) => m.text),
      ['hello', 'again'],
    );
    assert.ok(!JSON.stringify(messages).includes(NOTE));

    // The team's views are unchanged.
    const ownerList = await call('GET', `/${p}/requests`, tenant.owner.basic);
    assert.equal(ownerList.requests[0].notes[0].text, NOTE);
    const ownerPost = await call('POST', `/${p}/requests/${requestId}/messages`, tenant.owner.basic, { text: 'hi' });
    assert.equal(ownerPost.request.notes[0].text, NOTE);
    assert.equal(ownerPost.request.participatingAgents[0].email, tenant.owner.email);
  });

  it('over realtime: the request and messages topics, snapshots and live frames', async () => {
    const tenant = await newTenant(t);
    const { p, visitor, requestId } = await conversation(tenant);
    const requestTopic = `/${p}/requests/${requestId}`;
    const messagesTopic = `${requestTopic}/messages`;

    const watcher = await connect(visitor.token);
    const agent = await connect(tenant.owner.token);
    for (const socket of [watcher, agent]) {
      socket.subscribe(requestTopic);
      await socket.publish(requestTopic, 'CREATE');
      socket.subscribe(messagesTopic);
      await socket.publish(messagesTopic, 'CREATE');
    }
    const [visitorSnapshot] = watcher.frames.filter((f) => f.payload?.topic === requestTopic);
    assertVisitorView(visitorSnapshot.payload.message, tenant.owner);
    const [agentSnapshot] = agent.frames.filter((f) => f.payload?.topic === requestTopic);
    assert.equal(agentSnapshot.payload.message.notes[0].text, NOTE);

    // A new note (live, on the request topic) and an agent's message (on the messages topic).
    await call('POST', `/${p}/requests/${requestId}/notes`, tenant.owner.basic, { text: `${NOTE} (2)` });
    await call('POST', `/${p}/requests/${requestId}/messages`, tenant.owner.basic, { text: 'how can I help?' });

    const agentUpdate = await agent.publish(requestTopic, 'UPDATE');
    assert.equal(agentUpdate.payload.message.notes.length, 2);
    const visitorUpdate = await watcher.publish(requestTopic, 'UPDATE');
    assert.equal(visitorUpdate.payload.seq, agentUpdate.payload.seq, 'the same frame, in another view');
    assertVisitorView(visitorUpdate.payload.message, tenant.owner);

    const agentMessage = await agent.publish(messagesTopic, 'CREATE');
    assert.equal(agentMessage.payload.message.request.notes.length, 2);
    const visitorMessage = await watcher.publish(messagesTopic, 'CREATE');
    assert.equal(visitorMessage.payload.message.text, 'how can I help?');
    assertVisitorView(visitorMessage.payload.message.request, tenant.owner);

    // A reconnecting visitor replays the same frames in the visitor view.
    const again = await connect(visitor.token);
    again.subscribe(requestTopic, visitorSnapshot.payload.seq);
    const replayed = await again.publish(requestTopic, 'UPDATE');
    assertVisitorView(replayed.payload.message, tenant.owner);
  });
});
