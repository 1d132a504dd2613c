/**
 * Hostile input answers a 4xx with a complete JSON body, never a 5xx or a cut stream: deep
 * nesting, prototype keys as sort fields, broken multipart bodies, filters the database refuses,
 * taken slugs, concurrent language changes, NUL and lone surrogates, and member lists that are
 * not members of the project (issue 9, "Hostile input").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type HttpResult, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, createRequest } from './helpers/conversations.js';
import { multipartBody } from './helpers/multipart.js';
import { TestSocket } from './helpers/ws-client.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const nested = (open: string, close: string, depth: number, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** A 4xx whose announced JSON body parsed (t.http parses it and throws on a truncated one). */
function assertClientError(response: HttpResult, status?: number) {
  assert.ok(response.status >= 400 && response.status < 500, `${response.status} ${response.text.slice(0, 300)}`);
  if (status !== undefined) assert.equal(response.status, status, response.text.slice(0, 300));
  assert.match(String(response.headers['content-type']), /application\/json/);
  assert.equal(typeof response.body, 'object');
}

describe('hostile input', () => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await startTestApp();
    tenant = await newTenant(t);
  });
  after(() => t.close());

  describe('JSON nesting depth', () => {
    it('answers 400 naming the limit for 100,000-deep arrays and 50,000-deep objects, on any JSON route', async () => {
      const bodies = [nested('[', ']', 100_000, ''), nested('{"a":', '}', 50_000)];
      for (const payload of bodies) {
        for (const [method, url] of [
          ['POST', `/${tenant.projectId}/departments`],
          ['POST', `/${tenant.projectId}/requests`],
          ['POST', '/auth/signin'],
        ]) {
          const response = await t.http(method, url, { headers: { ...tenant.owner.jwt, ...JSON_TYPE }, payload });
          assertClientError(response, 400);
          assert.equal(response.body.msg, 'JSON body nested too deeply.');
          assert.equal(response.body.limit, 64);
        }
      }
    });

    it('refuses attributes deeper than the limit before they reach jsonb, and takes them at the limit', async () => {
      const deep = `{"fullname":"x","attributes":${nested('{"a":', '}', 5_000)}}`;
      assertClientError(
        await t.http('POST', `/${tenant.projectId}/leads`, {
          headers: { ...tenant.owner.jwt, ...JSON_TYPE },
          payload: deep,
        }),
        400,
      );
      // The body object is level 1, attributes level 2: 62 more levels make 64.
      const atLimit = `{"fullname":"x","attributes":${nested('{"a":', '}', 63)}}`;
      const created = await t.http('POST', `/${tenant.projectId}/leads`, {
        headers: { ...tenant.owner.jwt, ...JSON_TYPE },
        payload: atLimit,
      });
      assert.equal(created.status, 200, created.text);
    });

    it('counts only brackets outside strings, and follows JSON_MAX_DEPTH', async () => {
      const small = await startTestApp({ JSON_MAX_DEPTH: '8' });
      try {
        const owner = await newTenant(small);
        const url = `/${owner.projectId}/leads`;
        const headers = { ...owner.owner.jwt, ...JSON_TYPE };
        const brackets = await small.http('POST', url, {
          headers,
          payload: JSON.stringify({ fullname: '[[[[{{{{[[[[' }),
        });
        assert.equal(brackets.status, 200, brackets.text);
        const eight = `{"fullname":"x","attributes":${nested('{"a":', '}', 7)}}`;
        assert.equal((await small.http('POST', url, { headers, payload: eight })).status, 200);
        const nine = `{"fullname":"x","attributes":${nested('{"a":', '}', 8)}}`;
        const refused = await small.http('POST', url, { headers, payload: nine });
        assertClientError(refused, 400);
        assert.equal(refused.body.limit, 8);
      } finally {
        await small.close();
      }
    });

    it('refuses an imported bot file nested deeper than the limit with 422', async () => {
      const bot = await createBot(t, tenant);
      const file = `{"name":"deep","attributes":${nested('{"a":', '}', 100_000)}}`;
      const response = await t.http('POST', `/${tenant.projectId}/faq_kb/importjson/${bot.id}`, {
        headers: { ...tenant.owner.jwt, ...JSON_TYPE },
        payload: file,
      });
      assertClientError(response, 422);
      assert.match(response.body.msg, /levels of nested arrays and objects/);
    });
  });

  describe('prototype keys in lookups', () => {
    it('answers 422 for sort=constructor, __proto__, toString on /requests, /requests/csv and /requests/me', async () => {
      const visitor = await anonymous(t, tenant.projectId);
      for (const sort of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        for (const [path, headers] of [
          ['requests', tenant.owner.jwt],
          ['requests/csv', tenant.owner.jwt],
          ['requests/me', visitor.headers],
        ] as const) {
          const response = await t.http('GET', `/${tenant.projectId}/${path}`, { headers, query: { sort } });
          assertClientError(response, 422);
          assert.match(response.body.msg, /^sort must be one of createdAt/);
        }
      }
      const range = await t.http('GET', `/${tenant.projectId}/requests`, {
        headers: tenant.owner.jwt,
        query: { filterRangeField: 'constructor', start_date: '2024-01-01' },
      });
      assertClientError(range, 422);
    });
  });

  describe('multipart bodies without their closing boundary', () => {
    const boundary = 'hostileboundary';
    const unterminated = (field: string, filename: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;

    it('answers 400 on importjson, uploadcsv and the chat file upload', async () => {
      const bot = await createBot(t, tenant);
      const headers = { ...tenant.owner.jwt, 'content-type': `multipart/form-data; boundary=${boundary}` };
      for (const [url, payload] of [
        [`/${tenant.projectId}/faq_kb/importjson/${bot.id}`, unterminated('uploadFile', 'bot.json', '{"name":"x"}')],
        [`/${tenant.projectId}/faq/uploadcsv`, unterminated('uploadFile', 'faqs.csv', 'question;answer')],
        [`/${tenant.projectId}/files/chat`, unterminated('file', 'a.txt', 'hello')],
        [`/${tenant.projectId}/faq/uploadcsv`, 'not a form at all'],
      ]) {
        const response = await t.http('POST', url, { headers, payload });
        assertClientError(response, 400);
        assert.match(response.text, /Malformed multipart body/);
      }
      const noBoundary = await t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
        headers: { ...tenant.owner.jwt, 'content-type': 'multipart/form-data' },
        payload: unterminated('uploadFile', 'faqs.csv', 'q;a'),
      });
      assertClientError(noBoundary, 400);
    });

    it('names a form field holding a NUL character (422)', async () => {
      const bot = await createBot(t, tenant);
      const form = await multipartBody(
        { id_faq_kb: bot.id, delimiter: ';\u0000' },
        { uploadFile: { content: 'question;answer\n', filename: 'faqs.csv', type: 'text/csv' } },
      );
      const response = await t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
        headers: { ...tenant.owner.jwt, ...form.headers },
        payload: form.payload,
      });
      assertClientError(response, 422);
      assert.equal(response.body.errors[0].param, 'delimiter');
    });
  });

  describe('streamed CSV', () => {
    it('answers an error status, not a 200 cut short, when the database refuses the leads filter', async () => {
      const queries: Array<Record<string, string>> = [
        { status: '99999999999' },
        { page: '99999999999999999' },
        { page: '1e20' },
      ];
      for (const query of queries) {
        const response = await t.http('GET', `/${tenant.projectId}/leads/csv`, { headers: tenant.owner.jwt, query });
        assertClientError(response);
      }
      const fine = await t.http('GET', `/${tenant.projectId}/leads/csv`, { headers: tenant.owner.jwt });
      assert.equal(fine.status, 200);
      assert.match(fine.text, /^"_id";"lead_id";/);
    });
  });

  describe('bots', () => {
    it('answers a taken slug with 409 and Tiledesk body (error_code 12001)', async () => {
      const first = await t.http('POST', `/${tenant.projectId}/faq_kb`, {
        headers: tenant.owner.jwt,
        body: { name: 'Taken Slug', type: 'external' },
      });
      const second = await t.http('POST', `/${tenant.projectId}/faq_kb`, {
        headers: tenant.owner.jwt,
        body: { name: 'Other', type: 'external' },
      });
      const taken = await t.http('PUT', `/${tenant.projectId}/faq_kb/${second.body._id}`, {
        headers: tenant.owner.jwt,
        body: { slug: first.body.slug },
      });
      assertClientError(taken, 409);
      assert.deepEqual(taken.body, {
        success: false,
        msg: 'Error updating object.',
        error: `Slug already exists: ${first.body.slug}`,
        error_code: 12001,
      });
    });

    it('survives concurrent language changes of one bot (no deadlock), ending in one of the languages', async () => {
      const created = await t.http('POST', `/${tenant.projectId}/faq_kb`, {
        headers: tenant.owner.jwt,
        body: { name: 'polyglot', type: 'internal', template: 'example' },
      });
      assert.equal(created.status, 200, created.text);
      const botId = created.body._id;
      const intents = Array.from({ length: 60 }, (_, i) => ({
        intent_display_name: `intent ${i}`,
        question: `question ${i}`,
        answer: `answer ${i}`,
      }));
      const added = await t.http('POST', `/${tenant.projectId}/faq/ops_update`, {
        headers: tenant.owner.jwt,
        body: { id_faq_kb: botId, operations: intents.map((intent) => ({ type: 'post', intent })) },
      });
      assert.ok(added.status < 300, added.text);

      const languages = ['en', 'it', 'fr', 'de', 'es', 'pt'];
      const calls = Array.from({ length: 24 }, (_, i) => {
        const language = languages[i % languages.length];
        if (i % 3 === 2) {
          return t.http('PUT', `/${tenant.projectId}/faq_kb/${botId}`, {
            headers: tenant.owner.jwt,
            body: { language },
          });
        }
        return t.http('PUT', `/${tenant.projectId}/faq_kb/${botId}/language/${language}`, {
          headers: tenant.owner.jwt,
        });
      });
      for (const response of await Promise.all(calls)) assert.equal(response.status, 200, response.text);

      const bot = await t.http('GET', `/${tenant.projectId}/faq_kb/${botId}`, { headers: tenant.owner.jwt });
      const list = await t.http('GET', `/${tenant.projectId}/faq`, {
        headers: tenant.owner.jwt,
        query: { id_faq_kb: botId },
      });
      assert.ok(languages.includes(bot.body.language));
      assert.ok(list.body.length > 0);
      for (const intent of list.body) assert.equal(intent.language, bot.body.language);
    });
  });

  describe('NUL characters and lone surrogates', () => {
    it('answers 422 naming the field, in a JSON body (values and keys), a query string or a URL parameter', async () => {
      const headers = { ...tenant.owner.jwt, ...JSON_TYPE };
      const cases: Array<[string, string, string | undefined, string, string, string]> = [
        ['POST', `/${tenant.projectId}/departments`, '{"name":"a\\u0000b"}', 'body', 'name', 'NUL'],
        ['POST', `/${tenant.projectId}/departments`, '{"name":"a\\ud800b"}', 'body', 'name', 'surrogate'],
        ['POST', `/${tenant.projectId}/departments`, '{"name":"\\udc00"}', 'body', 'name', 'surrogate'],
        [
          'POST',
          `/${tenant.projectId}/leads`,
          '{"fullname":"x","attributes":{"k":["ok","\\ud83d"]}}',
          'body',
          'attributes.k.1',
          'surrogate',
        ],
        [
          'POST',
          `/${tenant.projectId}/leads`,
          '{"fullname":"x","attributes":{"a\\u0000":1}}',
          'body',
          'attributes.a\u0000',
          'NUL',
        ],
        ['GET', `/${tenant.projectId}/leads?full_text=a%00b`, undefined, 'query', 'full_text', 'NUL'],
        ['GET', `/${tenant.projectId}/requests?full_text=%00`, undefined, 'query', 'full_text', 'NUL'],
        ['GET', `/${tenant.projectId}/leads/a%00b`, undefined, 'params', 'id', 'NUL'],
      ];
      for (const [method, url, payload, location, param, kind] of cases) {
        const response = await t.http(method, url, { headers, ...(payload !== undefined && { payload }) });
        assertClientError(response, 422);
        const [error] = response.body.errors;
        assert.equal(error.location, location, url);
        assert.equal(error.param, param, url);
        assert.match(error.reason, kind === 'NUL' ? /NUL/ : /surrogate/);
      }
      // A well-formed pair (an emoji) is of course fine.
      const emoji = await t.http('POST', `/${tenant.projectId}/departments`, {
        headers,
        payload: '{"name":"\\ud83d\\ude00"}',
      });
      assert.equal(emoji.status, 200, emoji.text);
      assert.equal(emoji.body.name, '😀');
    });

    it('refuses them in an imported bot file (422)', async () => {
      const bot = await createBot(t, tenant);
      const response = await t.http('POST', `/${tenant.projectId}/faq_kb/importjson/${bot.id}`, {
        headers: { ...tenant.owner.jwt, ...JSON_TYPE },
        payload: '{"name":"x","intents":[{"intent_display_name":"a","question":"q\\u0000"}]}',
      });
      assertClientError(response, 422);
      assert.match(response.body.msg, /intents\.0\.question must not contain NUL/);
    });

    it('answers a NUL in a WebSocket topic with a bad_topic error frame', async () => {
      const base = await t.listen();
      const socket = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
      try {
        const request = await createRequest(t, tenant);
        for (const topic of [
          `/${tenant.projectId}/requests/${request.request_id}\u0000`,
          `/${tenant.projectId}/requests/\ud800`,
        ]) {
          socket.subscribe(topic);
          const frame = await socket.error();
          assert.equal(frame.payload.code, 'bad_topic');
        }
      } finally {
        socket.close();
      }
    });
  });

  describe('members that are not members of the project', () => {
    it('answers 422 for participants, followers and group members, however many the body lists', async () => {
      const other = await newTenant(t);
      const request = await createRequest(t, tenant);
      const base = `/${tenant.projectId}/requests/${request.request_id}`;
      const strangers = Array.from({ length: 70_000 }, (_, i) => `s${i}`);
      const calls: Array<[string, string, unknown]> = [
        ['POST', `${base}/participants`, { member: other.owner.id }],
        ['PUT', `${base}/participants`, [tenant.owner.id, other.owner.id]],
        ['POST', `/${tenant.projectId}/requests`, { first_text: 'x', participants: [other.owner.id] }],
        ['POST', `${base}/followers`, { member: other.owner.id }],
        ['PUT', `${base}/followers`, strangers],
        ['POST', `/${tenant.projectId}/groups`, { name: 'g', members: [other.owner.id] }],
        ['POST', `/${tenant.projectId}/groups`, { name: 'g', members: strangers }],
      ];
      for (const [method, url, body] of calls) {
        const response = await t.http(method, url, { headers: tenant.owner.jwt, body });
        assertClientError(response, 422);
        assert.match(response.body.msg, /^Not a member of the project: /);
      }
    });
  });
});
