/**
 * Tiledesk routes the widget and the dashboard call (issue 11): the visitor's close (PUT
 * /requests/:id/closeg), a flow bot's values for a conversation (GET
 * /requests/:id/chatbot/parameters), the owner's export of every message (GET /messages/csv), and
 * `full_text` finding what was said in open conversations.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, createRequest, newRequestId, recordEvents } from './helpers/conversations.js';
import { addIntent, createBot as createAnsweringBot, routeToBot, startConversation } from './helpers/bot-engine.js';

describe('requests: what the widget and the dashboard call', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A conversation a visitor opened, with the project's owner (available) as its agent. */
  async function visitorConversation(tenant: Tenant, text = 'hello') {
    const visitor = await anonymous(t, tenant.projectId, 'Vera');
    const requestId = newRequestId(tenant.projectId);
    const response = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text },
    });
    assert.equal(response.status, 200, response.text);
    return { visitor, requestId };
  }

  const statusOf = async (tenant: Tenant, requestId: string) =>
    (await t.http('GET', `/${tenant.projectId}/requests/${requestId}`, { headers: tenant.owner.basic })).body.status;

  describe('PUT /requests/:id/closeg', () => {
    it("closes the visitor's own conversation as /close does, and answers the visitor view", async () => {
      const tenant = await newTenant(t);
      const events = recordEvents(t);
      const { visitor, requestId } = await visitorConversation(tenant);
      const url = `/${tenant.projectId}/requests/${requestId}/closeg`;
      const response = await t.http('PUT', url, { headers: visitor.headers });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.request_id, requestId);
      assert.equal(response.body.status, 1000);
      assert.equal(response.body.closed_by, visitor.id);
      assert.ok(response.body.closed_at);
      for (const teamOnly of ['notes', 'tags', 'snapshot', 'transcript', 'duration', 'followers'])
        assert.equal(response.body[teamOnly], undefined, teamOnly);
      const closes = await events.of(tenant.projectId, 'request.close');
      assert.equal(closes.length, 1);
      assert.deepEqual(
        closes[0]!.payload.messages.map((m: any) => m.text),
        ['hello'],
      );
      const messages = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: tenant.owner.basic,
      });
      const closed = messages.body.at(-1);
      assert.equal(closed.text, 'Chat closed');
      assert.equal(closed.sender, 'system');
      assert.deepEqual(closed.attributes.messagelabel, { key: 'CHAT_CLOSED' });

      const again = await t.http('PUT', url, { headers: visitor.headers });
      assert.equal(again.status, 200, 'a closed conversation comes back as it is');
      assert.equal(again.body.closed_at, response.body.closed_at);
      assert.equal((await events.of(tenant.projectId, 'request.close')).length, 1);
    });

    it("hides other visitors' conversations (404) and leaves them open", async () => {
      const tenant = await newTenant(t);
      const { requestId } = await visitorConversation(tenant);
      const other = await anonymous(t, tenant.projectId);
      const response = await t.http('PUT', `/${tenant.projectId}/requests/${requestId}/closeg`, {
        headers: other.headers,
      });
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { success: false, error: 'Request not found' });
      assert.equal(await statusOf(tenant, requestId), 200);
    });

    it('lets the team close as on /close: agents where they take part, admins, bots any', async () => {
      const tenant = await newTenant(t);
      const first = await visitorConversation(tenant);
      const agent = await addMember(t, tenant, 'agent');
      const admin = await addMember(t, tenant, 'admin');
      const bot = await createBot(t, tenant);
      const close = (requestId: string, headers: Record<string, string>) =>
        t.http('PUT', `/${tenant.projectId}/requests/${requestId}/closeg`, { headers, body: { force: true } });

      const refused = await close(first.requestId, agent.basic);
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, {
        success: false,
        error: 'You must be among the participants to close a conversation.',
      });
      assert.equal(await statusOf(tenant, first.requestId), 200);
      const byAdmin = await close(first.requestId, admin.basic);
      assert.equal(byAdmin.status, 200);
      assert.equal(byAdmin.body.status, 1000);
      assert.ok(Array.isArray(byAdmin.body.notes), 'the team view');

      const joined = await createRequest(t, tenant, { participants: [agent.id] });
      assert.equal((await close(joined.request_id, agent.basic)).status, 200);
      const botRequest = await createRequest(t, tenant);
      assert.equal((await close(botRequest.request_id, bot.headers)).status, 200);
    });

    it('answers 404 for an unknown id, 401 without credentials, 403 outside the project', async () => {
      const tenant = await newTenant(t);
      const { visitor, requestId } = await visitorConversation(tenant);
      const unknown = newRequestId(tenant.projectId);
      for (const headers of [tenant.owner.basic, visitor.headers]) {
        const response = await t.http('PUT', `/${tenant.projectId}/requests/${unknown}/closeg`, { headers });
        assert.equal(response.status, 404);
        assert.deepEqual(response.body, { success: false, error: 'Request not found' });
      }
      const url = `/${tenant.projectId}/requests/${requestId}/closeg`;
      assert.equal((await t.http('PUT', url)).status, 401);
      const stranger = await newTenant(t);
      assert.equal((await t.http('PUT', url, { headers: stranger.owner.basic })).status, 403);
      const elsewhere = await anonymous(t, stranger.projectId);
      assert.equal((await t.http('PUT', url, { headers: elsewhere.headers })).status, 403);
      const malformed = await t.http('PUT', url, {
        headers: { ...visitor.headers, 'content-type': 'application/json' },
        payload: '{',
      });
      assert.equal(malformed.status, 400);
      assert.equal(await statusOf(tenant, requestId), 200);
    });
  });

  describe('PUT /requests/:id/replace', () => {
    it('makes the bot named by id, name or slug the only participant, and says which bot it is', async () => {
      const tenant = await newTenant(t);
      const first = await createBot(t, tenant, 'First bot');
      const second = await createBot(t, tenant, 'Second bot');
      const request = await createRequest(t, tenant);
      const put = (body: unknown) =>
        t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/replace`, {
          headers: tenant.owner.basic,
          body,
        });
      const byId = await put({ id: first.id });
      assert.equal(byId.status, 200, byId.text);
      assert.deepEqual(byId.body.participants, [`bot_${first.id}`]);
      assert.equal(byId.body.replaced_bot_root_id, first.id);
      const byName = await put({ name: 'Second bot' });
      assert.deepEqual(byName.body.participants, [`bot_${second.id}`]);
      const slug = (await t.http('GET', `/${tenant.projectId}/bots/${first.id}`, { headers: tenant.owner.basic })).body
        .slug;
      const bySlug = await put({ slug });
      assert.deepEqual(bySlug.body.participants, [`bot_${first.id}`]);
      assert.equal(bySlug.body.replaced_bot_root_id, first.id);
    });

    it("answers Tiledesk's 400 and 404s, and never takes another project's bot", async () => {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const foreign = await createBot(t, other, 'Foreign bot');
      const request = await createRequest(t, tenant);
      const put = (body: unknown, headers = tenant.owner.basic) =>
        t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/replace`, { headers, body });
      const missing = await put({});
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { success: false, error: "Missing field 'id' or 'name' in body" });
      const byName = await put({ name: 'Nobody' });
      assert.equal(byName.status, 404);
      assert.deepEqual(byName.body, { success: false, error: "Chatbot with name 'Nobody' not found" });
      const bySlug = await put({ slug: 'nobody' });
      assert.deepEqual(bySlug.body, { success: false, error: "Chatbot with slug 'nobody' not found" });
      const byForeignId = await put({ id: foreign.id });
      assert.equal(byForeignId.status, 404);
      assert.deepEqual(byForeignId.body, { success: false, error: `Chatbot with id '${foreign.id}' not found` });
      const unknownRequest = await t.http(
        'PUT',
        `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/replace`,
        {
          headers: tenant.owner.basic,
          body: { name: 'Nobody' },
        },
      );
      assert.equal(unknownRequest.status, 404);
      const visitor = await anonymous(t, tenant.projectId);
      assert.equal((await put({ id: foreign.id }, visitor.headers)).status, 403);
      const after = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}`, {
        headers: tenant.owner.basic,
      });
      assert.ok(!after.body.participants.includes(`bot_${foreign.id}`));
    });
  });

  describe('GET /requests/:id/chatbot/parameters', () => {
    it("answers the flow's own values, without the system ones; [] where no flow ran", async () => {
      const tenant = await newTenant(t);
      const bot = await createAnsweringBot(t, tenant, { name: 'Flow', type: 'tilebot', template: 'empty' });
      await addIntent(t, tenant, bot._id, {
        intent_display_name: 'start',
        question: '\\start',
        actions: [
          {
            _tdActionType: 'setattribute',
            destination: 'city',
            operation: { operands: [{ value: 'Rome', isVariable: false }] },
          },
          {
            _tdActionType: 'setattribute',
            destination: '_hidden',
            operation: { operands: [{ value: 'x', isVariable: false }] },
          },
          { _tdActionType: 'reply', text: 'Hi from {{city}}' },
        ],
      });
      await routeToBot(t, tenant, bot._id);
      const conversation = await startConversation(t, tenant);
      await conversation.say('hello');
      await conversation.waitFor(1);
      const url = `/${tenant.projectId}/requests/${conversation.requestId}/chatbot/parameters`;
      const response = await t.http('GET', url, { headers: tenant.owner.basic });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.city, 'Rome');
      assert.equal(response.body.chatbot_id, bot._id);
      assert.equal(response.body.userFullname, 'Ada');
      for (const system of [
        '_hidden',
        'chatbot_name',
        'conversation_id',
        'project_id',
        'department_id',
        'lastUserText',
        'user_lang',
      ]) {
        assert.equal(response.body[system], undefined, system);
      }
      const agent = await addMember(t, tenant, 'agent');
      assert.equal((await t.http('GET', url, { headers: agent.basic })).status, 200);

      const plain = await createRequest(t, tenant, { participants: [tenant.owner.id] });
      const none = await t.http('GET', `/${tenant.projectId}/requests/${plain.request_id}/chatbot/parameters`, {
        headers: tenant.owner.basic,
      });
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, []);
    });

    it("401 for an id of another project (Tiledesk's check on the id), 404 for an unknown one", async () => {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const theirs = await createRequest(t, other);
      const mismatch = await t.http('GET', `/${tenant.projectId}/requests/${theirs.request_id}/chatbot/parameters`, {
        headers: tenant.owner.basic,
      });
      assert.equal(mismatch.status, 401);
      assert.deepEqual(mismatch.body, { success: false, message: 'Request does not belong to the project' });
      const odd = await t.http('GET', `/${tenant.projectId}/requests/not-a-request-id/chatbot/parameters`, {
        headers: tenant.owner.basic,
      });
      assert.equal(odd.status, 401);
      const unknown = await t.http(
        'GET',
        `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/chatbot/parameters`,
        { headers: tenant.owner.basic },
      );
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { success: false, msg: 'Object not found.' });
    });

    it('is for the team: visitors 403, no credentials 401', async () => {
      const tenant = await newTenant(t);
      const { visitor, requestId } = await visitorConversation(tenant);
      const url = `/${tenant.projectId}/requests/${requestId}/chatbot/parameters`;
      assert.equal((await t.http('GET', url, { headers: visitor.headers })).status, 403);
      assert.equal((await t.http('GET', url)).status, 401);
    });
  });

  describe('GET /messages/csv', () => {
    it("exports every message of the project (the owner's), by conversation, through the CSV writer", async () => {
      const tenant = await newTenant(t);
      const first = await visitorConversation(tenant, '=1+1 looks like a formula');
      const long = await createRequest(t, tenant, { first_text: 'long' });
      const body = Array.from({ length: 1000 }, (_, i) => ({ text: `line ${i}` }));
      for (let i = 0; i < 2; i++) {
        const response = await t.http('POST', `/${tenant.projectId}/requests/${long.request_id}/messages/multi`, {
          headers: tenant.owner.basic,
          body: i === 0 ? body : body.slice(0, 5),
        });
        assert.equal(response.status, 200, response.text);
      }
      const direct = await t.http('POST', `/${tenant.projectId}/messages`, {
        headers: tenant.owner.basic,
        body: { recipient: 'someone', recipientFullname: 'Someone', text: 'a direct "hello"' },
      });
      assert.equal(direct.status, 200, direct.text);
      const elsewhere = await newTenant(t);
      await visitorConversation(elsewhere, 'not in this export');

      const csv = await t.http('GET', `/${tenant.projectId}/messages/csv`, { headers: tenant.owner.basic });
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.equal(csv.headers['content-disposition'], 'attachment; filename="export.csv"');
      const lines = csv.text.trimEnd().split('\n');
      assert.equal(
        lines[0],
        '"_id";"sender";"senderFullname";"recipient";"recipientFullname";"type";"channel_type";"text";"language";' +
          '"id_project";"status";"createdBy";"createdAt";"updatedAt"',
      );
      assert.equal(lines.length, 1 + 1 + 1005 + 1, 'the header, the first conversation, the long one, the direct one');
      assert.ok(csv.text.includes(`"'=1+1 looks like a formula"`));
      assert.ok(csv.text.includes('"a direct ""hello"""'));
      assert.ok(!csv.text.includes('not in this export'));
      const ofLong = lines
        .filter((line) => line.includes(long.request_id))
        .map((line) => line.match(/"line \d+"/)?.[0]);
      assert.deepEqual(ofLong.slice(998, 1002), ['"line 998"', '"line 999"', '"line 0"', '"line 1"'], 'in order');
      assert.ok(lines.some((line) => line.includes(first.requestId)));
    });

    it('is for the owner only', async () => {
      const tenant = await newTenant(t);
      const { visitor } = await visitorConversation(tenant);
      const url = `/${tenant.projectId}/messages/csv`;
      for (const role of ['admin', 'agent']) {
        const member = await addMember(t, tenant, role);
        assert.equal((await t.http('GET', url, { headers: member.basic })).status, 403, role);
      }
      assert.equal((await t.http('GET', url, { headers: visitor.headers })).status, 403);
      assert.equal((await t.http('GET', url, { headers: (await createBot(t, tenant)).headers })).status, 403);
      assert.equal((await t.http('GET', url)).status, 401);
    });
  });

  describe('GET /requests?full_text=', () => {
    it('finds open conversations by what was said in them, within what the caller sees', async () => {
      const tenant = await newTenant(t);
      const { visitor, requestId } = await visitorConversation(tenant, 'hello there');
      await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text: 'my pineapple order never arrived' },
      });
      const closed = await visitorConversation(tenant, 'a pineapple question');
      await t.http('PUT', `/${tenant.projectId}/requests/${closed.requestId}/close`, { headers: tenant.owner.basic });
      await visitorConversation(tenant, 'nothing to see');
      const agent = await addMember(t, tenant, 'agent');

      const find = async (query: string, headers = tenant.owner.basic) => {
        const response = await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers });
        assert.equal(response.status, 200, response.text);
        return response.body.requests.map((r: any) => r.request_id) as string[];
      };
      assert.deepEqual(await find('?full_text=pineapple'), [requestId]);
      assert.deepEqual((await find('?full_text=pineapple&status=all')).sort(), [requestId, closed.requestId].sort());
      assert.deepEqual(await find('?full_text=pineapple%20arrived&no_textscore=true'), [requestId]);
      assert.deepEqual(await find('?full_text=banana'), []);
      assert.deepEqual(await find('?full_text=pineapple', agent.basic), [], 'not among the agent’s requests');
      const mine = await t.http('GET', `/${tenant.projectId}/requests/me?full_text=pineapple`, {
        headers: visitor.headers,
      });
      assert.deepEqual(
        mine.body.requests.map((r: any) => r.request_id),
        [requestId],
      );
      const elsewhere = await newTenant(t);
      await visitorConversation(elsewhere, 'pineapple elsewhere');
      assert.deepEqual(await find('?full_text=pineapple'), [requestId], "another project's messages stay out");
    });

    it('keeps the words of open conversations only, through imports, closes, reopenings and deletions', async () => {
      const tenant = await newTenant(t);
      const p = tenant.projectId;
      const owner = { headers: tenant.owner.basic };
      const find = async (query: string) => {
        const response = await t.http('GET', `/${p}/requests${query}`, owner);
        assert.equal(response.status, 200, response.text);
        return (response.body.requests.map((r: any) => r.request_id) as string[]).sort();
      };
      // `open_message_search` (migration 0026) must hold exactly the words of the open
      // conversations' messages: compared, conversation by conversation, with what they are
      // recomputed from.
      const sideTable = async () =>
        (
          await sql<{ request: string; word: string }>`
            SELECT DISTINCT s.request, w.lexeme AS word FROM open_message_search s, unnest(s.search) AS w
             WHERE s.project_id = ${p} ORDER BY 1, 2`.execute(t.database.db)
        ).rows;
      const recomputed = async () =>
        (
          await sql<{ request: string; word: string }>`
            SELECT DISTINCT r.id AS request, w.lexeme AS word
              FROM requests r JOIN messages m ON m.project_id = r.project_id AND m.recipient = r.request_id,
                   unnest(to_tsvector('simple', coalesce(m.text, ''))) AS w
             WHERE r.project_id = ${p} AND r.status < 1000 ORDER BY 1, 2`.execute(t.database.db)
        ).rows;
      const consistent = async (when: string) => assert.deepEqual(await sideTable(), await recomputed(), when);

      const a = await visitorConversation(tenant, 'first words');
      const b = await visitorConversation(tenant, 'other words');
      const imported = await t.http('POST', `/${p}/requests/${a.requestId}/messages/multi`, {
        ...owner,
        body: [{ text: 'the mango crate' }, { text: 'a mango and a kiwi' }, { text: '' }, { text: '!!!' }],
      });
      assert.equal(imported.status, 200, imported.text);
      await consistent('after an import');
      assert.deepEqual(await find('?full_text=kiwi'), [a.requestId]);

      await t.http('PUT', `/${p}/requests/${a.requestId}/close`, owner);
      await consistent('after a close');
      assert.deepEqual(await find('?full_text=kiwi'), [], 'closed: not in the open list');
      assert.deepEqual(await find('?full_text=kiwi&status=all'), [a.requestId], 'closed: by its transcript');

      await t.http('PUT', `/${p}/requests/${a.requestId}/reopen`, owner);
      await consistent('after a reopening');
      assert.deepEqual(await find('?full_text=mango'), [a.requestId]);

      await Promise.all(
        ['kiwi', 'mango', 'papaya'].map((word) =>
          t.http('POST', `/${p}/requests/${b.requestId}/messages`, { ...owner, body: { text: `${word} for b` } }),
        ),
      );
      await consistent('after concurrent messages');
      assert.deepEqual(await find('?full_text=kiwi'), [a.requestId, b.requestId].sort());

      assert.equal((await t.http('DELETE', `/${p}/requests/${b.requestId}`, owner)).status, 200);
      await consistent('after a deletion');
      assert.deepEqual(await find('?full_text=papaya'), []);
      assert.ok((await sideTable()).length > 0, 'the open conversation keeps its words');
    });
  });
});
