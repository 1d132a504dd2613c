/**
 * Visitors cannot crash the team inbox: message texts are capped (MESSAGE_MAX_TEXT_LENGTH, 422
 * beyond) on every way in, lists and the realtime inbox carry previews of long texts, and
 * realtime snapshots are bounded in bytes, so subscribing never gets a team socket dropped
 * (REALTIME_MAX_BUFFERED_BYTES), whatever visitors wrote.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createRequest, newRequestId } from './helpers/conversations.js';
import { TestSocket } from './helpers/ws-client.js';

const MAX = 64 * 1024;

describe('message size', () => {
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

  const connect = async (baseUrl: string, token: string) => {
    const socket = await TestSocket.open(TestSocket.url(baseUrl, token));
    sockets.push(socket);
    return socket;
  };

  /** Asserts a 422 with a JSON body naming the field. */
  function assertTooLong(response: { status: number; body: any; text: string }, field: string) {
    assert.equal(response.status, 422, response.text.slice(0, 300));
    assert.equal(response.body.success, false);
    assert.match(response.body.msg, new RegExp(`^${field} is too long \\(the limit is ${MAX} characters\\)`));
  }

  it('refuses a text beyond MESSAGE_MAX_TEXT_LENGTH on every way in, and takes one at the limit', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p);
    const tooLong = 'x'.repeat(MAX + 1);
    const atLimit = 'y'.repeat(MAX);

    const firstMessage = newRequestId(p);
    const post = (requestId: string, text: string, headers = visitor.headers) =>
      t.http('POST', `/${p}/requests/${requestId}/messages`, { headers, body: { text } });
    assertTooLong(await post(firstMessage, tooLong), 'text');
    assert.equal((await t.http('GET', `/${p}/requests/me`, { headers: visitor.headers })).body.requests.length, 0);
    assert.equal((await post(firstMessage, atLimit)).status, 200);
    assertTooLong(await post(firstMessage, tooLong), 'text');

    const owner = tenant.owner.basic;
    assertTooLong(
      await t.http('POST', `/${p}/requests`, { headers: owner, body: { first_text: tooLong } }),
      'first_text',
    );
    const request = await createRequest(t, tenant, { first_text: atLimit });
    const patch = await t.http('PATCH', `/${p}/requests/${request.request_id}`, {
      headers: owner,
      body: { first_text: tooLong },
    });
    assertTooLong(patch, 'first_text');

    const direct = await t.http('POST', `/${p}/messages`, {
      headers: owner,
      body: { recipient: visitor.id, recipientFullname: 'Visitor', text: tooLong },
    });
    assertTooLong(direct, 'text');

    const multi = await t.http('POST', `/${p}/requests/${request.request_id}/messages/multi`, {
      headers: owner,
      body: [{ text: 'fine' }, { text: tooLong }],
    });
    assertTooLong(multi, 'Message 1: text');
    const stored = await t.http('GET', `/${p}/requests/${request.request_id}/messages`, { headers: owner });
    assert.ok(!stored.body.some((m: any) => m.text === 'fine'), 'nothing of the refused batch is stored');
  });

  it('lists and the realtime inbox carry previews of long texts; the request itself keeps them', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p);
    const requestId = newRequestId(p);
    // An emoji across the cut: the preview never splits its surrogate pair.
    const long = `${'a'.repeat(499)}😀${'z'.repeat(MAX - 501)}`;
    const posted = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: long },
    });
    assert.equal(posted.status, 200, posted.text);

    const assertPreviews = (item: any) => {
      assert.ok(item.first_text.length <= 501, `a preview (${item.first_text.length})`);
      assert.ok(long.startsWith(item.first_text.slice(0, -1)) && item.first_text.endsWith('…'));
      assert.ok(item.attributes.last_message.text.length <= 501);
    };
    const list = await t.http('GET', `/${p}/requests`, { headers: tenant.owner.basic });
    assertPreviews(list.body.requests[0]);
    const mine = await t.http('GET', `/${p}/requests/me`, { headers: visitor.headers });
    assertPreviews(mine.body.requests[0]);
    const one = await t.http('GET', `/${p}/requests/${requestId}`, { headers: tenant.owner.basic });
    assert.equal(one.body.first_text, long, 'the request itself has the whole text');

    const agent = await connect(base, tenant.owner.token);
    agent.subscribe(`/${p}/requests`);
    const snapshot = await agent.publish(`/${p}/requests`, 'CREATE');
    assertPreviews(snapshot.payload.message[0]);
    await t.http('POST', `/${p}/requests/${requestId}/messages`, { headers: visitor.headers, body: { text: long } });
    await t.http('PATCH', `/${p}/requests/${requestId}`, { headers: tenant.owner.basic, body: { subject: 'moved' } });
    assertPreviews((await agent.publish(`/${p}/requests`, 'UPDATE')).payload.message);
  });

  it('a conversation of maximal texts of distinct words still closes, and is found by its first words', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p);
    const requestId = newRequestId(p);
    // 25 texts of distinct 8-character words: 1.6 MB of words, beyond what one tsvector holds (1 MB).
    let next = 0;
    const words = () =>
      Array.from({ length: Math.floor(MAX / 9) }, () => `w${(next++).toString(36).padStart(7, '0')}`).join(' ');
    for (let i = 0; i < 25; i++) {
      const posted = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: i === 0 ? `grapefruit ${words().slice(11)}` : words() },
      });
      assert.equal(posted.status, 200, posted.text);
    }
    const found = async (query: string) =>
      (await t.http('GET', `/${p}/requests?${query}`, { headers: tenant.owner.basic })).body.requests.map(
        (r: any) => r.request_id,
      );
    assert.deepEqual(await found('full_text=grapefruit'), [requestId], 'open: by its messages');
    // As much again in one import statement, and its last word is found.
    const batch = Array.from({ length: 25 }, () => ({ text: words() }));
    batch[24]!.text += ' kumquat';
    const imported = await t.http('POST', `/${p}/requests/${requestId}/messages/multi`, {
      headers: tenant.owner.basic,
      body: batch,
    });
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(await found('full_text=kumquat'), [requestId], 'open: by an imported message');
    const closed = await t.http('PUT', `/${p}/requests/${requestId}/close`, { headers: tenant.owner.basic });
    assert.equal(closed.status, 200, closed.text);
    assert.deepEqual(await found('status=1000&full_text=grapefruit'), [requestId], 'closed: by its transcript');
  });

  it('six visitors with maximal messages: an agent subscribing to the inbox stays connected', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    for (let i = 0; i < 6; i++) {
      const visitor = await anonymous(t, p, `Visitor ${i}`);
      const requestId = newRequestId(p);
      const send = (text: string) =>
        t.http('POST', `/${p}/requests/${requestId}/messages`, { headers: visitor.headers, body: { text } });
      assertTooLong(await send('x'.repeat(900 * 1024)), 'text');
      assert.equal((await send(String(i).repeat(MAX))).status, 200);
    }
    const agent = await connect(base, tenant.owner.token);
    for (let round = 0; round < 2; round++) {
      agent.subscribe(`/${p}/requests`);
      const snapshot = await agent.publish(`/${p}/requests`, 'CREATE');
      assert.equal(snapshot.payload.message.length, 6);
    }
    await agent.barrier();
    assert.equal(agent.closeCode, undefined, 'still connected');
  });
});

describe('realtime snapshots within REALTIME_MAX_BUFFERED_BYTES', () => {
  const BUFFER = 64 * 1024;
  let t: TestApp;
  let base: string;
  const sockets: TestSocket[] = [];
  before(async () => {
    t = await startTestApp({ REALTIME_MAX_BUFFERED_BYTES: String(BUFFER) });
    base = await t.listen();
  });
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  async function subscribeAndStay(tenant: Tenant, topic: string) {
    const socket = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    sockets.push(socket);
    const snapshots: unknown[][] = [];
    for (let round = 0; round < 2; round++) {
      socket.subscribe(topic);
      const snapshot = await socket.publish(topic, 'CREATE');
      const items = snapshot.payload.message as unknown[];
      assert.ok(items.length > 0, 'a snapshot with what fits');
      assert.ok(Buffer.byteLength(JSON.stringify(items)) <= BUFFER / 4, 'within a quarter of the buffer');
      snapshots.push(items);
    }
    await socket.barrier();
    assert.equal(socket.closeCode, undefined, 'still connected');
    return snapshots[0];
  }

  it('the inbox holds what fits, and the agent stays connected', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    for (let i = 0; i < 12; i++) {
      const visitor = await anonymous(t, p, `Visitor ${i}`);
      const response = await t.http('POST', `/${p}/requests/${newRequestId(p)}/messages`, {
        headers: visitor.headers,
        body: { text: `visitor ${i}`, attributes: { padding: 'p'.repeat(8 * 1024) } },
      });
      assert.equal(response.status, 200, response.text);
    }
    const items = (await subscribeAndStay(tenant, `/${p}/requests`)) as any[];
    // Each request is too big whole (its attributes, twice): every one is there, as a summary.
    assert.equal(items.length, 12);
    for (const item of items) {
      assert.equal(item.partial, true);
      assert.equal(item.attributes, undefined);
      assert.match(item.first_text, /^visitor \d+$/);
      assert.match(item.request_id, /^support-group-/);
    }
  });

  it("a conversation's messages topic holds what fits, and the agent stays connected", async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p);
    const requestId = newRequestId(p);
    for (let i = 0; i < 12; i++) {
      const response = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: `${i} ${'m'.repeat(8 * 1024)}` },
      });
      assert.equal(response.status, 200, response.text);
    }
    await subscribeAndStay(tenant, `/${p}/requests/${requestId}/messages`);
  });

  it('a live inbox frame too big for every agent goes as a summary', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const agent = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    sockets.push(agent);
    agent.subscribe(`/${p}/requests`);
    await agent.publish(`/${p}/requests`, 'CREATE');
    const visitor = await anonymous(t, p);
    const response = await t.http('POST', `/${p}/requests/${newRequestId(p)}/messages`, {
      headers: visitor.headers,
      body: { text: 'big', attributes: { padding: 'p'.repeat(8 * 1024) } },
    });
    assert.equal(response.status, 200, response.text);
    const frame = await agent.publish(`/${p}/requests`, 'CREATE');
    assert.equal(frame.payload.message.partial, true);
    assert.equal(frame.payload.message.first_text, 'big');
    assert.equal(frame.payload.message.attributes, undefined);
  });

  it('a replay too big to buffer becomes a resync and the bounded state', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p);
    const requestId = newRequestId(p);
    const topic = `/${p}/requests/${requestId}/messages`;
    const say = async (text: string) => {
      const response = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text },
      });
      assert.equal(response.status, 200, response.text);
    };
    await say('hello');
    const first = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    sockets.push(first);
    first.subscribe(topic);
    const since = (await first.publish(topic, 'CREATE')).payload.seq;
    first.close();
    for (let i = 0; i < 12; i++) await say(`${i} ${'m'.repeat(8 * 1024)}`);

    const again = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    sockets.push(again);
    again.subscribe(topic, since);
    const resync = await again.next((f) => f.action === 'resync');
    assert.equal(resync.payload.topic, topic);
    const state = await again.publish(topic, 'CREATE');
    assert.equal(state.payload.message[0].text, 'hello');
    await again.barrier();
    assert.equal(again.closeCode, undefined, 'still connected');
  });
});
