import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import { createBot } from './helpers/bots.js';

describe('intents (/faq and /intents)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function createIntent(tenant: Tenant, body: Record<string, unknown>, base = 'faq') {
    const response = await t.http('POST', `/${tenant.projectId}/${base}`, { headers: tenant.owner.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  const list = async (tenant: Tenant, query: string, headers = tenant.owner.basic) => {
    const response = await t.http('GET', `/${tenant.projectId}/faq?${query}`, { headers });
    assert.equal(response.status, 200, response.text);
    return response.body as any[];
  };

  describe('create (§10.5)', () => {
    it('creates an intent with generated display name and intent id', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'testbot', type: 'internal' });
      assert.equal(bot.public, false);
      const intent = await createIntent(tenant, {
        id_faq_kb: bot._id,
        question: 'question1',
        answer: 'answer1',
        attributes: { position: { x: 1, y: 2 } },
        intent_id: 'custom-intent-id',
      });
      assert.equal(intent.id_faq_kb, bot._id);
      assert.equal(intent.question, 'question1');
      assert.equal(intent.answer, 'answer1');
      assert.equal(intent.intent_id, 'custom-intent-id');
      assert.match(intent.intent_display_name, /^[A-Za-z0-9_-]{6}$/);
      assert.equal(intent.webhook_enabled, false);
      assert.equal(intent.enabled, true);
      assert.equal(intent.topic, 'default');
      assert.equal(intent.status, 'live');
      assert.equal(intent.language, 'en');
      assert.equal(intent.id_project, tenant.projectId);
      assert.equal(intent.createdBy, tenant.owner.id);
      assert.deepEqual(intent.attributes, { position: { x: 1, y: 2 } });

      const generated = await createIntent(tenant, { id_faq_kb: bot._id, question: 'q' }, 'intents');
      assert.match(generated.intent_id, /^[0-9a-f-]{36}$/);
      const read = await t.http('GET', `/${tenant.projectId}/intents/${generated._id}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(read.status, 200);
      assert.equal(read.body.question, 'q');
    });

    it('keeps a form, the bot language, webhook_enabled and a chosen display name', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'testbot', type: 'external', language: 'it' });
      const form = { fields: [{ name: 'userFullname', type: 'text', label: 'What is your name?' }] };
      const withForm = await createIntent(tenant, { id_faq_kb: bot._id, form });
      assert.deepEqual(withForm.form, form);
      assert.equal(withForm.language, 'it');
      const named = await createIntent(tenant, {
        id_faq_kb: bot._id,
        question: 'question1\nsecond phrase\nthird phrase',
        answer: 'answer1',
        webhook_enabled: true,
        intent_display_name: 'intent_display_name1',
        actions: [{ _tdActionType: 'reply', text: 'hi' }],
        enabled: false,
      });
      assert.equal(named.intent_display_name, 'intent_display_name1');
      assert.equal(named.webhook_enabled, true);
      assert.equal(named.enabled, false);
      assert.equal(named.question, 'question1\nsecond phrase\nthird phrase');
      assert.deepEqual(named.actions, [{ _tdActionType: 'reply', text: 'hi' }]);
    });

    it('answers 409 for a duplicate display name or intent id in the same bot', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      await createIntent(tenant, { id_faq_kb: bot._id, intent_display_name: 'same', intent_id: 'id-1' });
      for (const body of [{ intent_display_name: 'same' }, { intent_display_name: 'other', intent_id: 'id-1' }]) {
        const duplicate = await t.http('POST', `/${tenant.projectId}/faq`, {
          headers: tenant.owner.basic,
          body: { id_faq_kb: bot._id, ...body },
        });
        assert.equal(duplicate.status, 409);
        assert.deepEqual(duplicate.body, { success: false, msg: 'Duplicate  intent_display_name.' });
      }
      // Another bot may use the same names.
      const other = await createBot(t, tenant, { name: 'c', type: 'internal', template: 'empty' });
      await createIntent(tenant, { id_faq_kb: other._id, intent_display_name: 'same', intent_id: 'id-1' });
      assert.equal((await list(tenant, `id_faq_kb=${bot._id}`)).length, 1);
    });

    it('validates input: unknown bot 404, missing bot 422, bad field types 422', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const headers = tenant.owner.basic;
      const unknown = await t.http('POST', `/${tenant.projectId}/faq`, {
        headers,
        body: { id_faq_kb: '65f0c0ffee0000000000beef', question: 'q' },
      });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { success: false, msg: 'Object not found.' });
      const missing = await t.http('POST', `/${tenant.projectId}/faq`, { headers, body: { question: 'q' } });
      assert.equal(missing.status, 422);
      assert.equal(missing.body.errors[0].param, 'id_faq_kb');
      const badActions = await t.http('POST', `/${tenant.projectId}/faq`, {
        headers,
        body: { id_faq_kb: bot._id, actions: 'reply' },
      });
      assert.equal(badActions.status, 422);
      const badId = await t.http('POST', `/${tenant.projectId}/faq`, {
        headers,
        body: { id_faq_kb: bot._id, _id: 'not-an-id' },
      });
      assert.equal(badId.status, 422);
      assert.deepEqual(await list(tenant, `id_faq_kb=${bot._id}`), []);
    });
  });

  describe('list', () => {
    it('shows agents only the intents offered to them, in a reduced view (§10.5)', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const bot = await createBot(t, tenant, { name: 'testbot', type: 'tilebot', template: 'blank' });
      const intents = await list(tenant, `id_faq_kb=${bot._id}`);
      assert.equal(intents.length, 3);
      const welcome = intents.find((intent) => intent.intent_display_name === 'welcome');
      assert.equal(welcome.agents_available, false);
      assert.equal(welcome.faq_kb.length, 1);
      assert.equal(welcome.faq_kb[0]._id, bot._id);
      assert.equal(welcome.faq_kb[0].secret, undefined);
      assert.equal((await list(tenant, `id_faq_kb=${bot._id}`, agent.basic)).length, 0);

      const updated = await t.http('PUT', `/${tenant.projectId}/faq/${welcome._id}`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, agents_available: true },
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.agents_available, true);
      // start and defaultFallback never reach agents, even when offered.
      const start = intents.find((intent) => intent.intent_display_name === 'start');
      await t.http('PUT', `/${tenant.projectId}/faq/${start._id}`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, agents_available: true },
      });

      const seen = await list(tenant, `id_faq_kb=${bot._id}`, agent.basic);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].intent_display_name, 'welcome');
      for (const field of ['webhook_enabled', 'faq_kb', 'actions', 'attributes', 'createdBy', 'createdAt', '__v']) {
        assert.equal(seen[0][field], undefined, field);
      }
      const single = await t.http('GET', `/${tenant.projectId}/faq/${welcome._id}`, { headers: agent.basic });
      assert.equal(single.status, 403);
    });

    it('searches questions by full text in the intent language, any word (§10.5 searchFaqs)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      await createIntent(tenant, { id_faq_kb: bot._id, question: 'I look for an agent', intent_display_name: 'a' });
      await createIntent(tenant, {
        id_faq_kb: bot._id,
        question: 'Opening hours\nWhen are you open',
        intent_display_name: 'b',
      });
      await createIntent(tenant, { id_faq_kb: bot._id, question: 'Prices', intent_display_name: 'c' });
      const names = async (query: string) =>
        (await list(tenant, query)).map((intent) => intent.intent_display_name).sort();
      assert.deepEqual(await names(`id_faq_kb=${bot._id}&page=0&limit=25&text=looking`), ['a']);
      assert.deepEqual(await names(`id_faq_kb=${bot._id}&text=agents%20opening`), ['a', 'b']);
      assert.deepEqual(await names(`text=open`), ['b']);
      assert.deepEqual(await names(`text=the`), []);
      assert.deepEqual(await names(`intent_display_name=c`), ['c']);
    });

    it('pages with page and limit, limit=0 meaning no limit, and is always scoped to the project', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'example' });
      const all = await list(tenant, `id_faq_kb=${bot._id}`);
      assert.equal(all.length, 15);
      const page = await list(tenant, `id_faq_kb=${bot._id}&limit=4&page=1`);
      assert.deepEqual(
        page.map((intent) => intent._id),
        all.slice(4, 8).map((intent) => intent._id),
      );
      assert.equal((await list(tenant, `id_faq_kb=${bot._id}&limit=0`)).length, 15);
      const bad = await t.http('GET', `/${tenant.projectId}/faq?limit=-1`, { headers: tenant.owner.basic });
      assert.equal(bad.status, 422);

      // Tiledesk lists every project's intents when asked by bot id alone; we never do.
      const other = await newTenant(t);
      assert.deepEqual(await list(other, `id_faq_kb=${bot._id}`), []);
      assert.deepEqual(await list(other, ''), []);
    });
  });

  describe('update', () => {
    it('updates by _id and by intentId<intent_id> (§10.5 update)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'testbot', type: 'internal', template: 'empty' });
      const intent = await createIntent(tenant, { id_faq_kb: bot._id, question: 'question1', answer: 'answer1' });
      const response = await t.http('PUT', `/${tenant.projectId}/faq/${intent._id}`, {
        headers: tenant.owner.basic,
        body: {
          id_faq_kb: bot._id,
          question: 'question2',
          answer: 'answer2',
          webhook_enabled: true,
          attributes: { a: 1 },
          id_project: 'ignored',
          createdBy: 'ignored',
        },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.question, 'question2');
      assert.equal(response.body.answer, 'answer2');
      assert.equal(response.body.webhook_enabled, true);
      assert.deepEqual(response.body.attributes, { a: 1 });
      assert.equal(response.body.id_project, tenant.projectId);
      assert.equal(response.body.createdBy, tenant.owner.id);

      const byIntentId = await t.http('PUT', `/${tenant.projectId}/faq/intentId${intent.intent_id}`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, answer: 'answer3', actions: [{ _tdActionType: 'close' }] },
      });
      assert.equal(byIntentId.status, 200);
      assert.equal(byIntentId.body._id, intent._id);
      assert.equal(byIntentId.body.answer, 'answer3');
      assert.equal(byIntentId.body.question, 'question2');
    });

    it('requires id_faq_kb (422 with the reference body), 404 for unknown, 409 for duplicates', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const first = await createIntent(tenant, { id_faq_kb: bot._id, intent_display_name: 'first' });
      const second = await createIntent(tenant, { id_faq_kb: bot._id, intent_display_name: 'second' });
      const url = `/${tenant.projectId}/faq/${second._id}`;
      const missing = await t.http('PUT', url, { headers: tenant.owner.basic, body: { answer: 'x' } });
      assert.equal(missing.status, 422);
      assert.deepEqual(missing.body, { err: 'Missing id_faq_kb in Request Body' });
      const duplicate = await t.http('PUT', url, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, intent_display_name: 'first', answer: 'not applied' },
      });
      assert.equal(duplicate.status, 409);
      assert.deepEqual(duplicate.body, { success: false, msg: 'Duplicate  intent_display_name.' });
      const unchanged = await t.http('GET', url, { headers: tenant.owner.basic });
      assert.equal(unchanged.body.intent_display_name, 'second');
      assert.equal(unchanged.body.answer, undefined);
      const unknown = await t.http('PUT', `/${tenant.projectId}/faq/65f0c0ffee0000000000beef`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, answer: 'x' },
      });
      assert.equal(unknown.status, 404);
      const wrongBot = await t.http('PUT', `/${tenant.projectId}/faq/intentId${first.intent_id}`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: '11233', answer: 'x' },
      });
      assert.equal(wrongBot.status, 404);
    });

    it('merges attributes with PATCH /:id/attributes (§10.5)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const intent = await createIntent(tenant, { id_faq_kb: bot._id, attributes: { position: { x: 1, y: 1 } } });
      const response = await t.http('PATCH', `/${tenant.projectId}/faq/${intent._id}/attributes`, {
        headers: tenant.owner.basic,
        body: { nextBlockAction: { _tdActionType: 'intent' }, position: { x: 5, y: 6 } },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.attributes, {
        position: { x: 5, y: 6 },
        nextBlockAction: { _tdActionType: 'intent' },
      });
      const unknown = await t.http('PATCH', `/${tenant.projectId}/faq/65f0c0ffee0000000000beef/attributes`, {
        headers: tenant.owner.basic,
        body: { a: 1 },
      });
      assert.equal(unknown.status, 404);
    });
  });

  describe('delete', () => {
    it('deletes by _id and by intentId with id_faq_kb (§10.5)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const first = await createIntent(tenant, { id_faq_kb: bot._id, question: 'one' });
      const second = await createIntent(tenant, { id_faq_kb: bot._id, question: 'two' });
      const byId = await t.http('DELETE', `/${tenant.projectId}/faq/${first._id}`, { headers: tenant.owner.basic });
      assert.equal(byId.status, 200);
      assert.equal(byId.body._id, first._id);

      const base = `/${tenant.projectId}/faq/intentId${second.intent_id}`;
      const noBot = await t.http('DELETE', base, { headers: tenant.owner.basic });
      assert.equal(noBot.status, 422);
      assert.equal(
        noBot.body.msg,
        "Unable to delete object. Query param 'id_faq_kb' is mandatory if you want to delete via intent_id",
      );
      const wrongBot = await t.http('DELETE', `${base}?id_faq_kb=11233`, { headers: tenant.owner.basic });
      assert.equal(wrongBot.status, 404);
      assert.deepEqual(wrongBot.body, {
        success: false,
        msg: 'Error deleting object. The object does not exists.',
      });
      const ok = await t.http('DELETE', `${base}?id_faq_kb=${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.question, 'two');
      assert.deepEqual(await list(tenant, `id_faq_kb=${bot._id}`), []);
    });
  });

  describe('roles and projects', () => {
    it('lets agents read only, and a bot token write its project intents', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const denied = await t.http('POST', `/${tenant.projectId}/faq`, {
        headers: agent.basic,
        body: { id_faq_kb: bot._id, question: 'q' },
      });
      assert.equal(denied.status, 403);
      const jwt = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}/jwt`, { headers: tenant.owner.basic });
      const asBot = { authorization: `JWT ${jwt.body.jwt}` };
      const created = await t.http('POST', `/${tenant.projectId}/faq`, {
        headers: asBot,
        body: { id_faq_kb: bot._id, question: 'from the bot' },
      });
      assert.equal(created.status, 200);
      assert.equal(created.body.createdBy, `bot_${bot._id}`);
    });

    it('never reads or changes intents of project A through project B', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'private', type: 'internal', template: 'empty' });
      const intent = await createIntent(a, { id_faq_kb: bot._id, question: 'secret question', answer: 'secret' });
      const headers = b.owner.basic;
      const base = `/${b.projectId}/faq`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', `${base}/${intent._id}`],
        ['PUT', `${base}/${intent._id}`, { id_faq_kb: bot._id, answer: 'hijacked' }],
        ['PUT', `${base}/intentId${intent.intent_id}`, { id_faq_kb: bot._id, answer: 'hijacked' }],
        ['PATCH', `${base}/${intent._id}/attributes`, { hijacked: true }],
        ['DELETE', `${base}/${intent._id}`],
        ['DELETE', `${base}/intentId${intent.intent_id}?id_faq_kb=${bot._id}`],
        ['POST', base, { id_faq_kb: bot._id, question: 'planted' }],
      ];
      for (const [method, url, body] of calls) {
        const response = await t.http(method, url, { headers, body });
        assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
      }
      assert.deepEqual(await list(b, 'text=secret'), []);
      const intact = await list(a, `id_faq_kb=${bot._id}`);
      assert.equal(intact.length, 1);
      assert.equal(intact[0].answer, 'secret');
      assert.equal(intact[0].attributes, undefined);
    });
  });

  describe('faqpub', () => {
    it('lists without authentication only what agents may see, scoped to the project', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const offered = await createIntent(tenant, { id_faq_kb: bot._id, question: 'Opening hours', answer: '9-5' });
      await createIntent(tenant, { id_faq_kb: bot._id, question: 'Internal note', answer: 'staff only' });
      await t.http('PUT', `/${tenant.projectId}/faq/${offered._id}`, {
        headers: tenant.owner.basic,
        body: { id_faq_kb: bot._id, agents_available: true },
      });
      const response = await t.http('GET', `/${tenant.projectId}/faqpub?id_faq_kb=${bot._id}`);
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.map((intent: any) => intent.answer),
        ['9-5'],
      );
      assert.equal(response.body[0].actions, undefined);
      const search = await t.http('GET', `/${tenant.projectId}/faqpub?text=hours`);
      assert.equal(search.body.length, 1);
      const other = await newTenant(t);
      const elsewhere = await t.http('GET', `/${other.projectId}/faqpub?id_faq_kb=${bot._id}`);
      assert.deepEqual(elsewhere.body, []);
    });
  });
});
