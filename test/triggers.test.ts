import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  createDepartment,
  getRequest,
  messagesOf,
  newRequestId,
  ownerOffline,
  updateProject,
} from './helpers/conversations.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { closedPort } from './helpers/bot-engine.js';
import { STOCK_LANGUAGES } from '../src/modules/labels/labels.defaults.js';
import { MAX_DEPTH } from '../src/modules/triggers/trigger-runner.js';

const label = (lang: string, key: string) =>
  STOCK_LANGUAGES.find((entry) => entry.lang === lang)!.data[key as keyof object] as string;

const DEFAULT_CODES = [
  's_new_conversation_01',
  's_online_welcome_01',
  's_offline_welcome_01',
  's_closed_operating_hours_01',
  's_invite_bot_01',
  's_checkout_page_01',
  's_ticketing_taking_01',
];

describe('triggers', () => {
  let t: TestApp;
  before(async () => {
    // The test runs the jobs itself: a trigger's run is a job, done when runDue returns.
    t = await startTestApp({}, { startWorkers: false });
  });
  after(() => t.close());

  const base = (tenant: Tenant) => `/${tenant.projectId}/modules/triggers`;
  const runJobs = async () => {
    await t.context.jobs.runDue();
    await t.context.events.drain();
  };
  const create = async (tenant: Tenant, body: Record<string, unknown>) => {
    const response = await t.http('POST', base(tenant), { headers: tenant.owner.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };
  const failures = async (tenant: Tenant, triggerId?: string) => {
    const response = await t.http('GET', `${base(tenant)}/logs`, {
      headers: tenant.owner.basic,
      ...(triggerId && { query: { trigger_id: triggerId } }),
    });
    assert.equal(response.status, 200, response.text);
    return response.body as Array<{ trigger_id: string; event: string; action?: string; error: string }>;
  };
  /** A visitor opens a conversation as Tiledesk's widget does: a hidden "welcome" (status 50). */
  const widgetOpens = async (tenant: Tenant, language: string) => {
    const visitor = await anonymous(t, tenant.projectId, 'Visitor');
    const requestId = newRequestId(tenant.projectId);
    const response = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: 'welcome', request_status: 50, preflight: true, language },
    });
    assert.equal(response.status, 200, response.text);
    await runJobs();
    return { visitor, requestId };
  };
  const greetingsIn = async (tenant: Tenant, requestId: string) =>
    (await messagesOf(t, tenant, requestId)).filter((m) => m.sender === 'system').map((m) => m.text);

  describe('the API', () => {
    it("gives a new project Tiledesk's default triggers", async () => {
      const tenant = await newTenant(t);
      const list = await t.http('GET', base(tenant), { headers: tenant.owner.basic });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.map((trigger: { code: string }) => trigger.code).sort(), [...DEFAULT_CODES].sort());
      const online = list.body.find((trigger: { code: string }) => trigger.code === 's_online_welcome_01');
      assert.equal(online.id_project, tenant.projectId);
      assert.equal(online.createdBy, 'system');
      assert.deepEqual(online.trigger, {
        key: 'request.create',
        name: 'Request create event',
        description: 'Standard request create event',
      });
      assert.deepEqual(online.actions, [
        { key: 'message.send', parameters: { text: '${LABEL_FIRST_MSG}', fullName: 'Bot' } },
      ]);
      assert.equal(online.conditions.all.length, 5);
      assert.deepEqual(online.conditions.any, []);
      assert.equal(list.body.find((trigger: { code: string }) => trigger.code === 's_checkout_page_01').enabled, false);
    });

    it('creates, reads, changes and deletes a trigger, keeping only the fields it knows', async () => {
      const tenant = await newTenant(t);
      const created = await create(tenant, {
        name: 'Tag VIPs',
        description: 'tags conversations of VIPs',
        trigger: { key: 'request.create', name: 'Request create' },
        conditions: { all: [{ fact: 'json', path: 'lead.attributes.vip', operator: 'equal', value: true, extra: 1 }] },
        actions: [{ key: 'request.tags.add', parameters: { tag: 'vip' } }],
        id_project: 'elsewhere',
        createdBy: 'mallory',
        code: 's_online_welcome_01',
      });
      assert.equal(created.name, 'Tag VIPs');
      assert.equal(created.id_project, tenant.projectId);
      assert.equal(created.createdBy, tenant.owner.id);
      assert.equal(created.code, undefined);
      assert.equal(created.enabled, true);
      assert.deepEqual(created.conditions.all, [
        { fact: 'json', path: 'lead.attributes.vip', operator: 'equal', value: true },
      ]);
      assert.equal(created._id, created.id);

      const url = `${base(tenant)}/${created._id}`;
      assert.deepEqual((await t.http('GET', url, { headers: tenant.owner.basic })).body, created);
      const changed = await t.http('PUT', url, { headers: tenant.owner.basic, body: { enabled: false, name: 'VIPs' } });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.enabled, false);
      assert.equal(changed.body.name, 'VIPs');
      assert.deepEqual(changed.body.actions, created.actions);

      const deleted = await t.http('DELETE', url, { headers: tenant.owner.basic });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(deleted.body._id, created._id);
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const gone = await t.http(method, url, { headers: tenant.owner.basic, ...(method === 'PUT' && { body: {} }) });
        assert.equal(gone.status, 404, `${method}: ${gone.text}`);
        assert.deepEqual(gone.body, { success: false, msg: 'Object not found.' });
      }
    });

    it('refuses bad bodies with a JSON error and writes nothing', async () => {
      const tenant = await newTenant(t);
      const valid = {
        name: 'x',
        trigger: { key: 'request.create' },
        actions: [{ key: 'message.send', parameters: { text: 'hi' } }],
      };
      const condition = { fact: 'json', path: 'status', operator: 'equal', value: 50 };
      const bad: Array<[string, unknown]> = [
        ['no name', { ...valid, name: undefined }],
        ['unknown event', { ...valid, trigger: { key: 'request.explode' } }],
        ['unknown action', { ...valid, actions: [{ key: 'rm.rf' }] }],
        ['unknown operator', { ...valid, conditions: { all: [{ ...condition, operator: 'regex' }] } }],
        ['unknown fact', { ...valid, conditions: { all: [{ ...condition, fact: 'env' }] } }],
        ['prototype path', { ...valid, conditions: { all: [{ ...condition, path: '__proto__.polluted' }] } }],
        ['too many conditions', { ...valid, conditions: { any: Array.from({ length: 21 }, () => condition) } }],
        ['too many actions', { ...valid, actions: Array.from({ length: 11 }, () => valid.actions[0]) }],
        ['huge value', { ...valid, conditions: { all: [{ ...condition, value: 'x'.repeat(3000) }] } }],
        ['message without text', { ...valid, actions: [{ key: 'message.send', parameters: {} }] }],
        ['sender not a bot', { ...valid, actions: [{ key: 'message.send', parameters: { text: 'x', sender: 'u1' } }] }],
        [
          'webhook not http',
          { ...valid, actions: [{ key: 'webhook.call', parameters: { url: 'file:///etc/passwd' } }] },
        ],
        ['route without department', { ...valid, actions: [{ key: 'request.department.route' }] }],
        ['name too long', { ...valid, name: 'n'.repeat(201) }],
      ];
      for (const [what, body] of bad) {
        const response = await t.http('POST', base(tenant), { headers: tenant.owner.basic, body });
        assert.equal(response.status, 422, `${what}: ${response.text}`);
        assert.ok(Array.isArray(response.body.errors), what);
      }
      const malformed = await t.http('POST', base(tenant), {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      assert.equal(malformed.status, 400, malformed.text);
      assert.equal(malformed.headers['content-type']?.toString().startsWith('application/json'), true);
      const list = await t.http('GET', base(tenant), { headers: tenant.owner.basic });
      assert.equal(list.body.length, DEFAULT_CODES.length);
    });

    it('admits admins of the project only', async () => {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const admin = await addMember(t, tenant, 'admin');
      const visitor = await anonymous(t, tenant.projectId);
      const [first] = (await t.http('GET', base(tenant), { headers: admin.basic })).body;
      assert.ok(first);
      for (const headers of [agent.basic, visitor.headers]) {
        assert.equal((await t.http('GET', base(tenant), { headers })).status, 403);
        assert.equal((await t.http('GET', `${base(tenant)}/logs`, { headers })).status, 403);
        const post = await t.http('POST', base(tenant), { headers, body: { name: 'x' } });
        assert.equal(post.status, 403);
      }
      // Another project's admin, in their own project's URL or in this one's.
      assert.equal((await t.http('GET', `${base(other)}/${first._id}`, { headers: other.owner.basic })).status, 404);
      assert.equal((await t.http('GET', `${base(tenant)}/${first._id}`, { headers: other.owner.basic })).status, 403);
      const put = await t.http('PUT', `${base(other)}/${first._id}`, {
        headers: other.owner.basic,
        body: { enabled: false },
      });
      assert.equal(put.status, 404);
      assert.equal((await t.http('DELETE', `${base(other)}/${first._id}`, { headers: other.owner.basic })).status, 404);
      assert.equal(
        (await t.http('GET', `${base(tenant)}/${first._id}`, { headers: admin.basic })).body.enabled,
        first.enabled,
      );
    });

    it('resets a default trigger by its code', async () => {
      const tenant = await newTenant(t);
      const list = (await t.http('GET', base(tenant), { headers: tenant.owner.basic })).body;
      const online = list.find((trigger: { code: string }) => trigger.code === 's_online_welcome_01');
      await t.http('PUT', `${base(tenant)}/${online._id}`, { headers: tenant.owner.basic, body: { enabled: false } });
      const reset = await t.http('PUT', `${base(tenant)}/s_online_welcome_01/reset`, { headers: tenant.owner.basic });
      assert.equal(reset.status, 200, reset.text);
      assert.equal(reset.body.enabled, true);
      assert.equal(reset.body.code, 's_online_welcome_01');
      const after = (await t.http('GET', base(tenant), { headers: tenant.owner.basic })).body;
      assert.equal(after.filter((trigger: { code: string }) => trigger.code === 's_online_welcome_01').length, 1);
      const unknown = await t.http('PUT', `${base(tenant)}/s_nothing/reset`, { headers: tenant.owner.basic });
      assert.equal(unknown.status, 404);
    });
  });

  describe('the default greetings', () => {
    it('greets in the visitor language when agents are online', async () => {
      const tenant = await newTenant(t);
      const english = await widgetOpens(tenant, 'en');
      assert.deepEqual(await greetingsIn(tenant, english.requestId), [label('EN', 'LABEL_FIRST_MSG')]);
      const italian = await widgetOpens(tenant, 'it-IT');
      assert.deepEqual(await greetingsIn(tenant, italian.requestId), [label('IT', 'LABEL_FIRST_MSG')]);
      const [greeting] = (await messagesOf(t, tenant, italian.requestId)).filter((m) => m.sender === 'system');
      assert.equal((greeting as { senderFullname?: string }).senderFullname, 'Bot');
    });

    it('says so when no agent is available', async () => {
      const tenant = await newTenant(t);
      await ownerOffline(t, tenant);
      const english = await widgetOpens(tenant, 'en');
      assert.deepEqual(await greetingsIn(tenant, english.requestId), [label('EN', 'LABEL_FIRST_MSG_NO_AGENTS')]);
      const italian = await widgetOpens(tenant, 'it');
      assert.deepEqual(await greetingsIn(tenant, italian.requestId), [label('IT', 'LABEL_FIRST_MSG_NO_AGENTS')]);
    });

    it('says the office is closed outside its hours', async () => {
      const tenant = await newTenant(t);
      await updateProject(t, tenant, { activeOperatingHours: true, operatingHours: JSON.stringify({ tzname: 'UTC' }) });
      const english = await widgetOpens(tenant, 'en');
      const closed = label('EN', 'LABEL_FIRST_MSG_OPERATING_HOURS_CLOSED');
      assert.deepEqual(await greetingsIn(tenant, english.requestId), [closed]);
      const italian = await widgetOpens(tenant, 'it');
      assert.deepEqual(await greetingsIn(tenant, italian.requestId), [
        label('IT', 'LABEL_FIRST_MSG_OPERATING_HOURS_CLOSED'),
      ]);
    });

    it("uses the project's own labels when it has them", async () => {
      const tenant = await newTenant(t);
      const data = { ...STOCK_LANGUAGES.find((entry) => entry.lang === 'IT')!.data, LABEL_FIRST_MSG: 'Ciao da noi!' };
      const saved = await t.http('POST', `/${tenant.projectId}/labels`, {
        headers: tenant.owner.basic,
        body: { lang: 'IT', data },
      });
      assert.equal(saved.status, 200, saved.text);
      const italian = await widgetOpens(tenant, 'it');
      assert.deepEqual(await greetingsIn(tenant, italian.requestId), ['Ciao da noi!']);
    });

    it("opens the widget's hidden conversation on a new_conversation event, then greets", async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId, 'Visitor');
      const requestId = newRequestId(tenant.projectId);
      const event = await t.http('POST', `/${tenant.projectId}/events`, {
        headers: visitor.headers,
        body: { name: 'new_conversation', attributes: { request_id: requestId, language: 'it' } },
      });
      assert.equal(event.status, 200, event.text);
      await runJobs();
      const request = await getRequest(t, tenant, requestId);
      assert.equal(request.status, 50);
      assert.equal(request.first_text, 'welcome');
      assert.equal(request.preflight, true);
      assert.equal(request.lead.lead_id, visitor.id);
      assert.deepEqual(await greetingsIn(tenant, requestId), [label('IT', 'LABEL_FIRST_MSG')]);
    });

    it('leaves ordinary conversations alone', async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId, 'Visitor');
      const requestId = newRequestId(tenant.projectId);
      await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: 'hello' },
      });
      await runJobs();
      assert.deepEqual(await greetingsIn(tenant, requestId), []);
      assert.deepEqual(await failures(tenant), []);
    });

    it('launches the department bot instead when the department has one', async () => {
      const tenant = await newTenant(t);
      const bot = await createBot(t, tenant);
      const department = await createDepartment(t, tenant, { name: 'Bots', id_bot: bot.id });
      const visitor = await anonymous(t, tenant.projectId);
      const requestId = newRequestId(tenant.projectId);
      await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: 'welcome', request_status: 50, departmentid: department._id },
      });
      await runJobs();
      const request = await getRequest(t, tenant, requestId);
      assert.deepEqual(request.participants, [bot.participant]);
      const messages = await messagesOf(t, tenant, requestId);
      assert.ok(messages.some((m) => m.sender === 'system' && m.text === '/start' && m.attributes?.subtype === 'info'));
      assert.equal(messages.filter((m) => m.text?.includes('operator')).length, 0);
    });
  });

  describe('custom triggers', () => {
    it('runs each kind of action on a matching visitor message', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const bot = await createBot(t, tenant);
      const sales = await createDepartment(t, tenant, { name: 'Sales' });
      const receiver = await startReceiver();
      try {
        const trigger = await create(tenant, {
          name: 'Pricing',
          trigger: { key: 'message.create.from.requester' },
          conditions: {
            all: [{ fact: 'json', path: 'text', operator: 'contains', value: 'price' }],
            any: [
              { fact: 'json', path: 'request.language', operator: 'in', value: ['en', 'it'] },
              { fact: 'json', path: 'request.lead.fullname', operator: 'equal', value: 'Nobody' },
            ],
          },
          actions: [
            { key: 'request.department.route', parameters: { departmentid: sales._id } },
            { key: 'request.tags.add', parameters: { tag: 'pricing' } },
            { key: 'request.participants.join', parameters: { member: agent.id } },
            { key: 'message.send', parameters: { text: 'Our prices:tdk_msg_subtype_info' } },
            { key: 'message.send', parameters: { text: 'Hi!', sender: bot.participant, fullName: 'Pricing bot' } },
            { key: 'webhook.call', parameters: { url: receiver.url } },
          ],
        });
        const visitor = await anonymous(t, tenant.projectId, 'Visitor');
        const requestId = newRequestId(tenant.projectId);
        const post = (text: string) =>
          t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
            headers: visitor.headers,
            body: { text, language: 'en' },
          });
        assert.equal((await post('hello')).status, 200);
        await runJobs();
        assert.deepEqual((await getRequest(t, tenant, requestId)).tags, []);

        assert.equal((await post('what is the price?')).status, 200);
        await runJobs();
        const request = await getRequest(t, tenant, requestId);
        assert.equal(request.department._id, sales._id);
        assert.deepEqual(
          request.tags.map((tag: { tag: string }) => tag.tag),
          ['pricing'],
        );
        assert.ok(request.participants.includes(agent.id), JSON.stringify(request.participants));
        const messages = await messagesOf(t, tenant, requestId);
        const info = messages.find((m) => m.text === 'Our prices');
        assert.equal(info?.sender, 'system');
        assert.equal(info?.attributes?.subtype, 'info');
        assert.equal(messages.find((m) => m.text === 'Hi!')?.sender, bot.participant);
        assert.equal(receiver.calls.length, 1);
        assert.equal(receiver.calls[0]!.body.event, 'message.create.from.requester');
        assert.equal(receiver.calls[0]!.body.payload.text, 'what is the price?');
        assert.equal(receiver.calls[0]!.body.hook._id, trigger._id);
        assert.deepEqual(await failures(tenant), []);

        // The trigger's own messages are not the visitor's: they fire nothing.
        assert.equal(messages.filter((m) => m.text === 'Hi!').length, 1);
      } finally {
        await receiver.close();
      }
    });

    it('closes and reopens conversations, and routes back to their department', async () => {
      const tenant = await newTenant(t);
      await create(tenant, {
        name: 'Bye',
        trigger: { key: 'message.create.from.requester' },
        conditions: { all: [{ fact: 'json', path: 'text', operator: 'equal', value: 'bye' }] },
        actions: [{ key: 'request.close' }],
      });
      await create(tenant, {
        name: 'Back',
        trigger: { key: 'message.create.from.requester' },
        conditions: { all: [{ fact: 'json', path: 'text', operator: 'equal', value: 'back' }] },
        actions: [{ key: 'request.reopen' }, { key: 'request.department.route.self' }],
      });
      const visitor = await anonymous(t, tenant.projectId);
      const requestId = newRequestId(tenant.projectId);
      const post = (text: string) =>
        t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
          headers: visitor.headers,
          body: { text },
        });
      await post('bye');
      await runJobs();
      assert.equal((await getRequest(t, tenant, requestId)).status, 1000);
      await post('back');
      await runJobs();
      assert.equal((await getRequest(t, tenant, requestId)).status, 200);
      assert.deepEqual(await failures(tenant), []);
    });
  });

  describe('failures', () => {
    it('leave the conversation intact and are logged for the admins', async () => {
      const tenant = await newTenant(t);
      const port = await closedPort();
      const trigger = await create(tenant, {
        name: 'Broken',
        trigger: { key: 'request.create' },
        conditions: { all: [{ fact: 'json', path: 'first_text', operator: 'equal', value: 'help' }] },
        actions: [
          { key: 'webhook.call', parameters: { url: `http://127.0.0.1:${port}/hook` } },
          { key: 'request.department.route', parameters: { departmentid: '0123456789abcdef01234567' } },
          { key: 'request.tags.add', parameters: { tag: 'still-runs' } },
        ],
      });
      const visitor = await anonymous(t, tenant.projectId);
      const requestId = newRequestId(tenant.projectId);
      const posted = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: 'help' },
      });
      assert.equal(posted.status, 200, posted.text);
      await runJobs();

      const request = await getRequest(t, tenant, requestId);
      assert.equal(request.status, 200);
      assert.deepEqual(
        request.tags.map((tag: { tag: string }) => tag.tag),
        ['still-runs'],
      );
      assert.deepEqual(
        (await messagesOf(t, tenant, requestId)).map((m) => m.text),
        ['help'],
      );
      const logged = await failures(tenant, trigger._id);
      assert.deepEqual(
        logged.map((failure) => [failure.event, failure.action]),
        [
          ['request.create', 'request.department.route'],
          ['request.create', 'webhook.call'],
        ],
      );
      assert.match(logged[0]!.error, /Department not found/);
      assert.equal((logged[0] as { request_id?: string }).request_id, requestId);
      // Nobody else sees them.
      const other = await newTenant(t);
      assert.deepEqual(await failures(other), []);
    });

    it('stop a chain of triggers that would go on and on', async () => {
      const tenant = await newTenant(t);
      // Each visitor message "again" opens a new conversation whose first message is "again".
      const trigger = await create(tenant, {
        name: 'Echo chamber',
        trigger: { key: 'message.create.from.requester' },
        conditions: { all: [{ fact: 'json', path: 'text', operator: 'equal', value: 'again' }] },
        actions: [{ key: 'request.create', parameters: { text: 'again' } }],
      });
      const visitor = await anonymous(t, tenant.projectId);
      const requestId = newRequestId(tenant.projectId);
      await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: 'again' },
      });
      await runJobs();
      await runJobs();
      const mine = await t.http('GET', `/${tenant.projectId}/requests/me`, { headers: visitor.headers });
      assert.equal(mine.status, 200, mine.text);
      // The visitor's conversation, and one per level of the chain.
      assert.equal(mine.body.requests.length, 1 + MAX_DEPTH);
      const logged = await failures(tenant, trigger._id);
      assert.equal(logged.length, 1);
      assert.match(logged[0]!.error, /loop guard/);
    });
  });
});
