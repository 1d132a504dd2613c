import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, basicAuth, newTenant, signup, uniqueEmail } from './helpers/factories.js';

const sign = (payload: Record<string, unknown>, secret: string, claims: { sub?: string; aud?: string } = {}) => {
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  return jwt.sign(new TextEncoder().encode(secret));
};

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  describe('POST /auth/signup', () => {
    it('creates a user, lower-cases the email and never returns the password', async () => {
      const email = uniqueEmail('UPPER').toUpperCase();
      const response = await t.http('POST', '/auth/signup', {
        body: { email, password: 'secret-pw', firstname: 'Ann', lastname: 'Lee', disableEmail: true },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.success, true);
      assert.equal(response.body.msg, 'Successfully created new user.');
      assert.equal(response.body.user.email, email.toLowerCase());
      assert.equal(response.body.user.emailverified, false);
      assert.equal(response.body.user.status, 100);
      assert.equal(response.body.user.password, undefined);
      assert.equal(response.body.user.password_hash, undefined);
    });

    it('ignores fields the caller may not set (emailverified, status, _id)', async () => {
      const email = uniqueEmail('verified');
      const response = await t.http('POST', '/auth/signup', {
        body: { email, password: 'secret-pw', firstname: 'A', lastname: 'B', emailverified: true, status: 0, _id: 'x' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.user.emailverified, false);
      assert.equal(response.body.user.status, 100);
      assert.match(response.body.user._id, /^[0-9a-f]{24}$/);
    });

    it('answers 403 for an email already registered', async () => {
      const user = await signup(t);
      const response = await t.http('POST', '/auth/signup', {
        body: { email: user.email.toUpperCase(), password: 'another-pw', firstname: 'A', lastname: 'B' },
      });
      assert.equal(response.status, 403);
      assert.deepEqual(response.body, { success: false, message: 'Email already registered' });
    });

    it('answers 422 in express-validator shape for an invalid email or missing names', async () => {
      const response = await t.http('POST', '/auth/signup', { body: { email: 'not-an-email', password: 'x' } });
      assert.equal(response.status, 422);
      const params = response.body.errors.map((e: { param: string }) => e.param).sort();
      assert.deepEqual(params, ['email', 'firstname', 'lastname']);
      assert.equal(response.body.errors[0].msg, 'Invalid value');
      assert.equal(response.body.errors[0].location, 'body');
    });

    it('answers 200 success:false without a password, as Tiledesk does', async () => {
      const response = await t.http('POST', '/auth/signup', {
        body: { email: uniqueEmail(), firstname: 'A', lastname: 'B' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { success: false, msg: 'Please pass email and password.' });
    });
  });

  describe('POST /auth/signin', () => {
    it('returns a "JWT " token with iss, aud, sub and jti claims and no expiry by default', async () => {
      const user = await signup(t);
      const response = await t.http('POST', '/auth/signin', { body: { email: user.email, password: user.password } });
      assert.equal(response.status, 200);
      assert.equal(response.body.success, true);
      assert.match(response.body.token, /^JWT /);
      assert.equal(response.body.user.email, user.email);
      assert.equal(response.body.user.password, undefined);
      const claims = JSON.parse(Buffer.from(response.body.token.slice(4).split('.')[1], 'base64url').toString());
      assert.equal(claims.iss, 'https://tiledesk.com');
      assert.equal(claims.aud, 'https://tiledesk.com');
      assert.equal(claims.sub, 'user');
      assert.equal(claims._id, user.id);
      assert.ok(claims.jti);
      assert.equal(claims.exp, undefined);
    });

    it('accepts a form-encoded body and a mixed-case email', async () => {
      const user = await signup(t);
      const form = new URLSearchParams({ email: user.email.toUpperCase(), password: user.password }).toString();
      const response = await t.http('POST', '/auth/signin', {
        payload: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.user.email, user.email);
    });

    it('answers 401 for an unknown user and for a wrong password, 422 for an empty body', async () => {
      const user = await signup(t);
      const unknown = await t.http('POST', '/auth/signin', { body: { email: uniqueEmail(), password: 'x' } });
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.body, { success: false, msg: 'Authentication failed. User not found.' });
      const wrong = await t.http('POST', '/auth/signin', { body: { email: user.email, password: 'wrong' } });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, { success: false, msg: 'Authentication failed. Wrong password.' });
      const empty = await t.http('POST', '/auth/signin', { body: {} });
      assert.equal(empty.status, 422);
    });
  });

  describe('protected routes', () => {
    it('accept JWT and Basic credentials, and refuse missing or bad ones with a JSON 401', async () => {
      const user = await signup(t);
      assert.equal((await t.http('GET', '/users', { headers: user.jwt })).status, 200);
      const basic = await t.http('GET', '/users', { headers: basicAuth(user.email.toUpperCase(), user.password) });
      assert.equal(basic.status, 200);
      assert.equal(basic.body.email, user.email);

      for (const headers of [
        {},
        basicAuth(user.email, 'wrong'),
        { authorization: 'JWT not.a.token' },
        { authorization: `JWT ${await sign({ _id: user.id }, 'some-other-secret', { sub: 'user' })}` },
      ]) {
        const response = await t.http('GET', '/users', { headers });
        assert.equal(response.status, 401);
        assert.equal(response.body.success, false);
        assert.equal(response.headers['www-authenticate'], undefined);
      }
    });

    it('verify user tokens with the global secret only; a project key never names a password account', async () => {
      const tenant = await newTenant(t);
      const payload = { _id: tenant.owner.id, email: tenant.owner.email };
      const global = await sign(payload, t.context.jwtSecret);
      assert.equal(
        (await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers: { authorization: `JWT ${global}` } }))
          .status,
        200,
      );

      // Tiledesk accepts a user token signed with the project's key: whoever holds that key is
      // then the owner. Parley reads such a token as an end user of the project, unknown here.
      const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
      assert.equal(keys.status, 200);
      const audience = `https://tiledesk.com/projects/${tenant.projectId}`;
      const projectToken = await sign(payload, keys.body.jwtSecret, { sub: 'user', aud: audience });
      const viaProject = await t.http('GET', `/${tenant.projectId}/project_users/me`, {
        headers: { authorization: `JWT ${projectToken}` },
      });
      assert.equal(viaProject.status, 403);
      const me = await t.http('GET', '/users', { headers: { authorization: `JWT ${projectToken}` } });
      assert.notEqual(me.status, 200);
      const forged = await sign(payload, 'not-the-project-secret', { sub: 'user', aud: audience });
      assert.equal((await t.http('GET', '/users', { headers: { authorization: `JWT ${forged}` } })).status, 401);
    });

    it('rejects unsigned ("alg: none") tokens', async () => {
      const user = await signup(t);
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ _id: user.id, sub: 'user' })).toString('base64url');
      const response = await t.http('GET', '/users', { headers: { authorization: `JWT ${header}.${body}.` } });
      assert.equal(response.status, 401);
    });
  });

  describe('POST /auth/signinAnonymously', () => {
    it('creates a guest with a uuid and a guest membership', async () => {
      const tenant = await newTenant(t);
      const response = await t.http('POST', '/auth/signinAnonymously', {
        body: { id_project: tenant.projectId, firstname: 'John', email: 'email@email.com' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.success, true);
      assert.match(response.body.token, /^JWT /);
      const user = response.body.user;
      assert.match(user._id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(user.id, user._id);
      assert.equal(user.firstname, 'John');
      assert.equal(user.fullName, 'John');
      assert.equal(user.email, 'email@email.com');

      const me = await t.http('GET', `/${tenant.projectId}/project_users/me`, {
        headers: { authorization: response.body.token },
      });
      assert.equal(me.status, 200);
      assert.equal(me.body[0].role, 'guest');
      assert.equal(me.body[0].uuid_user, user._id);
      assert.equal(me.body[0].roleType, 2);
      assert.equal(me.body[0].isAuthenticated, false);
    });

    it('names an unnamed guest guest#xxxx', async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId);
      const me = await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers: visitor.headers });
      assert.equal(me.status, 200);
      const claims = JSON.parse(Buffer.from(visitor.token.slice(4).split('.')[1], 'base64url').toString());
      assert.match(claims.firstname, /^guest#/);
      assert.equal(claims.sub, 'guest');
    });

    it('answers 4xx, not 500, for a missing, malformed or unknown project', async () => {
      const missing = await t.http('POST', '/auth/signinAnonymously', { body: {} });
      assert.equal(missing.status, 422);
      const malformed = await t.http('POST', '/auth/signinAnonymously', { body: { id_project: 'nope' } });
      assert.equal(malformed.status, 400);
      assert.deepEqual(malformed.body, { error: 'Invalid project id: nope' });
      const unknown = await t.http('POST', '/auth/signinAnonymously', {
        body: { id_project: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
      });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body, { error: 'Project not found with id: aaaaaaaaaaaaaaaaaaaaaaaa' });
    });

    it('gives guests no access beyond what guests may do', async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId);
      const team = await t.http('GET', `/${tenant.projectId}/project_users`, { headers: visitor.headers });
      assert.equal(team.status, 403);
      assert.deepEqual(team.body, { success: false, msg: 'you dont have the required role.' });
    });
  });

  describe('POST /auth/signinWithCustomToken', () => {
    async function projectSecret(tenant: Awaited<ReturnType<typeof newTenant>>) {
      const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
      assert.equal(keys.status, 200, keys.text);
      return keys.body.jwtSecret as string;
    }

    it('accepts an external user token signed with the project secret and echoes it back', async () => {
      const tenant = await newTenant(t);
      const secret = await projectSecret(tenant);
      const token = await sign(
        { _id: '123', firstname: 'andrea', lastname: 'leo', email: 'email2@email.com', customAttr: 'c1' },
        secret,
        { sub: 'userexternal', aud: `https://tiledesk.com/projects/${tenant.projectId}` },
      );
      for (let i = 0; i < 2; i++) {
        const response = await t.http('POST', '/auth/signinWithCustomToken', {
          headers: { authorization: `JWT ${token}` },
        });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.success, true);
        assert.equal(response.body.token, `JWT ${token}`);
        assert.equal(response.body.user.email, 'email2@email.com');
        assert.equal(response.body.user.firstname, 'andrea');
        assert.equal(response.body.user.customAttr, 'c1');
        assert.equal(response.body.user.fullName, 'andrea leo');
      }
      const me = await t.http('GET', `/${tenant.projectId}/project_users/me`, {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(me.status, 200);
      assert.equal(me.body[0].uuid_user, '123');
      assert.equal(me.body[0].role, 'user');
    });

    it('refuses a wrong secret, a token without _id and a token without aud (401)', async () => {
      const tenant = await newTenant(t);
      const secret = await projectSecret(tenant);
      const aud = `https://tiledesk.com/projects/${tenant.projectId}`;
      const cases = [
        await sign({ _id: '1' }, 'wrong-secret-value', { sub: 'userexternal', aud }),
        await sign({ firstname: 'no id' }, secret, { sub: 'userexternal', aud }),
        await sign({ _id: '1' }, secret, { sub: 'userexternal' }),
      ];
      for (const token of cases) {
        const response = await t.http('POST', '/auth/signinWithCustomToken', {
          headers: { authorization: `JWT ${token}` },
        });
        assert.equal(response.status, 401, response.text);
      }
    });

    it('gives a team role in the token a real account and a user token', async () => {
      const tenant = await newTenant(t);
      const secret = await projectSecret(tenant);
      const email = uniqueEmail('ext-admin');
      const token = await sign({ _id: 'ext-1', firstname: 'andrea', lastname: 'leo', email, role: 'admin' }, secret, {
        sub: 'userexternal',
        aud: `https://tiledesk.com/projects/${tenant.projectId}`,
      });
      const response = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.user.email, email);
      assert.equal(response.body.user.firstname, 'andrea');
      assert.notEqual(response.body.token, `JWT ${token}`);
      const team = await t.http('GET', `/${tenant.projectId}/project_users`, {
        headers: { authorization: response.body.token },
      });
      assert.equal(team.status, 200);
      assert.ok(team.body.some((pu: any) => pu.role === 'admin' && pu.id_user.email === email));

      // The owner's own email: Tiledesk hands out the owner's account. Parley makes an account
      // of this project for `ext-2`, which is not the owner and cannot reach the owner's projects.
      const ownerToken = await sign({ _id: 'ext-2', email: tenant.owner.email, role: 'admin' }, secret, {
        sub: 'userexternal',
        aud: `https://tiledesk.com/projects/${tenant.projectId}`,
      });
      const owner = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${ownerToken}` },
      });
      assert.equal(owner.status, 200, owner.text);
      assert.notEqual(owner.body.user._id, tenant.owner.id);
      assert.notEqual(owner.body.user.firstname, tenant.owner.firstname);
      const me = await t.http('GET', '/users', { headers: { authorization: owner.body.token } });
      assert.equal(me.body._id, owner.body.user._id);
      // The same external id signs in to the same account.
      const again = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${ownerToken}` },
      });
      assert.equal(again.body.user._id, owner.body.user._id);
    });

    it('requires admin to generate the project secret (a Tiledesk agent could mint admin tokens)', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const response = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: agent.basic });
      assert.equal(response.status, 403);
      assert.deepEqual(response.body, { success: false, msg: 'you dont have the required role.' });
    });
  });

  describe('/users', () => {
    it('reads and updates the own profile through an allow-list', async () => {
      const user = await signup(t);
      const response = await t.http('PUT', '/users', {
        headers: user.jwt,
        body: { firstname: 'New', attributes: { a: 1 }, email: 'hijack@example.test', emailverified: true },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.success, true);
      assert.equal(response.body.updatedUser.firstname, 'New');
      assert.deepEqual(response.body.updatedUser.attributes, { a: 1 });
      assert.equal(response.body.updatedUser.email, user.email);
      assert.equal(response.body.updatedUser.emailverified, false);
    });

    it('changes the password: old one checked, new one must differ, Basic cache invalidated', async () => {
      const user = await signup(t);
      assert.equal((await t.http('GET', '/users', { headers: user.basic })).status, 200);
      const wrong = await t.http('PUT', '/users/changepsw', {
        headers: user.basic,
        body: { oldpsw: 'nope', newpsw: 'new-password' },
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.msg, 'Current password is invalid.');
      const same = await t.http('PUT', '/users/changepsw', {
        headers: user.basic,
        body: { oldpsw: user.password, newpsw: user.password },
      });
      assert.equal(same.status, 403);
      const missing = await t.http('PUT', '/users/changepsw', { headers: user.basic, body: {} });
      assert.equal(missing.status, 422);
      const ok = await t.http('PUT', '/users/changepsw', {
        headers: user.basic,
        body: { oldpsw: user.password, newpsw: 'brand-new' },
      });
      assert.equal(ok.status, 200);
      assert.equal((await t.http('GET', '/users', { headers: user.basic })).status, 401);
      assert.equal((await t.http('GET', '/users', { headers: basicAuth(user.email, 'brand-new') })).status, 200);
    });
  });
});
