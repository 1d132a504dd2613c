import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, intentsOf } from './helpers/bots.js';
import { multipartBody } from './helpers/multipart.js';

const csvFixture = readFileSync(new URL('./fixtures/faqs.csv', import.meta.url), 'utf8');

describe('intents in bulk: CSV and ops_update', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function uploadCsv(tenant: Tenant, fields: Record<string, string>, csv: string, headers = tenant.owner.basic) {
    const form = await multipartBody(fields, { uploadFile: { content: csv, filename: 'faqs.csv', type: 'text/csv' } });
    return t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
  }

  describe('CSV', () => {
    it('creates one intent per row, answering with a reply action (§10.5 uploadcsv)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'csv', type: 'internal', template: 'empty', language: 'it' });
      const response = await uploadCsv(tenant, { id_faq_kb: bot._id, delimiter: ';' }, csvFixture);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { success: true, msg: 'CSV Parsed' });
      const intents = await intentsOf(t, tenant, bot._id);
      assert.deepEqual(
        intents.map((intent) => intent.question),
        ['Question 1', 'Where are you?', 'How much?'],
      );
      const [first, where, price] = intents;
      assert.equal(first.intent_id, 'question1');
      assert.equal(first.answer, undefined);
      assert.equal(first.actions[0]._tdActionType, 'reply');
      assert.equal(first.actions[0].text, 'Answer 1');
      assert.equal(first.actions[0].attributes.commands[1].message.text, 'Answer 1');
      assert.equal(first.language, 'it');
      assert.equal(where.actions[0].text, 'In Rome; near the Colosseum');
      assert.equal(where.intent_display_name, 'where');
      assert.equal(where.webhook_enabled, true);
      assert.equal(price.actions[0].text, 'It costs "nothing"');
      assert.equal(price.intent_display_name, 'price');

      // Uploading again skips rows the bot already has.
      const again = await uploadCsv(tenant, { id_faq_kb: bot._id }, csvFixture);
      assert.equal(again.status, 200);
      assert.equal((await intentsOf(t, tenant, bot._id)).length, 3);
    });

    it('exports a CSV that uploads back into another bot', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'csv', type: 'internal', template: 'handoff' });
      await uploadCsv(tenant, { id_faq_kb: bot._id }, csvFixture);
      const response = await t.http('GET', `/${tenant.projectId}/faq/csv?id_faq_kb=${bot._id}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(response.status, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      const lines = response.text.trim().split('\n');
      assert.equal(lines[0], '"question";"answer";"intent_id";"intent_display_name";"webhook_enabled"');
      assert.equal(lines[1].startsWith('"\\start";"Hello";'), true);
      assert.ok(lines.some((line) => line.startsWith('"Where are you?";"In Rome; near the Colosseum";"where_id"')));

      const copy = await createBot(t, tenant, { name: 'copy', type: 'internal', template: 'empty' });
      const upload = await uploadCsv(tenant, { id_faq_kb: copy._id }, response.text);
      assert.equal(upload.status, 200, upload.text);
      const copied = await intentsOf(t, tenant, copy._id);
      assert.equal(copied.length, 6);
      assert.ok(!copied.some((intent) => intent.question === 'question'));

      const unknown = await t.http('GET', `/${tenant.projectId}/faq/csv?id_faq_kb=65f0c0ffee0000000000beef`, {
        headers: tenant.owner.basic,
      });
      assert.equal(unknown.status, 404);
    });

    it('refuses bad uploads with a clear status and writes nothing', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'csv', type: 'internal', template: 'empty' });
      const unterminated = await uploadCsv(tenant, { id_faq_kb: bot._id }, 'ok;fine\n"never closed;x\n');
      assert.equal(unterminated.status, 422);
      assert.match(unterminated.body.msg, /unterminated quoted field starting on line 2/);
      const badDelimiter = await uploadCsv(tenant, { id_faq_kb: bot._id, delimiter: ';;' }, csvFixture);
      assert.equal(badDelimiter.status, 422);
      const noBot = await uploadCsv(tenant, {}, csvFixture);
      assert.equal(noBot.status, 422);
      const unknownBot = await uploadCsv(tenant, { id_faq_kb: '65f0c0ffee0000000000beef' }, csvFixture);
      assert.equal(unknownBot.status, 404);
      const form = await multipartBody({ id_faq_kb: bot._id }, {});
      const noFile = await t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
        headers: { ...tenant.owner.basic, ...form.headers },
        payload: form.payload,
      });
      assert.equal(noFile.status, 422);
      const notMultipart = await t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id },
      });
      assert.equal(notMultipart.status, 415);
      assert.deepEqual(await intentsOf(t, tenant, bot._id), []);
    });

    it('never uploads into or exports a bot of another project', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'theirs', type: 'internal', template: 'handoff' });
      const upload = await uploadCsv(b, { id_faq_kb: bot._id }, csvFixture);
      assert.equal(upload.status, 404);
      const exported = await t.http('GET', `/${b.projectId}/faq/csv?id_faq_kb=${bot._id}`, {
        headers: b.owner.basic,
      });
      assert.equal(exported.status, 404);
      const everything = await t.http('GET', `/${b.projectId}/faq/csv`, { headers: b.owner.basic });
      assert.equal(everything.text.trim().split('\n').length, 1);
      assert.equal((await intentsOf(t, a, bot._id)).length, 3);
      const agent = await addMember(t, a, 'agent');
      const asAgent = await uploadCsv(a, { id_faq_kb: bot._id }, csvFixture, agent.basic);
      assert.equal(asAgent.status, 403);
    });
  });

  describe('size limits', () => {
    it('answers 413 for an upload or an import over IMPORT_BODY_LIMIT', async () => {
      const small = await startTestApp({ IMPORT_BODY_LIMIT: '2048' });
      try {
        const tenant = await newTenant(small);
        const bot = await small.http('POST', `/${tenant.projectId}/bots`, {
          headers: tenant.owner.basic,
          body: { name: 'b', type: 'internal', template: 'empty' },
        });
        const big = 'question;answer\n'.repeat(300);
        const form = await multipartBody(
          { id_faq_kb: bot.body._id },
          { uploadFile: { content: big, filename: 'a.csv' } },
        );
        const upload = await small.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
          headers: { ...tenant.owner.basic, ...form.headers },
          payload: form.payload,
        });
        assert.equal(upload.status, 413);
        const raw = await small.http('POST', `/${tenant.projectId}/bots/importjson/${bot.body._id}`, {
          headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'x'.repeat(3000) }),
        });
        assert.equal(raw.status, 413);
        const list = await small.http('GET', `/${tenant.projectId}/faq?id_faq_kb=${bot.body._id}`, {
          headers: tenant.owner.basic,
        });
        assert.deepEqual(list.body, []);
      } finally {
        await small.close();
      }
    });
  });

  describe('ops_update', () => {
    it('applies post, put, patch and delete in order, in one go (§10.5 updateBulkOperations)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'flow', type: 'tilebot', template: 'blank' });
      const [fallback, start, welcome] = await intentsOf(t, tenant, bot._id);
      const response = await t.http('POST', `/${tenant.projectId}/faq/ops_update`, {
        headers: tenant.owner.basic,
        body: {
          id_faq_kb: bot._id,
          operations: [
            {
              type: 'post',
              intent: {
                id_faq_kb: bot._id,
                intent_display_name: 'untitled_block_1',
                actions: [{ _tdActionType: 'close' }],
                attributes: { position: { x: 10, y: 20 } },
              },
            },
            { type: 'put', intent: { ...welcome, actions: [{ _tdActionType: 'reply', text: 'Welcome!' }] } },
            { type: 'patch', intent: { _id: start._id, attributes: { position: { x: 1, y: 2 } } } },
            { type: 'delete', intent: { _id: fallback._id, intent_id: fallback.intent_id } },
            // Already gone: deleting it again is not an error.
            { type: 'delete', intent: { _id: '655b46ebbaddb8002c5a889e', intent_id: 'no-such-intent' } },
          ],
        },
      });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { success: true });
      const intents = await intentsOf(t, tenant, bot._id);
      assert.deepEqual(
        intents.map((intent) => intent.intent_display_name),
        ['start', 'welcome', 'untitled_block_1'],
      );
      assert.deepEqual(intents[0].attributes, { position: { x: 1, y: 2 } });
      assert.deepEqual(intents[1].actions, [{ _tdActionType: 'reply', text: 'Welcome!' }]);
      assert.deepEqual(intents[2].actions, [{ _tdActionType: 'close' }]);
    });

    it('applies nothing when one operation fails', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'flow', type: 'tilebot', template: 'blank' });
      const [, start, welcome] = await intentsOf(t, tenant, bot._id);
      const send = (operations: unknown[]) =>
        t.http('POST', `/${tenant.projectId}/faq/ops_update`, {
          headers: tenant.owner.basic,
          body: { id_faq_kb: bot._id, operations },
        });
      const missing = await send([
        { type: 'delete', intent: { _id: start._id } },
        { type: 'put', intent: { intent_id: 'no-such-intent', answer: 'x' } },
      ]);
      assert.equal(missing.status, 404);
      assert.match(missing.body.msg, /^Operation 1 \(put\): intent not found/);
      const duplicate = await send([
        { type: 'delete', intent: { _id: start._id } },
        { type: 'post', intent: { intent_display_name: 'welcome' } },
      ]);
      assert.equal(duplicate.status, 409);
      const invalid = await send([
        { type: 'delete', intent: { _id: start._id } },
        { type: 'put', intent: { _id: welcome._id, actions: 'nope' } },
      ]);
      assert.equal(invalid.status, 422);
      assert.match(invalid.body.msg, /^Operation 1: actions /);
      const unknownType = await send([{ type: 'merge', intent: {} }]);
      assert.equal(unknownType.status, 422);
      assert.equal((await intentsOf(t, tenant, bot._id)).length, 3);
    });

    it('works only on bots and intents of the project', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'theirs', type: 'tilebot', template: 'blank' });
      const [fallback] = await intentsOf(t, a, bot._id);
      const foreignBot = await t.http('POST', `/${b.projectId}/faq/ops_update`, {
        headers: b.owner.basic,
        body: { id_faq_kb: bot._id, operations: [{ type: 'delete', intent: { _id: fallback._id } }] },
      });
      assert.equal(foreignBot.status, 404);
      // An intent of another bot cannot be reached through a bot of ours either.
      const mine = await createBot(t, b, { name: 'mine', type: 'tilebot', template: 'empty' });
      const foreignIntent = await t.http('POST', `/${b.projectId}/faq/ops_update`, {
        headers: b.owner.basic,
        body: { id_faq_kb: mine._id, operations: [{ type: 'patch', intent: { _id: fallback._id, attributes: {} } }] },
      });
      assert.equal(foreignIntent.status, 404);
      assert.equal((await intentsOf(t, a, bot._id)).length, 3);
    });
  });
});
