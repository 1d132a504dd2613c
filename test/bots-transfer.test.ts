import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, intentsOf } from './helpers/bots.js';
import { multipartBody } from './helpers/multipart.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('bot export, import and fork', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const exportBot = async (tenant: Tenant, botId: string, query = '') => {
    const response = await t.http('GET', `/${tenant.projectId}/faq_kb/exportjson/${botId}${query}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(response.status, 200, response.text);
    return response;
  };

  const importFile = async (tenant: Tenant, botId: string, query: string, content: string, filename = 'bot.json') => {
    const { payload, headers } = await multipartBody({}, { uploadFile: { content, filename } });
    return t.http('POST', `/${tenant.projectId}/faq_kb/importjson/${botId}${query}`, {
      headers: { ...tenant.owner.basic, ...headers },
      payload,
    });
  };

  describe('export', () => {
    it('exports the bot and its intents as an attachment, without ids, owners or globals', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, {
        name: 'exported',
        type: 'internal',
        template: 'handoff',
        description: 'd',
        attributes: { globals: [{ key: 'API_KEY', value: 'secret' }], variables: { a: 'a' } },
      });
      const response = await exportBot(tenant, bot._id);
      assert.equal(response.headers['content-disposition'], 'attachment; filename="bot.json"');
      assert.match(String(response.headers['content-type']), /^application\/json/);
      const document = response.body;
      assert.deepEqual(Object.keys(document).sort(), [
        'attributes',
        'description',
        'intents',
        'language',
        'name',
        'slug',
        'type',
        'webhook_enabled',
      ]);
      assert.deepEqual(document.attributes, { variables: { a: 'a' } });
      assert.equal(document.intents.length, 3);
      const [start] = document.intents;
      assert.equal(start.intent_display_name, 'start');
      assert.equal(start.question, '\\start');
      assert.equal(start.answer, 'Hello');
      for (const field of ['_id', 'id', 'id_project', 'id_faq_kb', 'createdBy', 'createdAt', 'updatedAt', '__v']) {
        assert.equal(start[field], undefined, field);
      }
      assert.ok(!response.text.includes(bot.secret));

      const withGlobals = await exportBot(tenant, bot._id, '?globals=true');
      assert.deepEqual(withGlobals.body.attributes.globals, [{ key: 'API_KEY', value: 'secret' }]);

      const intentsOnly = await exportBot(tenant, bot._id, '?intentsOnly=true');
      assert.equal(intentsOnly.headers['content-disposition'], 'attachment; filename="intents.json"');
      assert.deepEqual(Object.keys(intentsOnly.body), ['intents']);
      assert.equal(intentsOnly.body.intents.length, 3);
    });

    it('exports a public bot of another project, never a private one', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'shared', type: 'internal', template: 'handoff' });
      const privateExport = await t.http('GET', `/${b.projectId}/bots/exportjson/${bot._id}`, {
        headers: b.owner.basic,
      });
      assert.equal(privateExport.status, 404);
      await t.http('PUT', `/${a.projectId}/bots/${bot._id}`, { headers: a.owner.basic, body: { public: true } });
      const publicExport = await exportBot(b, bot._id);
      assert.equal(publicExport.body.name, 'shared');
      const agent = await addMember(t, a, 'agent');
      const asAgent = await t.http('GET', `/${a.projectId}/bots/exportjson/${bot._id}`, { headers: agent.basic });
      assert.equal(asAgent.status, 403);
    });
  });

  describe('import', () => {
    it('creates a bot from a multipart file with create=true (§10.4 create-bot-and-import-json)', async () => {
      const tenant = await newTenant(t);
      const response = await importFile(tenant, 'null', '?create=true', fixture('bot-with-rules.json'));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.name, 'example bot');
      assert.equal(response.body.slug, 'my-example-bot');
      assert.equal(response.body.language, 'en');
      assert.equal(response.body.type, 'tilebot');
      assert.equal(response.body.secret, undefined);
      assert.equal(response.body.public, false);
      assert.notEqual(response.body.id_project, '64218dfecdb804001380b9ba');
      // The proactive rule now speaks as the new bot.
      assert.deepEqual(response.body.attributes.rules[0].do[0].message.participants, [`bot_${response.body._id}`]);
      assert.deepEqual(await intentsOf(t, tenant, response.body._id), []);
    });

    it('creates a webhook flow with exactly its 3 intents (§10.4 import-webhook-json)', async () => {
      const tenant = await newTenant(t);
      const response = await importFile(tenant, 'null', '?create=true', fixture('webhook-flow.json'));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.name, 'Flow 1');
      assert.equal(response.body.language, 'en');
      assert.equal(response.body.subtype, 'webhook');
      const intents = await intentsOf(t, tenant, response.body._id);
      assert.deepEqual(
        intents.map((intent) => intent.intent_display_name),
        ['webhook', 'transform', 'response'],
      );
    });

    it('imports into an existing bot: renames it, adds intents, skips duplicates (§10.4 import-json)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'before', type: 'internal', language: 'fr', template: 'handoff' });
      const response = await importFile(tenant, bot._id, '', fixture('faq-bot.json'));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body._id, bot._id);
      assert.equal(response.body.name, 'examplebot');
      assert.equal(response.body.language, 'en');
      assert.equal(response.body.description, 'Answers the usual questions');
      const intents = await intentsOf(t, tenant, bot._id);
      // start and defaultFallback already existed: skipped; opening_hours added.
      assert.deepEqual(
        intents.map((intent) => intent.intent_display_name),
        ['start', 'agent_handoff', 'defaultFallback', 'opening_hours'],
      );
      assert.equal(intents[0].answer, 'Hello');
      assert.match(intents[2].answer, /^I can not provide/);
    });

    it('overwrites intents with the same display name with overwrite=true', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'handoff' });
      const before = await intentsOf(t, tenant, bot._id);
      const response = await importFile(tenant, bot._id, '?overwrite=true', fixture('faq-bot.json'));
      assert.equal(response.status, 200, response.text);
      const intents = await intentsOf(t, tenant, bot._id);
      assert.equal(intents.length, 4);
      const fallback = intents.find((intent) => intent.intent_display_name === 'defaultFallback');
      const previous = before.find((intent) => intent.intent_display_name === 'defaultFallback');
      assert.equal(fallback._id, previous._id);
      assert.equal(fallback.intent_id, previous.intent_id);
      assert.match(fallback.answer, /^Sorry, I did not get that/);
    });

    it('replaces all intents with replace=true (§10.4 replace-all-intents)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'tilebot', template: 'empty' });
      assert.deepEqual(await intentsOf(t, tenant, bot._id), []);
      await importFile(tenant, bot._id, '', fixture('webhook-flow.json'));
      const response = await importFile(tenant, bot._id, '?replace=true', fixture('faq-bot.json'));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.name, 'examplebot');
      assert.deepEqual(
        (await intentsOf(t, tenant, bot._id)).map((intent) => intent.intent_display_name),
        ['start', 'opening_hours', 'defaultFallback'],
      );
    });

    it('takes the file as a raw JSON body too', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'b', type: 'internal', template: 'empty' });
      const response = await t.http('POST', `/${tenant.projectId}/bots/importjson/${bot._id}`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: fixture('faq-bot.json'),
      });
      assert.equal(response.status, 200, response.text);
      assert.equal((await intentsOf(t, tenant, bot._id)).length, 3);
    });

    it('refuses invalid JSON and files that are not bots with a 422, changing nothing', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'keep', type: 'internal', template: 'handoff' });
      const badIntent = JSON.parse(fixture('faq-bot.json'));
      badIntent.intents[2].actions = 'not a list';
      const cases: Array<[string, string, RegExp]> = [
        ['', '{"name": "broken",', /^Invalid JSON: /],
        ['', '[1, 2]', /^Not a bot: expected a JSON object/],
        ['', '{"hello": "world"}', /^Not a bot: the file has none of/],
        ['', '{"name": 42}', /^Not a bot: name must be string/],
        ['', JSON.stringify(badIntent), /^Not a bot: intents\.2\.actions /],
        ['?create=true', '{"intents": []}', /^Not a bot: name is required/],
        ['?create=true', '{"name": "x", "type": "identity"}', /^Not a bot: type /],
      ];
      for (const [query, content, message] of cases) {
        const response = await importFile(tenant, bot._id, query, content);
        assert.equal(response.status, 422, `${content}: ${response.text}`);
        assert.equal(response.body.success, false);
        assert.match(response.body.msg, message);
      }
      const raw = await t.http('POST', `/${tenant.projectId}/bots/importjson/${bot._id}`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: '{"name": "half',
      });
      assert.equal(raw.status, 422);
      assert.match(raw.body.msg, /^Invalid JSON/);
      const form = await multipartBody({ note: 'no file here' }, {});
      const noFile = await t.http('POST', `/${tenant.projectId}/bots/importjson/${bot._id}`, {
        headers: { ...tenant.owner.basic, ...form.headers },
        payload: form.payload,
      });
      assert.equal(noFile.status, 422);

      const read = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.name, 'keep');
      assert.equal((await intentsOf(t, tenant, bot._id)).length, 3);
      const list = await t.http('GET', `/${tenant.projectId}/bots`, { headers: tenant.owner.basic });
      assert.equal(list.body.length, 1);
    });

    it('checks every intent before writing anything', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'keep', type: 'internal', template: 'empty' });
      const file = JSON.parse(fixture('faq-bot.json'));
      file.intents[1].language = 'not a language!';
      const response = await importFile(tenant, bot._id, '', JSON.stringify(file));
      assert.equal(response.status, 422);
      const read = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.name, 'keep');
      assert.deepEqual(await intentsOf(t, tenant, bot._id), []);
    });

    it('answers 404 for a bot of another project, and leaves both projects unchanged', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'theirs', type: 'internal', template: 'empty' });
      const response = await importFile(b, bot._id, '', fixture('faq-bot.json'));
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { success: false, message: `Chatbot not found with id ${bot._id}` });
      assert.deepEqual(await intentsOf(t, a, bot._id), []);
      const agent = await addMember(t, a, 'agent');
      const { payload, headers } = await multipartBody({}, { uploadFile: { content: '{}', filename: 'b.json' } });
      const asAgent = await t.http('POST', `/${a.projectId}/bots/importjson/null?create=true`, {
        headers: { ...agent.basic, ...headers },
        payload,
      });
      assert.equal(asAgent.status, 403);
    });

    it('round-trips: export then import into another project gives an identical bot', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, {
        name: 'Round trip',
        type: 'tilebot',
        template: 'blank',
        language: 'it',
        description: 'travels well',
        webhook_enabled: true,
        webhook_url: 'https://hooks.example.test/rt',
        attributes: { variables: { x: 'x' } },
      });
      const [first] = await intentsOf(t, a, bot._id);
      await t.http('PUT', `/${a.projectId}/faq/${first._id}`, {
        headers: a.owner.basic,
        body: { id_faq_kb: bot._id, agents_available: true, form: { fields: [] }, topic: 'custom' },
      });
      const exported = await exportBot(a, bot._id);
      const imported = await importFile(b, 'null', '?create=true', exported.text);
      assert.equal(imported.status, 200, imported.text);
      const again = await exportBot(b, imported.body._id);
      assert.deepEqual(again.body, exported.body);
      assert.equal(imported.body.id_project, b.projectId);
      assert.notEqual(imported.body._id, bot._id);
    });
  });

  describe('fork', () => {
    it('forks a bot with all its intents into the current project, by POST and by PUT', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'original', type: 'internal', template: 'example' });
      for (const method of ['POST', 'PUT']) {
        const response = await t.http(method, `/${tenant.projectId}/faq_kb/fork/${bot._id}?public=false`, {
          headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.message, 'Chatbot forked successfully');
        assert.notEqual(response.body.bot_id, bot._id);
        const fork = await t.http('GET', `/${tenant.projectId}/bots/${response.body.bot_id}`, {
          headers: tenant.owner.basic,
        });
        assert.equal(fork.body.name, 'original');
        assert.match(fork.body.slug, /^original-\d$/);
        const intents = await intentsOf(t, tenant, response.body.bot_id);
        assert.equal(intents.length, 15);
        const originals = await intentsOf(t, tenant, bot._id);
        assert.deepEqual(
          intents.map((intent) => [intent.intent_display_name, intent.question, intent.answer]),
          originals.map((intent) => [intent.intent_display_name, intent.question, intent.answer]),
        );
      }
      const list = await t.http('GET', `/${tenant.projectId}/bots`, { headers: tenant.owner.basic });
      assert.equal(list.body.length, 3);
    });

    it('forks into another project where the caller is admin (§10.4 fork-chatbot-private)', async () => {
      const current = await newTenant(t);
      const landing = await newTenant(t);
      await t.http('POST', `/${landing.projectId}/project_users/invite`, {
        headers: landing.owner.basic,
        body: { email: current.owner.email, role: 'admin' },
      });
      const bot = await createBot(t, current, {
        name: 'traveller',
        type: 'tilebot',
        template: 'blank',
        attributes: { globals: [{ key: 'TOKEN', value: 'x' }], keep: true },
      });
      const response = await t.http(
        'POST',
        `/${current.projectId}/faq_kb/fork/${bot._id}?public=false&projectid=${landing.projectId}`,
        { headers: current.owner.basic },
      );
      assert.equal(response.status, 200, response.text);
      const fork = await t.http('GET', `/${landing.projectId}/bots/${response.body.bot_id}`, {
        headers: landing.owner.basic,
      });
      assert.equal(fork.status, 200);
      assert.equal(fork.body.id_project, landing.projectId);
      assert.equal(fork.body.slug, 'traveller');
      assert.deepEqual(fork.body.attributes, { keep: true });
      const intents = await intentsOf(t, landing, response.body.bot_id);
      assert.equal(intents.length, 3);
      assert.equal(intents[1].actions[0].intentName, `#${intents[2].intent_id}`);
    });

    it('refuses to fork into a project where the caller is not admin or not a member', async () => {
      const current = await newTenant(t);
      const landing = await newTenant(t);
      const bot = await createBot(t, current, { name: 'stay', type: 'internal', template: 'blank' });
      const url = `/${current.projectId}/faq_kb/fork/${bot._id}?projectid=${landing.projectId}`;
      const notMember = await t.http('POST', url, { headers: current.owner.basic });
      assert.equal(notMember.status, 403);
      assert.deepEqual(notMember.body, { success: false, msg: 'you dont belong to the project.' });
      await t.http('POST', `/${landing.projectId}/project_users/invite`, {
        headers: landing.owner.basic,
        body: { email: current.owner.email, role: 'agent' },
      });
      const notAdmin = await t.http('POST', url, { headers: current.owner.basic });
      assert.equal(notAdmin.status, 403);
      assert.deepEqual(notAdmin.body, { success: false, msg: 'you dont have the required role.' });
      const invalid = await t.http('POST', `/${current.projectId}/faq_kb/fork/${bot._id}?projectid=nope`, {
        headers: current.owner.basic,
      });
      assert.equal(invalid.status, 400);
      const landingBots = await t.http('GET', `/${landing.projectId}/bots`, { headers: landing.owner.basic });
      assert.deepEqual(landingBots.body, []);
    });

    it('forks a public bot of another project only with public=true (§10.4 fork-chatbot-public)', async () => {
      const owner = await newTenant(t);
      const other = await newTenant(t);
      const bot = await createBot(t, owner, { name: 'template', type: 'internal', template: 'handoff' });
      const url = (pub: string) => `/${other.projectId}/bots/fork/${bot._id}?public=${pub}`;

      const privateBot = await t.http('POST', url('true'), { headers: other.owner.basic });
      assert.equal(privateBot.status, 404);
      assert.deepEqual(privateBot.body, { success: false, error: 'Unable to get chatbot to be forked' });

      await t.http('PUT', `/${owner.projectId}/bots/${bot._id}`, {
        headers: owner.owner.basic,
        body: { public: true },
      });
      const notAsked = await t.http('POST', url('false'), { headers: other.owner.basic });
      assert.equal(notAsked.status, 404);
      const forked = await t.http('POST', url('true'), { headers: other.owner.basic });
      assert.equal(forked.status, 200, forked.text);
      const fork = await t.http('GET', `/${other.projectId}/bots/${forked.body.bot_id}`, {
        headers: other.owner.basic,
      });
      assert.equal(fork.body.public, false);
      assert.equal(fork.body.createdBy, other.owner.id);
      assert.equal((await intentsOf(t, other, forked.body.bot_id)).length, 3);
      assert.equal((await intentsOf(t, owner, bot._id)).length, 3);
    });

    it('lets only admins fork', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const bot = await createBot(t, tenant, { name: 'x', type: 'internal' });
      const response = await t.http('POST', `/${tenant.projectId}/bots/fork/${bot._id}`, { headers: agent.basic });
      assert.equal(response.status, 403);
    });
  });
});
