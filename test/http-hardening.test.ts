/**
 * What a hostile page or a careless client cannot do over HTTP: ride a browser's credentials from
 * another site (no Basic challenge, JSON-only bodies, CORS without credentials), frame the
 * dashboard, store outsized free-form objects, choose a trivial password.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type HttpResult, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, signup, uniqueEmail } from './helpers/factories.js';
import { multipartBody } from './helpers/multipart.js';
import { newRequestId } from './helpers/conversations.js';

const isJson = (response: HttpResult) => String(response.headers['content-type']).startsWith('application/json');

describe('HTTP hardening', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  describe('cross-site requests', () => {
    it('never challenges for Basic credentials, and still accepts them', async () => {
      const user = await signup(t);
      const refused = await t.http('GET', '/projects');
      assert.equal(refused.status, 401);
      assert.equal(refused.headers['www-authenticate'], undefined);
      const wrong = await t.http('GET', '/users', {
        headers: { authorization: `Basic ${Buffer.from(`${user.email}:wrong`).toString('base64')}` },
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers['www-authenticate'], undefined);
      assert.equal((await t.http('GET', '/users', { headers: user.basic })).status, 200);
    });

    it('refuses form, text and multipart bodies on state-changing routes with a JSON 415', async () => {
      const tenant = await newTenant(t);
      const form = await multipartBody({ name: 'Forged' }, {});
      const attempts: Array<[string, string, Record<string, string>, string | Buffer]> = [
        ['POST', '/projects', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=Forged'],
        ['POST', '/projects', { 'content-type': 'text/plain' }, '{"name":"Forged"}'],
        ['POST', '/projects', form.headers, form.payload],
        ['PUT', '/users', { 'content-type': 'text/plain;charset=UTF-8' }, '{"firstname":"Forged"}'],
        [
          'PUT',
          `/projects/${tenant.projectId}`,
          { 'content-type': 'application/x-www-form-urlencoded' },
          'name=Forged',
        ],
        ['POST', `/${tenant.projectId}/faq_kb/importjson/null?create=true`, { 'content-type': 'text/plain' }, '{}'],
        ['POST', `/${tenant.projectId}/files/chat`, { 'content-type': 'text/plain' }, 'hello'],
      ];
      for (const [method, url, headers, payload] of attempts) {
        const response = await t.http(method, url, { headers: { ...tenant.owner.basic, ...headers }, payload });
        assert.equal(response.status, 415, `${method} ${url} ${headers['content-type']}: ${response.text}`);
        assert.ok(isJson(response));
        assert.equal(response.body.success, false);
      }
      const projects = await t.http('GET', '/projects', { headers: tenant.owner.basic });
      assert.deepEqual(
        projects.body.map((p: { id_project: { name: string } }) => p.id_project.name),
        ['Test project'],
      );
      const user = await t.http('GET', '/users', { headers: tenant.owner.basic });
      assert.notEqual(user.body.firstname, 'Forged');
    });

    it('takes form-encoded bodies on the sign-in and sign-up forms only', async () => {
      const email = uniqueEmail('form');
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const fields = new URLSearchParams({ email, password: 'form-password', firstname: 'Form', lastname: 'User' });
      const created = await t.http('POST', '/auth/signup', { headers: form, payload: fields.toString() });
      assert.equal(created.status, 200, created.text);
      const signedIn = await t.http('POST', '/auth/signin', {
        headers: form,
        payload: new URLSearchParams({ email, password: 'form-password' }).toString(),
      });
      assert.equal(signedIn.status, 200, signedIn.text);
      const tenant = await newTenant(t);
      const anonymousForm = await t.http('POST', '/auth/signinAnonymously', {
        headers: form,
        payload: new URLSearchParams({ id_project: tenant.projectId }).toString(),
      });
      assert.equal(anonymousForm.status, 415);
    });

    it('allows any origin, never with credentials', async () => {
      const origin = 'https://customer-site.example';
      const simple = await t.http('GET', '/health', { headers: { origin } });
      assert.equal(simple.headers['access-control-allow-origin'], origin);
      assert.equal(simple.headers['access-control-allow-credentials'], undefined);
      const preflight = await t.http('OPTIONS', '/projects', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], origin);
      assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    });
  });

  describe('security headers of the served pages', () => {
    const csp = (response: HttpResult) => String(response.headers['content-security-policy']);

    it('forbids framing the old dashboard address (a redirect to the console)', async () => {
      const page = await t.http('GET', '/dashboard/');
      assert.equal(page.status, 200);
      assert.match(csp(page), /frame-ancestors 'none'/);
      assert.match(csp(page), /script-src 'self'/);
      assert.match(csp(page), /object-src 'none'/);
      assert.doesNotMatch(csp(page), /unsafe-inline|upgrade-insecure-requests/);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(page.headers['strict-transport-security'], undefined);
      const script = await t.http('GET', '/dashboard/redirect.js');
      assert.equal(script.status, 200);
      assert.equal(script.headers['x-content-type-options'], 'nosniff');
    });

    it('lets any site frame the widget, under the same script policy', async () => {
      const page = await t.http('GET', '/widget/?project=0123456789abcdef01234567');
      assert.equal(page.status, 200);
      assert.match(csp(page), /frame-ancestors \*/);
      assert.match(csp(page), /script-src 'self'/);
      assert.equal(page.headers['x-frame-options'], undefined);
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      const shared = await t.http('GET', '/shared/api.js');
      assert.equal(shared.status, 200);
      assert.equal(shared.headers['x-content-type-options'], 'nosniff');
    });

    it('leaves the API and its reference as they were', async () => {
      const docs = await t.http('GET', '/docs/');
      assert.equal(docs.status, 200);
      assert.match(docs.text, /swagger/i);
      const spec = await t.http('GET', '/openapi.json');
      assert.equal(spec.status, 200);
      const health = await t.http('GET', '/health');
      assert.equal(health.status, 200);
      assert.equal(health.headers['content-security-policy'], undefined);
    });
  });

  describe('free-form objects', () => {
    const big = (bytes: number) => ({ blob: 'x'.repeat(bytes) });

    it('refuses 650 KB of attributes with a 422 naming the field (default cap)', async () => {
      const tenant = await newTenant(t);
      const response = await t.http('POST', '/auth/signinAnonymously', {
        body: { id_project: tenant.projectId, attributes: big(650 * 1024) },
      });
      assert.equal(response.status, 422, response.text);
      assert.equal(response.body.errors[0].param, 'attributes');
      assert.equal(response.body.errors[0].msg, 'Invalid value');
    });

    describe('with ATTRIBUTES_MAX_BYTES=1024', () => {
      let small: TestApp;
      before(async () => {
        small = await startTestApp({ ATTRIBUTES_MAX_BYTES: '1024' });
      });
      after(() => small.close());

      it('caps visitors, messages, leads, requests, users and members alike', async () => {
        const tenant = await newTenant(small);
        const visitor = await anonymous(small, tenant.projectId);
        const requestId = newRequestId(tenant.projectId);
        const owner = tenant.owner.basic;
        const first = await small.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
          headers: visitor.headers,
          body: { text: 'hello', attributes: big(100) },
        });
        assert.equal(first.status, 200, first.text);
        const refusals: Array<[string, string, Record<string, string>, unknown, string]> = [
          [
            'POST',
            '/auth/signinAnonymously',
            {},
            { id_project: tenant.projectId, attributes: big(2000) },
            'attributes',
          ],
          [
            'POST',
            `/${tenant.projectId}/requests/${requestId}/messages`,
            visitor.headers,
            { text: 'hi', metadata: big(2000) },
            'metadata',
          ],
          [
            'POST',
            `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/messages`,
            visitor.headers,
            { text: 'hi', attributes: { a: big(2000) } },
            'attributes',
          ],
          ['PATCH', `/${tenant.projectId}/requests/${requestId}/attributes`, owner, big(2000), ''],
          ['POST', `/${tenant.projectId}/leads`, owner, { fullname: 'L', attributes: big(2000) }, 'attributes'],
          ['PUT', '/users', owner, { attributes: big(2000) }, 'attributes'],
          ['PUT', `/${tenant.projectId}/project_users`, owner, { attributes: big(2000) }, 'attributes'],
        ];
        for (const [method, url, headers, body, param] of refusals) {
          const response = await small.http(method, url, { headers, body });
          assert.equal(response.status, 422, `${method} ${url}: ${response.text}`);
          assert.equal(response.body.errors[0].param, param, url);
        }
        // Multi-byte characters count as the bytes they take.
        const accented = await small.http('PUT', '/users', {
          headers: owner,
          body: { attributes: { a: 'é'.repeat(600) } },
        });
        assert.equal(accented.status, 422);
        const fits = await small.http('PUT', '/users', {
          headers: owner,
          body: { attributes: { a: 'é'.repeat(400) } },
        });
        assert.equal(fits.status, 200, fits.text);
      });
    });
  });

  describe('passwords', () => {
    it('needs at least 8 characters at sign-up and on a change, in express-validator shape', async () => {
      const short = await t.http('POST', '/auth/signup', {
        body: { email: uniqueEmail('short'), password: 'seven77', firstname: 'A', lastname: 'B' },
      });
      assert.equal(short.status, 422);
      assert.deepEqual(
        short.body.errors.map((e: { param: string; msg: string; location: string }) => [e.param, e.msg, e.location]),
        [['password', 'Invalid value', 'body']],
      );
      assert.ok(!short.text.includes('seven77'));

      const user = await signup(t);
      const change = await t.http('PUT', '/users/changepsw', {
        headers: user.basic,
        body: { oldpsw: user.password, newpsw: 'short' },
      });
      assert.equal(change.status, 422);
      assert.equal(change.body.errors[0].param, 'newpsw');
      assert.equal((await t.http('GET', '/users', { headers: user.basic })).status, 200);
    });

    it('follows PASSWORD_MIN_LENGTH', async () => {
      const strict = await startTestApp({ PASSWORD_MIN_LENGTH: '12' });
      try {
        const body = { email: uniqueEmail('strict'), firstname: 'A', lastname: 'B' };
        const refused = await strict.http('POST', '/auth/signup', { body: { ...body, password: 'eleven-char' } });
        assert.equal(refused.status, 422);
        const accepted = await strict.http('POST', '/auth/signup', { body: { ...body, password: 'twelve-chars' } });
        assert.equal(accepted.status, 200, accepted.text);
      } finally {
        await strict.close();
      }
    });
  });
});
