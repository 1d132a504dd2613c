/**
 * "Insert multiple messages" (POST .../messages/multi): Tiledesk's createMulti* expectations,
 * then the import guarantees: client timestamps, atomicity, idempotent replays, a batch limit,
 * and no live side effects unless asked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  createRequest,
  defaultDepartment,
  getRequest,
  messagesOf,
  newRequestId,
  recordEvents,
  updateDepartment,
} from './helpers/conversations.js';

const T0 = 1665584701710;

describe('messages/multi', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const multi = (
    tenant: Tenant,
    requestId: string,
    body: unknown,
    options: { headers?: Record<string, string>; query?: Record<string, string> } = {},
  ) =>
    t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages/multi`, {
      headers: { ...tenant.owner.basic, ...options.headers },
      body,
      query: options.query,
    });

  it('createMultiTextNoSender1 / NoText: the caller sends, in input order', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { first_text: 'first_text' });
    const response = await multi(tenant, request.request_id, [{ text: 'text1' }, { text: 'text2' }]);
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.map((m: any) => m.text),
      ['text1', 'text2'],
    );
    for (const message of response.body) {
      assert.equal(message.sender, tenant.owner.id);
      assert.equal(message.senderFullname, 'Test Firstname Test lastname');
      assert.equal(message.createdBy, tenant.owner.id);
      assert.equal(message.status, 0);
      assert.equal(message.channel_type, 'group');
      assert.equal(message.channel.name, 'chat21');
      assert.equal(message.request, undefined);
    }
    const noText = await multi(tenant, request.request_id, [{}, { text: 'text2' }]);
    assert.equal(noText.status, 200);
    assert.equal(noText.body.length, 2);
  });

  it('createMultiTextWithSender / WithHardcodedSender(AndSenderFullname)', async () => {
    const tenant = await newTenant(t);
    const second = await addMember(t, tenant, 'agent');
    const request = await createRequest(t, tenant);
    const withSender = await multi(tenant, request.request_id, [
      { sender: second.id, text: 'a' },
      { sender: second.id, text: 'b' },
    ]);
    assert.equal(withSender.body[0].sender, second.id);
    assert.equal(withSender.body[0].senderFullname, 'Test Firstname Test lastname', "the caller's name, as Tiledesk");
    assert.equal(withSender.body[0].createdBy, second.id);
    const hardcoded = await multi(tenant, request.request_id, [
      { sender: 'andrealeo', text: 'c' },
      { sender: 'rocco', text: 'd', senderFullname: 'Rocco' },
    ]);
    assert.deepEqual(
      hardcoded.body.map((m: any) => [m.sender, m.createdBy, m.senderFullname]),
      [
        ['andrealeo', 'andrealeo', 'Test Firstname Test lastname'],
        ['rocco', 'rocco', 'Rocco'],
      ],
    );
  });

  it('answers 404 for an unknown request and 422 for anything but an array', async () => {
    const tenant = await newTenant(t);
    const unknown = await multi(tenant, newRequestId(tenant.projectId), [{ text: 'x' }]);
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { success: false, msg: "Request doesn't exist." });
    const request = await createRequest(t, tenant);
    for (const body of [{ text: 'x' }, 'text', 42, null]) {
      const response = await multi(tenant, request.request_id, body);
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.ok(Array.isArray(response.body.errors));
    }
    const empty = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages/multi`, {
      headers: tenant.owner.basic,
    });
    assert.equal(empty.status, 422);
  });

  it('clienttimestamp becomes createdAt; listing follows time; the request follows its history', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { first_text: 'placeholder' });
    const response = await multi(tenant, request.request_id, [
      { text: 'third', attributes: { clienttimestamp: T0 + 2000 } },
      { text: 'first', attributes: { clienttimestamp: T0 } },
      { text: 'second', attributes: { clienttimestamp: T0 + 1000 } },
    ]);
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.map((m: any) => [m.text, m.createdAt]),
      [
        ['third', new Date(T0 + 2000).toISOString()],
        ['first', new Date(T0).toISOString()],
        ['second', new Date(T0 + 1000).toISOString()],
      ],
    );
    assert.deepEqual(
      (await messagesOf(t, tenant, request.request_id)).map((m) => m.text),
      ['first', 'second', 'third'],
    );
    const after = await getRequest(t, tenant, request.request_id);
    assert.equal(after.first_text, 'first');
    assert.equal(after.attributes.last_message.text, 'third');
    assert.equal(after.last_message_at, new Date(T0 + 2000).toISOString());
    assert.equal(after.updatedAt, new Date(T0 + 2000).toISOString());
    assert.equal(after.createdAt, new Date(T0).toISOString());

    await multi(tenant, request.request_id, [{ text: 'older', attributes: { clienttimestamp: T0 - 5000 } }]);
    const later = await getRequest(t, tenant, request.request_id);
    assert.equal(later.first_text, 'first', 'first_text is set only while the request has no messages');
    assert.equal(later.attributes.last_message.text, 'third');
  });

  it('is atomic: one bad element and nothing is stored', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const bad = [
      [{ text: 'ok' }, { text: { not: 'text' } }],
      [{ text: 'ok' }, { text: 'x', attributes: { clienttimestamp: 'yesterday' } }],
      [{ text: 'ok' }, { text: 'x', attributes: { clienttimestamp: -1 } }],
      [{ text: 'ok' }, { text: 'x', attributes: { client_message_id: '' } }],
      [{ text: 'ok' }, 'not an object'],
    ];
    for (const body of bad) {
      const response = await multi(tenant, request.request_id, body);
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.equal(typeof (response.body.msg ?? response.body.errors), response.body.msg ? 'string' : 'object');
    }
    assert.deepEqual(await messagesOf(t, tenant, request.request_id), []);
    assert.equal((await getRequest(t, tenant, request.request_id)).first_text, 'first text');
  });

  it('replays are idempotent with attributes.client_message_id', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const batch = [
      { text: 'a', attributes: { client_message_id: 'ext-1', clienttimestamp: T0 } },
      { text: 'b', attributes: { client_message_id: 'ext-2', clienttimestamp: T0 + 1 } },
    ];
    const first = await multi(tenant, request.request_id, batch);
    const replay = await multi(tenant, request.request_id, batch);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body, first.body);
    const grown = await multi(tenant, request.request_id, [
      ...batch,
      { text: 'c', attributes: { client_message_id: 'ext-3' } },
    ]);
    assert.deepEqual(
      grown.body.map((m: any) => m._id).slice(0, 2),
      first.body.map((m: any) => m._id),
    );
    assert.deepEqual(
      (await messagesOf(t, tenant, request.request_id)).map((m) => m.text),
      ['a', 'b', 'c'],
    );
    const duplicateInBatch = await multi(tenant, request.request_id, [
      { text: 'd', attributes: { client_message_id: 'ext-4' } },
      { text: 'd again', attributes: { client_message_id: 'ext-4' } },
    ]);
    assert.equal(duplicateInBatch.body[0]._id, duplicateInBatch.body[1]._id);
    assert.equal((await messagesOf(t, tenant, request.request_id)).length, 4);
  });

  it('replays are idempotent with an Idempotency-Key header, also when racing', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const batch = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
    const headers = { 'idempotency-key': 'import-42' };
    const [a, b] = await Promise.all([
      multi(tenant, request.request_id, batch, { headers }),
      multi(tenant, request.request_id, batch, { headers }),
    ]);
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, b.body);
    const again = await multi(tenant, request.request_id, batch, { headers });
    assert.deepEqual(again.body, a.body);
    assert.equal((await messagesOf(t, tenant, request.request_id)).length, 3);
    const other = await multi(tenant, request.request_id, batch, { headers: { 'idempotency-key': 'import-43' } });
    assert.notDeepEqual(other.body[0]._id, a.body[0]._id);
    assert.equal((await messagesOf(t, tenant, request.request_id)).length, 6);
  });

  it('no bots, handoff or per-message events by default: one request.update; ?notify=true announces each', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant);
    const department = await defaultDepartment(t, tenant);
    await updateDepartment(t, tenant, department._id, { id_bot: bot.id });
    const events = recordEvents(t);
    const request = await createRequest(t, tenant);
    const creation = (await events.of(tenant.projectId)).length;
    await multi(tenant, request.request_id, [{ text: 'hello' }, { text: '\\agent' }, { text: '\\close' }]);
    const quiet = (await events.of(tenant.projectId)).slice(creation);
    assert.deepEqual(
      quiet.map((e) => e.name),
      ['request.update'],
    );
    const still = await getRequest(t, tenant, request.request_id);
    assert.deepEqual(still.participants, [bot.participant]);
    assert.equal(still.status, 200);

    await multi(tenant, request.request_id, [{ text: 'x' }, { text: 'y' }], { query: { notify: 'true' } });
    const loud = (await events.of(tenant.projectId)).slice(creation + quiet.length);
    assert.deepEqual(
      loud.map((e) => e.name),
      ['request.update', 'message.create', 'message.create'],
    );
    assert.equal(loud[1].payload.request.request_id, request.request_id);
  });
});

describe('messages/multi limits', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ MAX_BATCH_MESSAGES: '5000', IMPORT_BODY_LIMIT: String(1024 * 1024) });
  });
  after(() => t.close());

  it('takes a batch at the limit in one go; 413 beyond the batch limit or the import body limit', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const url = `/${tenant.projectId}/requests/${request.request_id}/messages/multi`;
    const batch = Array.from({ length: 5000 }, (_, i) => ({ text: `m${i}`, attributes: { clienttimestamp: T0 + i } }));
    const full = await t.http('POST', url, { headers: tenant.owner.basic, body: batch });
    assert.equal(full.status, 200);
    assert.equal(full.body.length, 5000);
    const tooMany = await t.http('POST', url, { headers: tenant.owner.basic, body: [...batch, { text: 'one more' }] });
    assert.equal(tooMany.status, 413);
    assert.deepEqual(tooMany.body, {
      success: false,
      msg: 'Too many messages in one batch: 5001 (the limit is 5000).',
      limit: 5000,
    });
    const big = await t.http('POST', url, { headers: tenant.owner.basic, body: [{ text: 'x'.repeat(1024 * 1024) }] });
    assert.equal(big.status, 413);
    const nul = await t.http('POST', url, {
      headers: tenant.owner.basic,
      body: [{ text: 'ok' }, { text: 'a\u0000b' }],
    });
    assert.equal(nul.status, 422);
    assert.equal((await messagesOf(t, tenant, request.request_id)).length, 5000);
  });
});
