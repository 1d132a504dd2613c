import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type HttpResult, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant } from './helpers/factories.js';
import { createBot, newRequestId } from './helpers/conversations.js';
import { newObjectId } from '../src/platform/ids.js';

const isJson = (response: HttpResult) => String(response.headers['content-type']).startsWith('application/json');

describe('wire behaviour', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  describe('request bodies', () => {
    it('answers 400 with a JSON body for malformed JSON', async () => {
      const tenant = await newTenant(t);
      for (const [method, url, headers] of [
        ['POST', '/auth/signin', {}],
        ['POST', '/projects', tenant.owner.basic],
        ['PUT', `/projects/${tenant.projectId}`, tenant.owner.basic],
        ['POST', `/${tenant.projectId}/departments`, tenant.owner.basic],
      ] as const) {
        const response = await t.http(method, url, {
          headers: { ...headers, 'content-type': 'application/json' },
          payload: '{"name": "unterminated',
        });
        assert.equal(response.status, 400, `${method} ${url}`);
        assert.ok(isJson(response));
        assert.equal(response.body.success, false);
        assert.equal(response.body.msg, 'Malformed JSON body.');
      }
      const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
      assert.equal(read.body.name, 'Test project');
    });

    it('refuses prototype-poisoning JSON with 400', async () => {
      const tenant = await newTenant(t);
      const response = await t.http('PUT', `/projects/${tenant.projectId}`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: '{"name":"x","__proto__":{"polluted":true}}',
      });
      assert.equal(response.status, 400);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('answers 422 in express-validator shape for wrong types', async () => {
      const tenant = await newTenant(t);
      const response = await t.http('POST', `/${tenant.projectId}/departments`, {
        headers: tenant.owner.basic,
        body: { name: { nested: true }, routing: 7, bot_only: 'perhaps', status: 'on' },
      });
      assert.equal(response.status, 422);
      assert.ok(isJson(response));
      const params = response.body.errors.map((e: { param: string }) => e.param).sort();
      assert.deepEqual(params, ['bot_only', 'name', 'routing', 'status']);
      for (const error of response.body.errors) {
        assert.equal(error.msg, 'Invalid value');
        assert.equal(error.location, 'body');
        assert.equal(typeof error.reason, 'string');
      }
      const array = await t.http('POST', '/projects', { headers: tenant.owner.basic, body: [1, 2] });
      assert.equal(array.status, 422);
    });

    it('answers 415 with a JSON body for an unsupported content type', async () => {
      const response = await t.http('POST', '/auth/signin', {
        headers: { 'content-type': 'text/csv' },
        payload: 'email,password',
      });
      assert.equal(response.status, 415);
      assert.ok(isJson(response));
      assert.equal(response.body.success, false);
    });

    it('accepts an empty body with Content-Type: application/json on PUT, PATCH and DELETE', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const json = { ...tenant.owner.basic, 'content-type': 'application/json' };
      const put = await t.http('PUT', `/projects/${tenant.projectId}`, { headers: json, payload: '' });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.name, 'Test project');
      const patch = await t.http('PATCH', `/${tenant.projectId}/departments/default`, { headers: json, payload: '' });
      assert.equal(patch.status, 200, patch.text);
      const soft = await t.http('DELETE', `/${tenant.projectId}/project_users/${agent.projectUserId}?soft=true`, {
        headers: json,
        payload: '',
      });
      assert.equal(soft.status, 200, soft.text);
      const restore = await t.http('PUT', `/${tenant.projectId}/project_users/${agent.projectUserId}/restore`, {
        headers: json,
        payload: '  ',
      });
      assert.equal(restore.status, 200, restore.text);
      // A route with required fields still says what is missing.
      const create = await t.http('POST', '/projects', { headers: json, payload: '' });
      assert.equal(create.status, 422);
      assert.equal(create.body.errors[0].param, 'name');
    });
  });

  describe('body limit', () => {
    let small: TestApp;
    before(async () => {
      small = await startTestApp({ BODY_LIMIT: '2048' });
    });
    after(() => small.close());

    it('answers 413 with a JSON body over BODY_LIMIT, and accepts bodies under it', async () => {
      const tenant = await newTenant(small);
      const big = await small.http('PUT', `/projects/${tenant.projectId}`, {
        headers: tenant.owner.basic,
        body: { name: 'x'.repeat(4096) },
      });
      assert.equal(big.status, 413);
      assert.ok(isJson(big));
      assert.deepEqual(big.body, { err: 'Request entity too large', limit: 2048 });
      const fine = await small.http('PUT', `/projects/${tenant.projectId}`, {
        headers: tenant.owner.basic,
        body: { name: 'y'.repeat(1000) },
      });
      assert.equal(fine.status, 200);
      assert.equal(fine.body.name, 'y'.repeat(1000));
    });
  });

  describe('routing', () => {
    it('answers 404 with a JSON body for unknown routes', async () => {
      const tenant = await newTenant(t);
      for (const [method, url] of [
        ['GET', '/nope'],
        ['GET', '/nope/deeper/still'],
        ['POST', '/projects/a/b/c'],
        ['GET', `/${tenant.projectId}/unknown`],
        ['DELETE', '/auth/signin'],
      ]) {
        const response = await t.http(method, url, { headers: tenant.owner.basic });
        assert.equal(response.status, 404, `${method} ${url}`);
        assert.ok(isJson(response));
        assert.equal(response.body.success, false);
        assert.equal(response.body.error, 'Not Found');
      }
    });

    it('tolerates trailing and duplicate slashes and the /v3 prefix', async () => {
      const tenant = await newTenant(t);
      const headers = tenant.owner.basic;
      for (const url of [
        '/projects/',
        '/v3/projects',
        '/v3/projects/',
        '//projects',
        `/projects/${tenant.projectId}/`,
        `/v3/projects/${tenant.projectId}`,
        `/v3/${tenant.projectId}/departments/`,
        `/${tenant.projectId}/project_users/me/`,
      ]) {
        const response = await t.http('GET', url, { headers });
        assert.equal(response.status, 200, url);
      }
      const created = await t.http('POST', '/v3/projects/', { headers, body: { name: 'Via v3' } });
      assert.equal(created.status, 200);
      assert.equal(created.body.name, 'Via v3');
    });
  });

  it("words a missing resource as Tiledesk does on each route, and 'Object not found.' elsewhere", async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const bot = await createBot(t, tenant);
    const noRequest = newRequestId(p);
    const noId = newObjectId();
    const cases: Array<[string, string, unknown, Record<string, unknown>]> = [
      ['GET', `/${p}/bots/${noId}`, undefined, { msg: `Chatbot not found with id ${noId} for project ${p}` }],
      ['DELETE', `/${p}/faq_kb/${noId}`, undefined, { msg: `Chatbot not found with id ${noId} for project ${p}` }],
      [
        'GET',
        `/${p}/bots/exportjson/${noId}`,
        undefined,
        { msg: `Chatbot not found with id ${noId} for project ${p}` },
      ],
      ['POST', `/${p}/bots/importjson/${noId}`, { name: 'x' }, { message: `Chatbot not found with id ${noId}` }],
      ['POST', `/${p}/bots/fork/${noId}`, {}, { error: 'Unable to get chatbot to be forked' }],
      ['PATCH', `/${p}/requests/${noRequest}`, {}, { msg: 'Request not found' }],
      ['PATCH', `/${p}/requests/${noRequest}/rating`, { rating: 5 }, { msg: 'Request not found' }],
      ['PUT', `/${p}/requests/${noRequest}/close`, {}, { error: 'Request not found' }],
      [
        'POST',
        `/${p}/requests/${noRequest}/notes`,
        { text: 'n' },
        { error: `Request with id ${noRequest} not found.` },
      ],
      ['PUT', `/${p}/requests/${noRequest}/tag`, [{ tag: 'x' }], { error: `Request not found with id ${noRequest}` }],
      ['POST', `/${p}/requests/${noRequest}/messages/multi`, [{ text: 'x' }], { msg: "Request doesn't exist." }],
      ['DELETE', `/${p}/faq/${noId}`, undefined, { msg: 'Error deleting object. The object does not exists.' }],
      [
        'POST',
        `/${p}/faq/ops_update`,
        { id_faq_kb: bot.id, operations: [{ type: 'put', intent: { _id: noId, question: 'q' } }] },
        { msg: 'Operation 0 (put): intent not found.' },
      ],
      ['GET', `/${p}/files?path=${encodeURIComponent('uploads/none.txt')}`, undefined, { error: 'File not found.' }],
      ['GET', `/${p}/leads?segment=vip`, undefined, { msg: 'Error segment not found' }],
      ['PATCH', `/${p}/labels/IT/default`, {}, { msg: 'Lang not found' }],
      // Routes without a wording of their own.
      ['GET', `/${p}/requests/${noRequest}`, undefined, { msg: 'Object not found.' }],
      ['GET', `/${p}/faq/${noId}`, undefined, { msg: 'Object not found.' }],
      ['GET', `/${p}/leads/${noId}`, undefined, { msg: 'Object not found.' }],
      ['PUT', `/${p}/tags/${noId}`, { tag: 'x' }, { msg: 'Object not found.' }],
      ['DELETE', `/${p}/labels/IT`, undefined, { msg: 'Object not found.' }],
    ];
    for (const [method, url, body, wording] of cases) {
      const response = await t.http(method, url, { headers: tenant.owner.basic, ...(body !== undefined && { body }) });
      assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
      assert.deepEqual(response.body, { success: false, ...wording }, `${method} ${url}`);
    }
  });

  it('answers every DELETE with 200 and a non-empty JSON body', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const other = await addMember(t, tenant, 'agent');
    const headers = tenant.owner.basic;
    const department = await t.http('POST', `/${tenant.projectId}/departments`, { headers, body: { name: 'D' } });
    const group = await t.http('POST', `/${tenant.projectId}/groups`, { headers, body: { name: 'G' } });
    const doomed = await newTenant(t);
    const gone = await newTenant(t);
    for (const [url, auth] of [
      [`/${tenant.projectId}/departments/${department.body._id}`, headers],
      [`/${tenant.projectId}/groups/${group.body._id}`, headers],
      [`/${tenant.projectId}/project_users/${agent.projectUserId}?soft=true`, headers],
      [`/${tenant.projectId}/project_users/${other.projectUserId}`, headers],
      [`/projects/${doomed.projectId}`, doomed.owner.basic],
      [`/projects/${gone.projectId}/physical`, gone.owner.basic],
    ] as const) {
      const response = await t.http('DELETE', url, { headers: auth });
      assert.equal(response.status, 200, url);
      assert.ok(isJson(response), url);
      assert.ok(response.text.length > 2, url);
      assert.equal(typeof response.body._id, 'string', url);
    }
  });

  describe('headers', () => {
    it('sends CORS headers, and answers preflights for every method the API uses', async () => {
      const origin = 'https://dashboard.example.test';
      const response = await t.http('GET', '/health', { headers: { origin } });
      assert.equal(response.headers['access-control-allow-origin'], origin);
      assert.match(String(response.headers['access-control-expose-headers']), /x-request-id/);

      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const preflight = await t.http('OPTIONS', '/projects/0123456789abcdef01234567', {
          headers: {
            origin,
            'access-control-request-method': method,
            'access-control-request-headers': 'authorization,content-type',
          },
        });
        assert.equal(preflight.status, 204, method);
        assert.equal(preflight.headers['access-control-allow-origin'], origin);
        assert.match(String(preflight.headers['access-control-allow-methods']), new RegExp(`\\b${method}\\b`));
        assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/i);
      }
    });

    it('echoes x-request-id, or generates one, on successes and errors alike', async () => {
      const given = await t.http('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
      assert.equal(given.headers['x-request-id'], 'trace-123');
      const generated = await t.http('GET', '/health');
      assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      for (const url of ['/nope', '/projects']) {
        const failed = await t.http('GET', url, { headers: { 'x-request-id': 'trace-err' } });
        assert.ok(failed.status >= 400);
        assert.equal(failed.headers['x-request-id'], 'trace-err');
      }
    });

    it('answers 401 with a JSON body and no Basic challenge (browsers would cache the credentials)', async () => {
      const response = await t.http('GET', '/projects');
      assert.equal(response.status, 401);
      assert.ok(isJson(response));
      assert.deepEqual(response.body, { success: false, msg: 'Unauthorized' });
      assert.equal(response.headers['www-authenticate'], undefined);
    });
  });

  describe('service endpoints', () => {
    it('GET / says the server is up, in plain text', async () => {
      const response = await t.http('GET', '/');
      assert.equal(response.status, 200);
      assert.match(String(response.headers['content-type']), /^text\/plain/);
      assert.match(response.text, /It's UP/);
    });

    it('GET /health reports the database', async () => {
      const response = await t.http('GET', '/health');
      assert.equal(response.status, 200);
      assert.equal(response.body.status, 'ok');
      assert.equal(response.body.database.ok, true);
      assert.equal(response.body.database.kind, process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
      assert.equal(typeof response.body.database.latencyMs, 'number');
      assert.match(response.body.version, /^\d+\.\d+\.\d+/);
      assert.equal(typeof response.body.uptimeSeconds, 'number');
    });
  });
});
