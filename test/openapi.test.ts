import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from './helpers/test-app.js';

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
      '/projects/{project_id}/isopen': ['get'],
      '/projects/{project_id}/users/availables': ['get'],
      '/{project_id}/project_users/': ['get', 'put', 'post'],
      '/{project_id}/project_users/me': ['get'],
      '/{project_id}/project_users/invite': ['post'],
      '/{project_id}/project_users/users/{user_id}': ['get'],
      '/{project_id}/project_users/{project_user_id}': ['get', 'put', 'delete'],
      '/{project_id}/project_users/{project_user_id}/restore': ['put'],
      '/{project_id}/pendinginvitations/': ['get'],
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

  it('serves the browsable documentation at /docs', async () => {
    const page = await t.http('GET', '/docs');
    const html = page.status === 302 ? await t.http('GET', String(page.headers.location)) : page;
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /text\/html/);
    assert.match(html.text, /swagger-ui/i);
    const spec = await t.http('GET', '/docs/json');
    assert.equal(spec.status, 200);
    assert.equal(spec.body.info.title, 'Parley API');
  });
});
