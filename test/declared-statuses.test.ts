/**
 * The test-mode check of response statuses (platform/http/declared-statuses.ts), on a bare Fastify
 * app with Parley's error handling: what the whole suite relies on to keep the OpenAPI document's
 * error responses true.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { errors } from '../src/platform/errors.js';
import { registerErrorHandling } from '../src/platform/http/error-handler.js';
import { BODY, errorResponses, memberErrors, registerErrorSchemas } from '../src/platform/http/error-responses.js';
import { allowStatuses, checkDeclaredStatuses, type UndeclaredStatus } from '../src/platform/http/declared-statuses.js';

function bareApp() {
  const app = Fastify();
  const undeclared: UndeclaredStatus[] = [];
  checkDeclaredStatuses(app, (violation) => undeclared.push(violation));
  registerErrorSchemas(app);
  registerErrorHandling(app);
  return { app, undeclared };
}

describe('declared response statuses (test mode)', () => {
  it('lets a declared error status through, its body as the error handler wrote it', async () => {
    const { app, undeclared } = bareApp();
    app.get(
      '/things/:id',
      {
        config: { notFound: { file: ({ id }) => ({ success: false, error: `Thing ${id} not found.` }) } },
        schema: { response: { 200: {}, ...errorResponses(404) } },
      },
      async () => {
        throw errors.notFound('file', '1');
      },
    );
    const response = await app.inject({ method: 'GET', url: '/things/1' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.body, '{"success":false,"error":"Thing 1 not found."}');
    assert.deepEqual(undeclared, []);
    await app.close();
  });

  it('turns an undeclared status into a distinctive 500 and reports it', async () => {
    const { app, undeclared } = bareApp();
    app.get('/things/:id', { schema: { response: { 200: {}, ...errorResponses() } } }, async () => {
      throw errors.notFound('file', '1');
    });
    const response = await app.inject({ method: 'GET', url: '/things/1' });
    assert.equal(response.statusCode, 500);
    const violation = {
      method: 'GET',
      url: '/things/:id',
      status: 404,
      body: '{"success":false,"msg":"Object not found."}',
    };
    assert.deepEqual(JSON.parse(response.body), { err: 'undeclared response status', ...violation });
    assert.deepEqual(undeclared, [violation]);
    await app.close();
  });

  it('checks success statuses too, and leaves unknown routes to the not-found handler', async () => {
    // The route answers 201 on purpose, which its schema (hence its reply's type) does not allow.
    const { app, undeclared } = bareApp();
    app.post('/things', { schema: { response: { 200: {}, ...memberErrors(BODY) } } }, async (_request, reply) =>
      reply.code(201 as 200).send({ ok: true }),
    );
    assert.equal((await app.inject({ method: 'POST', url: '/things' })).statusCode, 500);
    assert.deepEqual(
      undeclared.map(({ status }) => status),
      [201],
    );
    assert.equal((await app.inject({ method: 'GET', url: '/nothing' })).statusCode, 404);
    assert.equal(undeclared.length, 1);
    await app.close();
  });

  it('refuses to start with a route that omits what any route of its kind can answer', async () => {
    const { app } = bareApp();
    app.get('/undeclared', async () => 'ok');
    app.post('/no-body-errors', { schema: { response: { 200: {}, ...errorResponses(404) } } }, async () => 'ok');
    await assert.rejects(
      async () => app.ready(),
      (error: Error) =>
        error.message.includes('GET /undeclared: 422, 500') &&
        error.message.includes('POST /no-body-errors: 400, 413, 415'),
    );
    await app.close();
  });

  it("takes a third-party plugin's statuses from allowStatuses", async () => {
    const { app, undeclared } = bareApp();
    await app.register(async (scope) => {
      allowStatuses(scope, [200, 302]);
      scope.get('/page', async (_request, reply) => reply.redirect('/page/'));
    });
    assert.equal((await app.inject({ method: 'GET', url: '/page' })).statusCode, 302);
    assert.deepEqual(undeclared, []);
    await app.close();
  });
});
