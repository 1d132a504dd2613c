/**
 * "Someone is typing" both ways: POST /:project_id/requests/:request_id/typing and the realtime
 * topic `/<project>/requests/<request_id>/typing`. A live signal: who may follow the conversation
 * may signal in it and hears the others; repeats within a few seconds publish nothing; nothing is
 * stored or queued.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { TestSocket, type Frame } from './helpers/ws-client.js';

describe('typing', () => {
  let t: TestApp;
  let base: string;
  let tenant: Tenant;
  let visitor: Awaited<ReturnType<typeof anonymous>>;
  let requestId: string;
  const sockets: TestSocket[] = [];

  before(async () => {
    t = await startTestApp();
    base = await t.listen();
    tenant = await newTenant(t);
    visitor = await anonymous(t, tenant.projectId, 'Vera');
    requestId = newRequestId(tenant.projectId);
    // A visitor opens a conversation with its first message.
    const opened = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: 'hello' },
    });
    assert.equal(opened.status, 200, opened.text);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  async function follow(token: string, topic = `/${tenant.projectId}/requests/${requestId}/typing`) {
    const socket = await TestSocket.open(TestSocket.url(base, token));
    sockets.push(socket);
    socket.subscribe(topic);
    const first = await socket.next((frame) => frame.action === 'publish' || frame.action === 'error');
    return { socket, first };
  }

  const typingFrame = (frame: Frame) => frame.action === 'publish' && frame.payload.method === 'UPDATE';

  function signal(headers: Record<string, string>, body: unknown, request = requestId) {
    return t.http('POST', `/${tenant.projectId}/requests/${request}/typing`, { headers, body });
  }

  it('tells the agent the visitor is typing, and the visitor the agent is, once per state', async () => {
    const agentSide = await follow(tenant.owner.token);
    assert.deepEqual(agentSide.first.payload.message, [], 'nobody is typing for a new follower');
    const visitorSide = await follow(visitor.token);

    const started = await signal(visitor.headers, { typing: true });
    assert.equal(started.status, 200, started.text);
    assert.equal((await signal(visitor.headers, { typing: true })).status, 200);
    assert.equal((await signal(visitor.headers, { typing: false })).status, 200);
    const first = await agentSide.socket.next(typingFrame);
    assert.deepEqual(
      { ...first.payload.message, at: typeof first.payload.message.at },
      {
        request_id: requestId,
        sender: visitor.id,
        sender_fullname: 'Vera',
        role: 'visitor',
        typing: true,
        at: 'number',
      },
    );
    // The repeat of `true` published nothing: the next frame is the stop.
    const second = await agentSide.socket.next(typingFrame);
    assert.equal(second.payload.message.typing, false);

    assert.equal((await signal(tenant.owner.jwt, { typing: true })).status, 200);
    let heard = await visitorSide.socket.next(typingFrame);
    // The visitor also hears their own signals; clients skip their own sender.
    while (heard.payload.message.sender === visitor.id) heard = await visitorSide.socket.next(typingFrame);
    assert.equal(heard.payload.message.role, 'agent');
    assert.equal(heard.payload.message.sender, tenant.owner.id);
  });

  it('stores and queues nothing', async () => {
    const count = async (table: string) =>
      Number(
        // This project's rows only: other test files write to the shared PostgreSQL database meanwhile.
        (
          await sql<{
            n: number;
          }>`select count(*) as n from ${sql.table(table)} where project_id = ${tenant.projectId}`.execute(
            t.database.db,
          )
        ).rows[0]!.n,
      );
    const before = { messages: await count('messages'), jobs: await count('jobs'), events: await count('events') };
    assert.equal((await signal(visitor.headers, { typing: false })).status, 200);
    assert.equal((await signal(visitor.headers, { typing: true })).status, 200);
    await t.context.events.drain();
    assert.deepEqual(
      { messages: await count('messages'), jobs: await count('jobs'), events: await count('events') },
      before,
    );
  });

  it('answers 404 to those who may not follow the conversation, 401 without auth, 422 to a bad body', async () => {
    const other = await newTenant(t);
    const stranger = await anonymous(t, tenant.projectId, 'Sam');
    const agent = await addMember(t, tenant, 'agent');
    for (const headers of [stranger.headers, other.owner.jwt, agent.jwt]) {
      const refused = await signal(headers, { typing: true });
      assert.ok([403, 404].includes(refused.status), refused.text);
      if (headers !== other.owner.jwt) assert.equal(refused.status, 404, refused.text);
    }
    assert.equal(
      (await signal(tenant.owner.jwt, { typing: true }, `support-group-${tenant.projectId}-nope`)).status,
      404,
    );
    assert.equal((await signal({}, { typing: true })).status, 401);
    for (const body of [{}, { typing: 'yes' }, { typing: null }]) {
      const refused = await signal(visitor.headers, body);
      assert.equal(refused.status, 422, refused.text);
      assert.equal(typeof refused.body, 'object');
    }
    const topic = `/${tenant.projectId}/requests/${requestId}/typing`;
    const { first } = await follow(stranger.token, topic);
    assert.equal(first.action, 'error');
  });
});
