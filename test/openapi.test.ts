import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { newObjectId } from '../src/platform/ids.js';

/** The operations anyone may call without credentials (everything else answers 401 without them). */
const PUBLIC = new Set([
  'GET /',
  'GET /health',
  'POST /auth/signup',
  'POST /auth/signin',
  'POST /auth/signinAnonymously',
  'POST /auth/signinWithCustomToken',
  // Account links: the key in the URL is the credential.
  'PUT /auth/verifyemail/{userid}/{code}',
  'PUT /auth/requestresetpsw',
  'GET /auth/checkpswresetkey/{resetpswrequestid}',
  'PUT /auth/resetpsw/{resetpswrequestid}',
  'GET /projects/{project_id}/isopen',
  'GET /projects/{project_id}/users/availables',
  'GET /public/requests/{request_id}/messages',
  ...['html', 'txt', 'csv', 'pdf'].flatMap((extension) => [
    `GET /public/requests/{request_id}/messages.${extension}`,
    `GET /public/requests/{request_id}/messages-user.${extension}`,
  ]),
  'GET /files',
  'GET /files/download',
  'GET /{project_id}/departments',
  'GET /{project_id}/departments/{department_id}',
  'GET /{project_id}/widgets',
  'GET /{project_id}/faqpub',
  'GET /{project_id}/publicanalytics/waiting/current',
  // The token it checks is its credential (signed with the project key, not an account's).
  'POST /{project_id}/jwt/decode',
  'GET /{project_id}/widgets/ip',
  'GET /{project_id}/labels',
  'GET /{project_id}/labels/default',
  'GET /{project_id}/labels/default/{lang}',
  'GET /{project_id}/labels/{lang}',
  'POST /{project_id}/url-preview',
  'GET /widgets/load',
  'GET /widgets/test/load',
  'GET /widgets/v5/{project_id}',
  'GET /w/load',
  'GET /w/test/load',
  'GET /w/v5/{project_id}',
]);

type Operation = { responses: Record<string, { description?: string; content?: unknown }> };

async function operations(t: TestApp): Promise<[string, string, Operation][]> {
  const { paths } = (await t.http('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, string, Operation] => [method, path, operation]),
  );
}

describe('OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    const response = await t.http('GET', '/openapi.json');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const validator = new Validator();
    const result = await validator.validate(response.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 4000));
    assert.match(validator.version, /^3\./);
    assert.equal(response.body.info.title, 'Parley API');
  });

  it('lists the routes of this area with their methods', async () => {
    const { paths } = (await t.http('GET', '/openapi.json')).body;
    const expected: Record<string, string[]> = {
      '/auth/signup': ['post'],
      '/auth/signin': ['post'],
      '/projects/': ['get', 'post'],
      '/projects/{project_id}/': ['get', 'put', 'patch', 'delete'],
      '/projects/{project_id}/physical': ['delete'],
      '/projects/{project_id}/attributes': ['patch'],
      '/projects/{project_id}/ban': ['post'],
      '/projects/{project_id}/ban/{ban_id}': ['delete'],
      '/projects/all': ['get'],
      '/projects/{project_id}/isopen': ['get'],
      '/projects/{project_id}/users/availables': ['get'],
      '/{project_id}/project_users/': ['get', 'put', 'post'],
      '/{project_id}/project_users/me': ['get'],
      '/{project_id}/project_users/invite': ['post'],
      '/{project_id}/project_users/users/{user_id}': ['get'],
      '/{project_id}/project_users/{project_user_id}': ['get', 'put', 'delete'],
      '/{project_id}/project_users/{project_user_id}/restore': ['put'],
      '/{project_id}/pendinginvitations/': ['get'],
      '/{project_id}/pendinginvitations/{invitation_id}': ['get', 'delete'],
      '/{project_id}/pendinginvitations/resendinvite/{invitation_id}': ['get'],
      '/{project_id}/project_users/users/search': ['get'],
      '/{project_id}/departments/{department_id}/operators': ['get'],
      '/{project_id}/groups/enable/{group_id}': ['put'],
      '/{project_id}/groups/disable/{group_id}': ['put'],
      '/{project_id}/subscriptions/test': ['post'],
      '/{project_id}/jwt/decode': ['post'],
      '/{project_id}/jwt/generatetestjwt': ['post'],
      '/{project_id}/departments/': ['get', 'post'],
      '/{project_id}/departments/allstatus': ['get'],
      '/{project_id}/departments/{department_id}': ['get', 'put', 'patch', 'delete'],
      '/{project_id}/groups/': ['get', 'post'],
      '/{project_id}/groups/{group_id}': ['get', 'put', 'delete'],
      '/{project_id}/keys/generate': ['post'],
      '/health': ['get'],
    };
    // Fastify registers a prefix root as "/prefix/"; tolerate either spelling.
    const find = (path: string) => paths[path] ?? paths[path.replace(/\/$/, '')];
    for (const [path, methods] of Object.entries(expected)) {
      const item = find(path);
      assert.ok(item, `missing path ${path}; have ${Object.keys(paths).join(', ')}`);
      for (const method of methods) assert.ok(item[method], `missing ${method.toUpperCase()} ${path}`);
    }
    const department = find('/{project_id}/departments/{department_id}').put;
    assert.ok(department.requestBody, 'PUT department documents its body');
    assert.ok(department.responses['200'], 'PUT department documents its response');
    assert.equal(paths['/openapi.json'], undefined);
  });

  it('documents the error responses of every operation', async () => {
    const all = await operations(t);
    assert.ok(all.length > 150, `only ${all.length} operations`);
    const problems: string[] = [];
    for (const [method, path, operation] of all) {
      const name = `${method.toUpperCase()} ${path}`;
      // Every route: text no database can store (422), a fault (500).
      const required = [422, 500];
      if (method !== 'get') required.push(400, 413, 415);
      if (/^\/(projects\/)?\{project_id\}/.test(path)) required.push(400);
      if (!PUBLIC.has(name)) required.push(401, 429);
      const missing = required.filter((status) => !operation.responses[status]);
      if (missing.length) problems.push(`${name} lacks ${missing.join(', ')}`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        if (!response.description || response.description === 'Default Response' || !response.content) {
          problems.push(`${name} ${status} has no description or body`);
        }
      }
    }
    assert.deepEqual(problems, []);
    for (const name of PUBLIC) {
      const [method, path] = name.split(' ');
      assert.ok(
        all.some(([m, p]) => m === method.toLowerCase() && p === path),
        `no operation ${name}`,
      );
    }
  });

  it('answers 401 without credentials on every operation not listed as public', async () => {
    const { projectId } = await newTenant(t);
    const answers: string[] = [];
    for (const [method, path] of await operations(t)) {
      if (PUBLIC.has(`${method.toUpperCase()} ${path}`)) continue;
      const url = path.replace(/\{(\w+)\}/g, (_match, name: string) =>
        name === 'project_id' ? projectId : newObjectId(),
      );
      const response = await t.http(method.toUpperCase(), url);
      if (response.status !== 401) answers.push(`${method.toUpperCase()} ${path}: ${response.status} ${response.text}`);
    }
    assert.deepEqual(answers, []);
  });

  it('serves the browsable documentation at /docs', async () => {
    const page = await t.http('GET', '/docs');
    const html = page.status === 302 ? await t.http('GET', String(page.headers.location)) : page;
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /text\/html/);
    assert.match(html.text, /swagger-ui/i);
    const spec = await t.http('GET', '/docs/json');
    assert.equal(spec.status, 200);
    assert.equal(spec.body.info.title, 'Parley API');
    // The logo is read by app.ts (not by the plugin, at start): still served as the page asks.
    const logo = await t.http('GET', '/docs/static/logo.svg');
    assert.equal(logo.status, 200);
    assert.match(String(logo.headers['content-type']), /image\/svg\+xml/);
    assert.match(logo.text, /<svg/);
  });
});
