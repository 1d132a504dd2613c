import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, intentsOf } from './helpers/bots.js';
import type { DomainEvent } from '../src/platform/events/event-bus.js';

describe('bots (/bots and /faq_kb)', () => {
  let t: TestApp;
  const events: DomainEvent[] = [];
  before(async () => {
    t = await startTestApp();
    t.context.events.on('*', (event) => {
      if (event.name.startsWith('faqbot.') || event.name.startsWith('faq.')) events.push(event);
    });
  });
  after(() => t.close());

  describe('create and read', () => {
    it('creates a bot (200, its secret only in this response) and reads it back (§10.4 create-new-chatbot)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'testbot', type: 'external', language: 'fr' });
      assert.equal(bot.name, 'testbot');
      assert.equal(bot.language, 'fr');
      assert.equal(bot.type, 'external');
      assert.equal(bot.public, false);
      assert.equal(bot.certified, false);
      assert.equal(bot.trashed, false);
      assert.equal(bot.id_project, tenant.projectId);
      assert.equal(bot.createdBy, tenant.owner.id);
      assert.equal(bot.slug, 'testbot');
      assert.match(bot._id, /^[0-9a-f]{24}$/);
      assert.equal(typeof bot.secret, 'string');
      assert.ok(bot.secret.length >= 32);

      const read = await t.http('GET', `/${tenant.projectId}/faq_kb/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(read.status, 200);
      assert.equal(read.body.name, 'testbot');
      assert.equal(read.body.secret, undefined);
      const viaBots = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.deepEqual(viaBots.body, read.body);

      const list = await t.http('GET', `/${tenant.projectId}/bots`, { headers: tenant.owner.basic });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((b: any) => b.name),
        ['testbot'],
      );
      assert.equal(list.body[0].secret, undefined);
      assert.equal(list.body[0].url, undefined);
    });

    it('gives every bot its own random secret', async () => {
      const tenant = await newTenant(t);
      const first = await createBot(t, tenant, { name: 'one' });
      const second = await createBot(t, tenant, { name: 'two' });
      assert.notEqual(first.secret, second.secret);
    });

    it('answers 404 with the reference body for an unknown bot', async () => {
      const tenant = await newTenant(t);
      const id = '65f0c0ffee0000000000beef';
      const response = await t.http('GET', `/${tenant.projectId}/bots/${id}`, { headers: tenant.owner.basic });
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, {
        success: false,
        msg: `Chatbot not found with id ${id} for project ${tenant.projectId}`,
      });
    });

    it('stores an external bot url and refuses a url that is not http(s)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'ext', type: 'external', url: 'https://bots.example.test/hook' });
      assert.equal(bot.url, 'https://bots.example.test/hook');
      const bad = await t.http('POST', `/${tenant.projectId}/bots`, {
        headers: tenant.owner.basic,
        body: { name: 'ext', type: 'external', url: 'file:///etc/passwd' },
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.errors[0].param, 'url');
    });

    it('validates the body: name required, known types only, no mass assignment', async () => {
      const tenant = await newTenant(t);
      const headers = tenant.owner.basic;
      const noName = await t.http('POST', `/${tenant.projectId}/bots`, { headers, body: { type: 'internal' } });
      assert.equal(noName.status, 422);
      assert.equal(noName.body.errors[0].param, 'name');
      const identity = await t.http('POST', `/${tenant.projectId}/bots`, {
        headers,
        body: { name: 'x', type: 'identity' },
      });
      assert.equal(identity.status, 422);
      const malformed = await t.http('POST', `/${tenant.projectId}/bots`, {
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      assert.equal(malformed.status, 400);

      const bot = await createBot(t, tenant, {
        name: 'sneaky',
        secret: 'chosen',
        id_project: '65f0c0ffee0000000000beef',
        createdBy: 'someone',
        public: true,
        certified: true,
        trashed: true,
      });
      assert.notEqual(bot.secret, 'chosen');
      assert.equal(bot.id_project, tenant.projectId);
      assert.equal(bot.createdBy, tenant.owner.id);
      assert.equal(bot.public, false);
      assert.equal(bot.certified, false);
      assert.equal(bot.trashed, false);
    });

    it('lets agents list a reduced view of the bots offered to them, but not create (§10.4)', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const offered = await createBot(t, tenant, { name: 'offered', type: 'external', language: 'fr' });
      await createBot(t, tenant, { name: 'hidden', type: 'external' });
      const put = await t.http('PUT', `/${tenant.projectId}/faq_kb/${offered._id}`, {
        headers: tenant.owner.basic,
        body: { agents_available: true },
      });
      assert.equal(put.status, 200);

      const list = await t.http('GET', `/${tenant.projectId}/faq_kb`, { headers: agent.basic });
      assert.equal(list.status, 200);
      assert.equal(list.body.length, 1);
      assert.equal(list.body[0].name, 'offered');
      for (const field of ['webhook_enabled', 'intentsEngine', 'score', 'url', 'attributes', 'trained', 'createdBy']) {
        assert.equal(list.body[0][field], undefined, field);
      }
      assert.equal(list.body[0].createdAt, undefined);

      const create = await t.http('POST', `/${tenant.projectId}/faq_kb`, {
        headers: agent.basic,
        body: { name: 'mine', type: 'internal' },
      });
      assert.equal(create.status, 403);
      assert.deepEqual(create.body, { success: false, msg: 'you dont have the required role.' });
      const read = await t.http('GET', `/${tenant.projectId}/faq_kb/${offered._id}`, { headers: agent.basic });
      assert.equal(read.status, 403);
    });

    it('filters the list by text (stemmed), public and certified, and hides trashed bots', async () => {
      const tenant = await newTenant(t);
      const helper = await createBot(t, tenant, { name: 'Helper', description: 'Answers billing questions' });
      await createBot(t, tenant, { name: 'Greeter', description: 'Says hello' });
      const trashed = await createBot(t, tenant, { name: 'Old billing bot' });
      await t.http('PUT', `/${tenant.projectId}/bots/${trashed._id}`, {
        headers: tenant.owner.basic,
        body: { trashed: true },
      });
      await t.http('PUT', `/${tenant.projectId}/bots/${helper._id}`, {
        headers: tenant.owner.basic,
        body: { public: true, tags: ['payments'] },
      });
      const names = async (query: string) => {
        const response = await t.http('GET', `/${tenant.projectId}/bots?${query}`, { headers: tenant.owner.basic });
        assert.equal(response.status, 200, response.text);
        return response.body.map((b: any) => b.name);
      };
      assert.deepEqual(await names('text=billing'), ['Helper']);
      assert.deepEqual(await names('text=question'), ['Helper']);
      assert.deepEqual(await names('text=payments'), ['Helper']);
      assert.deepEqual(await names('text=hello%20nothing'), ['Greeter']);
      assert.deepEqual(await names('public=true'), ['Helper']);
      assert.deepEqual(await names('public=false'), ['Greeter']);
      assert.deepEqual(await names('certified=true'), []);
      assert.deepEqual(await names('all=true'), ['Helper', 'Greeter']);
      const bad = await t.http('GET', `/${tenant.projectId}/bots?public=maybe`, { headers: tenant.owner.basic });
      assert.equal(bad.status, 422);
    });
  });

  describe('templates', () => {
    it('creates the intents of each template for internal and tilebot bots', async () => {
      const tenant = await newTenant(t);
      const names = async (body: Record<string, unknown>) => {
        const bot = await createBot(t, tenant, { name: 'templated', ...body });
        return (await intentsOf(t, tenant, bot._id)).map((intent) => intent.intent_display_name);
      };
      const example = await names({ type: 'internal', template: 'example' });
      assert.equal(example.length, 15);
      for (const name of ['agent_handoff', 'start', 'defaultFallback', 'action1', 'yes_action', 'no_action']) {
        assert.ok(example.includes(name), name);
      }
      assert.deepEqual(await names({ type: 'internal', template: 'blank' }), ['defaultFallback', 'start', 'welcome']);
      assert.deepEqual(await names({ type: 'internal', template: 'handoff' }), [
        'start',
        'agent_handoff',
        'defaultFallback',
      ]);
      assert.deepEqual(await names({ type: 'internal', template: 'empty' }), []);
      // No template, or one the family lacks: the family's default (blank for chatbots).
      assert.deepEqual(await names({ type: 'internal' }), ['defaultFallback', 'start', 'welcome']);
      assert.deepEqual(await names({ type: 'tilebot', template: 'nonsense' }), ['defaultFallback', 'start', 'welcome']);
      assert.deepEqual(await names({ type: 'tilebot', subtype: 'webhook' }), ['webhook', 'response']);
      assert.deepEqual(await names({ type: 'tilebot', subtype: 'webhook', template: 'example' }), [
        'webhook',
        'response',
      ]);
      // Bots answered elsewhere get no intents.
      assert.deepEqual(await names({ type: 'external', template: 'example' }), []);
    });

    it('links the blank flow: start jumps to welcome by its intent id', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'flow', type: 'tilebot', template: 'blank' });
      assert.equal(bot.subtype, 'chatbot');
      const [fallback, start, welcome] = await intentsOf(t, tenant, bot._id);
      assert.equal(start.question, '\\start');
      assert.deepEqual(start.actions, [{ _tdActionType: 'intent', intentName: `#${welcome.intent_id}` }]);
      assert.equal(welcome.actions[0]._tdActionType, 'reply');
      assert.equal(welcome.actions[0].attributes.commands[1].message.text, 'Hi, how can I help you?');
      assert.equal(fallback.actions[0].text, "I didn't understand. Can you rephrase your question?");
      assert.deepEqual(start.attributes, { position: { x: 172, y: 384 } });
      assert.equal(welcome.language, 'en');
      assert.equal(welcome.agents_available, false);

      const again = await createBot(t, tenant, { name: 'flow', type: 'tilebot', template: 'blank' });
      const [, , otherWelcome] = await intentsOf(t, tenant, again._id);
      assert.notEqual(otherWelcome.intent_id, welcome.intent_id);
    });

    it('answers with the microlanguage in the handoff template, in the bot language', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'h', type: 'internal', template: 'handoff', language: 'it' });
      const [start, handoff, fallback] = await intentsOf(t, tenant, bot._id);
      assert.deepEqual([start.question, start.answer, start.topic], ['\\start', 'Hello', 'internal']);
      assert.match(handoff.answer, /\\agent$/);
      assert.equal(fallback.question, 'defaultFallback');
      assert.match(fallback.answer, /\n\* Back to start tdAction:start\n/);
      assert.equal(start.language, 'it');
    });

    it('blank_webhook answers "online" from its response block', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, {
        name: 'testflow',
        type: 'tilebot',
        subtype: 'webhook',
        template: 'blank_webhook',
        language: 'en',
      });
      assert.equal(bot.type, 'tilebot');
      assert.equal(bot.subtype, 'webhook');
      const [webhook, response] = await intentsOf(t, tenant, bot._id);
      assert.equal(webhook.actions[0].intentName, `#${response.intent_id}`);
      assert.deepEqual(response.actions[0], {
        _tdActionType: 'web_response',
        status: 200,
        bodyType: 'json',
        payload: '{"success": true , "message": "Your webhook is online!"}',
      });
    });
  });

  describe('slugs and updates', () => {
    it('gives new bots unique slugs with -N suffixes (§10.4 auto-slug)', async () => {
      const tenant = await newTenant(t);
      const body = { name: 'My Awesome Bot', type: 'internal', language: 'en', template: 'blank' };
      const slugs = [];
      for (let i = 0; i < 3; i++) slugs.push((await createBot(t, tenant, body)).slug);
      assert.deepEqual(slugs, ['my-awesome-bot', 'my-awesome-bot-1', 'my-awesome-bot-2']);
      const one = await createBot(t, tenant, { ...body, name: 'My Awesome Bot 1' });
      assert.equal(one.slug, 'my-awesome-bot-1-1');
      assert.equal((await createBot(t, tenant, { name: 'Crème brûlée_Bot!' })).slug, 'creme-brulee-bot');
      // Slugs are per project.
      const other = await newTenant(t);
      assert.equal((await createBot(t, other, body)).slug, 'my-awesome-bot');
    });

    it('updates allowed fields, keeps the slug unless asked, refuses a taken slug with 409/12001', async () => {
      const tenant = await newTenant(t);
      const first = await createBot(t, tenant, { name: 'My Awesome Bot' });
      const second = await createBot(t, tenant, { name: 'My Awesome Bot' });
      const renamed = await t.http('PUT', `/${tenant.projectId}/faq_kb/${first._id}`, {
        headers: tenant.owner.basic,
        body: { name: 'My Magician Bot', secret: 'chosen', createdBy: 'x', id_project: 'y', subtype: 'voice' },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'My Magician Bot');
      assert.equal(renamed.body.slug, 'my-awesome-bot');
      assert.equal(renamed.body.modified, true);
      assert.equal(renamed.body.createdBy, tenant.owner.id);
      assert.equal(renamed.body.subtype, undefined);
      assert.equal(renamed.body.secret, undefined);

      const taken = await t.http('PUT', `/${tenant.projectId}/faq_kb/${second._id}`, {
        headers: tenant.owner.basic,
        body: { slug: 'my-awesome-bot', name: 'not applied' },
      });
      assert.equal(taken.status, 409);
      assert.deepEqual(taken.body, {
        success: false,
        msg: 'Error updating object.',
        error: 'Slug already exists: my-awesome-bot',
        error_code: 12001,
      });
      const unchanged = await t.http('GET', `/${tenant.projectId}/faq_kb/${second._id}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(unchanged.body.name, 'My Awesome Bot');
      assert.equal(unchanged.body.slug, 'my-awesome-bot-1');

      const own = await t.http('PUT', `/${tenant.projectId}/faq_kb/${first._id}`, {
        headers: tenant.owner.basic,
        body: { slug: 'my-awesome-bot' },
      });
      assert.equal(own.status, 200);
      const fresh = await t.http('PUT', `/${tenant.projectId}/faq_kb/${second._id}`, {
        headers: tenant.owner.basic,
        body: {
          slug: 'Second Bot',
          tags: ['a', 'b'],
          description: 'desc',
          webhook_enabled: true,
          webhook_url: 'https://hooks.example.test/x',
          intentsEngine: 'tiledesk-ai',
          mainCategory: 'support',
          short_description: 'short',
          title: 'Title',
          certifiedTags: [{ name: 'x' }],
          trained: false,
        },
      });
      assert.equal(fresh.status, 200);
      assert.equal(fresh.body.slug, 'second-bot');
      assert.deepEqual(fresh.body.tags, ['a', 'b']);
      assert.equal(fresh.body.intentsEngine, 'tiledesk-ai');
      assert.equal(fresh.body.webhook_url, 'https://hooks.example.test/x');
      assert.equal(fresh.body.trained, false);
      assert.deepEqual(fresh.body.certifiedTags, [{ name: 'x' }]);
    });

    it('refuses invalid updates with 422 and changes nothing', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'steady' });
      for (const body of [
        { slug: '' },
        { name: '' },
        { webhook_enabled: 'yes' },
        { tags: [{ not: 'a string' }] },
        { type: 'identity' },
        { url: 'ftp://x' },
      ]) {
        const response = await t.http('PUT', `/${tenant.projectId}/bots/${bot._id}`, {
          headers: tenant.owner.basic,
          body: { description: 'not applied', ...body },
        });
        assert.equal(response.status, 422, JSON.stringify(body));
      }
      const read = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.description, undefined);
      assert.equal(read.body.modified, false);
    });

    it('sets the language of the bot and its intents (§10.4)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, {
        name: 'testbot',
        type: 'internal',
        template: 'example',
        language: 'en',
      });
      const response = await t.http('PUT', `/${tenant.projectId}/faq_kb/${bot._id}/language/it`, {
        headers: tenant.owner.basic,
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.name, 'testbot');
      assert.equal(response.body.language, 'it');
      const intents = await intentsOf(t, tenant, bot._id);
      assert.equal(intents.length, 15);
      assert.ok(intents.every((intent) => intent.language === 'it'));
      const bad = await t.http('PUT', `/${tenant.projectId}/faq_kb/${bot._id}/language/${encodeURIComponent('e n')}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(bad.status, 422);
    });

    it('merges attributes with PATCH /:id/attributes', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'a', attributes: { keep: 1, replace: 'old' } });
      const response = await t.http('PATCH', `/${tenant.projectId}/bots/${bot._id}/attributes`, {
        headers: tenant.owner.basic,
        body: { replace: 'new', added: { nested: true } },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.attributes, { keep: 1, replace: 'new', added: { nested: true } });
      const notObject = await t.http('PATCH', `/${tenant.projectId}/bots/${bot._id}/attributes`, {
        headers: tenant.owner.basic,
        body: ['x'],
      });
      assert.equal(notObject.status, 422);
    });
  });

  describe('trash and delete', () => {
    it('trashes a bot and its intents, frees its slug, and restores them (§10.4 logical-delete)', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'bin', type: 'tilebot', subtype: 'chatbot', template: 'blank' });
      const trashed = await t.http('PUT', `/${tenant.projectId}/faq_kb/${bot._id}`, {
        headers: tenant.owner.basic,
        body: { trashed: true },
      });
      assert.equal(trashed.status, 200);
      assert.equal(trashed.body.trashed, true);
      assert.ok(trashed.body.trashedAt);
      assert.match(trashed.body.slug, /^bin-trashed-\d+$/);

      const intents = await intentsOf(t, tenant, bot._id);
      assert.equal(intents.length, 3);
      assert.equal(intents[0].trashed, true);
      assert.ok(intents[0].trashedAt);

      const list = await t.http('GET', `/${tenant.projectId}/faq_kb`, { headers: tenant.owner.basic });
      assert.deepEqual(list.body, []);
      assert.equal((await createBot(t, tenant, { name: 'bin' })).slug, 'bin');

      const restored = await t.http('PUT', `/${tenant.projectId}/faq_kb/${bot._id}`, {
        headers: tenant.owner.basic,
        body: { trashed: false },
      });
      assert.equal(restored.body.trashed, false);
      assert.equal(restored.body.trashedAt, undefined);
      assert.ok((await intentsOf(t, tenant, bot._id)).every((intent) => intent.trashed === false));
    });

    it('deletes a bot and its intents for good (admins only)', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const bot = await createBot(t, tenant, { name: 'gone', type: 'internal', template: 'example' });
      const denied = await t.http('DELETE', `/${tenant.projectId}/bots/${bot._id}`, { headers: agent.basic });
      assert.equal(denied.status, 403);

      const response = await t.http('DELETE', `/${tenant.projectId}/bots/${bot._id}`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { success: true, message: `Chatbot with id ${bot._id} deleted successfully` });
      const read = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(read.status, 404);
      assert.deepEqual(await intentsOf(t, tenant, bot._id), []);
      const again = await t.http('DELETE', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      assert.equal(again.status, 404);
    });
  });

  describe('bot tokens', () => {
    it('issues a JWT signed with the bot secret that authenticates as the bot', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'signer', type: 'external', description: 'private words' });
      const response = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}/jwt`, { headers: tenant.owner.basic });
      assert.equal(response.status, 200);
      const claims = JSON.parse(Buffer.from(response.body.jwt.split('.')[1], 'base64url').toString());
      assert.equal(claims.sub, 'bot');
      assert.equal(claims.aud, `https://tiledesk.com/bots/${bot._id}`);
      assert.equal(claims.iss, 'https://tiledesk.com');
      assert.equal(claims._id, bot._id);
      assert.equal(claims.name, 'signer');
      assert.equal(claims.secret, undefined);
      assert.equal(claims.description, undefined);

      const asBot = { authorization: `JWT ${response.body.jwt}` };
      const list = await t.http('GET', `/${tenant.projectId}/bots`, { headers: asBot });
      assert.equal(list.status, 200);
      const update = await t.http('PUT', `/${tenant.projectId}/bots/${bot._id}`, {
        headers: asBot,
        body: { description: 'by myself' },
      });
      assert.equal(update.status, 200);
      const create = await t.http('POST', `/${tenant.projectId}/bots`, { headers: asBot, body: { name: 'child' } });
      assert.equal(create.status, 403);

      const other = await newTenant(t);
      const elsewhere = await t.http('GET', `/${other.projectId}/bots`, { headers: asBot });
      assert.equal(elsewhere.status, 403);

      const agent = await addMember(t, tenant, 'agent');
      const agentJwt = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}/jwt`, { headers: agent.basic });
      assert.equal(agentJwt.status, 403);
    });
  });

  describe('events', () => {
    it('emits faqbot and faq events with the wire JSON, never the secret', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant, { name: 'evented', type: 'internal', template: 'handoff' });
      await t.http('PUT', `/${tenant.projectId}/bots/${bot._id}`, {
        headers: tenant.owner.basic,
        body: { name: 'e2' },
      });
      await t.http('DELETE', `/${tenant.projectId}/bots/${bot._id}`, { headers: tenant.owner.basic });
      await t.context.events.drain();
      const mine = events.filter((event) => event.projectId === tenant.projectId);
      assert.deepEqual(
        mine.map((event) => event.name),
        [
          'faqbot.create',
          'faq.create',
          'faq.create',
          'faq.create',
          'faqbot.update',
          'faq.delete',
          'faq.delete',
          'faq.delete',
          'faqbot.delete',
        ],
      );
      const created = mine[0].payload as Record<string, unknown>;
      assert.equal(created._id, bot._id);
      assert.equal(created.secret, undefined);
      assert.ok(mine.every((event) => !JSON.stringify(event.payload).includes(bot.secret)));
      assert.equal((mine[1].payload as Record<string, unknown>).id_faq_kb, bot._id);
    });
  });

  describe('across projects', () => {
    it('never reads or changes a bot of project A through project B', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const bot = await createBot(t, a, { name: 'private', type: 'internal', template: 'blank' });
      const headers = b.owner.basic;
      const base = `/${b.projectId}/bots/${bot._id}`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', base],
        ['PUT', base, { name: 'hijacked', trashed: true }],
        ['PUT', `${base}/language/de`],
        ['PATCH', `${base}/attributes`, { hijacked: true }],
        ['DELETE', base],
        ['GET', `${base}/jwt`],
      ];
      for (const [method, url, body] of calls) {
        const response = await t.http(method, url, { headers, body });
        assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
      }
      const list = await t.http('GET', `/${b.projectId}/bots`, { headers });
      assert.deepEqual(list.body, []);

      // Credentials of B on project A's URL: not a member.
      const direct = await t.http('GET', `/${a.projectId}/bots/${bot._id}`, { headers });
      assert.equal(direct.status, 403);
      assert.deepEqual(direct.body, { success: false, msg: 'you dont belong to the project.' });

      const intact = await t.http('GET', `/${a.projectId}/bots/${bot._id}`, { headers: a.owner.basic });
      assert.equal(intact.body.name, 'private');
      assert.equal(intact.body.trashed, false);
      assert.equal(intact.body.language, 'en');
      assert.equal(intact.body.attributes, undefined);
      assert.equal((await intentsOf(t, a, bot._id)).length, 3);
    });

    it('answers 400 for an invalid project and 401 without credentials', async () => {
      const tenant = await newTenant(t);
      const invalid = await t.http('GET', '/fake1234/faq_kb', { headers: tenant.owner.basic });
      assert.equal(invalid.status, 400);
      assert.deepEqual(invalid.body, { error: 'Invalid project id: fake1234' });
      const anonymous = await t.http('GET', `/${tenant.projectId}/bots`);
      assert.equal(anonymous.status, 401);
    });
  });
});
