/**
 * `/:project_id/jwt`: checking a custom token with the project key (`decode`, Tiledesk's answers
 * and reasons) and minting a short test token (`generatetestjwt`, admins only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, decodeJwt } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';

const NO_KEY = { success: false, msg: 'Project hasnt  a jwtSecret' };

async function keyOf(t: TestApp, tenant: Tenant): Promise<string> {
  const response = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body.jwtSecret;
}

/** A token signed with `secret`, `iat`/`exp` as given (seconds; null: none). */
function sign(
  secret: string,
  claims: Record<string, unknown>,
  times: { iat?: number | null; exp?: number | null } = {},
  alg = 'HS256',
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg });
  if (times.iat !== null) jwt.setIssuedAt(times.iat ?? now);
  if (times.exp !== null) jwt.setExpirationTime(times.exp ?? now + 300);
  return jwt.sign(new TextEncoder().encode(secret));
}

describe('project token tools', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const decode = (tenant: Tenant, headers: Record<string, string>) =>
    t.http('POST', `/${tenant.projectId}/jwt/decode`, { headers });
  const generate = (tenant: Tenant, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', `/${tenant.projectId}/jwt/generatetestjwt`, { headers, body });

  it('answers 404 until the project has a key', async () => {
    const tenant = await newTenant(t);
    const token = await sign('whatever-secret', { _id: 'x' });
    const decoded = await decode(tenant, { authorization: `JWT ${token}` });
    assert.equal(decoded.status, 404);
    assert.deepEqual(decoded.body, NO_KEY);
    const generated = await generate(tenant, { _id: 'x' });
    assert.equal(generated.status, 404);
    assert.deepEqual(generated.body, NO_KEY);
  });

  it('mints a 5-minute test token that decode accepts and the custom-token sign-in takes', async () => {
    const tenant = await newTenant(t);
    const secret = await keyOf(t, tenant);
    const claims = {
      _id: 'external-7',
      firstname: 'Ada',
      email: 'ada@example.test',
      sub: 'userexternal',
      aud: `https://tiledesk.com/projects/${tenant.projectId}`,
      iat: 1,
      exp: 2,
    };
    const generated = await generate(tenant, claims, tenant.owner.jwt);
    assert.equal(generated.status, 200, generated.text);
    assert.equal(generated.body.success, true);
    assert.match(generated.body.token, /^JWT /);
    assert.ok(!generated.text.includes(secret));
    const token = generated.body.token.slice(4);
    const payload = decodeJwt(token);
    assert.equal(payload.exp! - payload.iat!, 300);
    assert.ok(Math.abs(payload.iat! - Date.now() / 1000) < 60);

    const decoded = await decode(tenant, { authorization: generated.body.token });
    assert.equal(decoded.status, 200, decoded.text);
    assert.deepEqual(decoded.body, { decoded: payload });
    assert.equal(decoded.body.decoded.firstname, 'Ada');

    const signin = await t.http('POST', '/auth/signinWithCustomToken', {
      headers: { authorization: generated.body.token },
    });
    assert.equal(signin.status, 200, signin.text);
  });

  it("reports why a token is refused, in jsonwebtoken's words", async () => {
    const tenant = await newTenant(t);
    const secret = await keyOf(t, tenant);
    const now = Math.floor(Date.now() / 1000);
    const refused = async (token: string) => {
      const response = await decode(tenant, { authorization: `JWT ${token}` });
      assert.equal(response.status, 401, response.text);
      assert.equal(response.body.success, false);
      return response.body;
    };
    assert.deepEqual(await refused(await sign('another-secret-entirely', { _id: 'x' })), {
      success: false,
      msg: 'Authentication failed',
      err: { name: 'JsonWebTokenError', message: 'invalid signature' },
    });
    assert.deepEqual(await refused('not.a.jwt'), {
      success: false,
      msg: 'Authentication failed',
      err: { name: 'JsonWebTokenError', message: 'jwt malformed' },
    });
    assert.deepEqual(await refused(await sign(secret, { _id: 'x' }, { iat: now - 400, exp: now - 100 })), {
      success: false,
      msg: 'Authentication failed',
      err: { name: 'TokenExpiredError', message: 'jwt expired', expiredAt: new Date((now - 100) * 1000).toISOString() },
    });
    const hs512 = await refused(await sign(secret, { _id: 'x' }, {}, 'HS512'));
    assert.deepEqual(hs512.err, { name: 'JsonWebTokenError', message: 'invalid algorithm' });
    assert.deepEqual(await refused(await sign(secret, { _id: 'x' }, { iat: null })), {
      success: false,
      msg: 'Authentication failed. Token iat is required',
    });
    assert.deepEqual(await refused(await sign(secret, { _id: 'x' }, { exp: null })), {
      success: false,
      msg: 'Authentication failed. Token exp is required',
    });
    assert.deepEqual(await refused(await sign(secret, { _id: 'x' }, { iat: now, exp: now + 601 })), {
      success: false,
      msg: 'Authentication failed. The value of exp is permitted to be up to a maximum of 10 minutes from the iat value',
    });
    // Exactly ten minutes is accepted.
    const ten = await decode(tenant, {
      authorization: `JWT ${await sign(secret, { _id: 'x' }, { iat: now, exp: now + 600 })}`,
    });
    assert.equal(ten.status, 200, ten.text);
    // A user's own session token is not signed with the project key.
    const own = await decode(tenant, tenant.owner.jwt);
    assert.equal(own.status, 401);
  });

  it("answers 403 without a two-word Authorization header, as Tiledesk's valid-token", async () => {
    const tenant = await newTenant(t);
    await keyOf(t, tenant);
    for (const headers of [{} as Record<string, string>, { authorization: 'JWT' }, { authorization: 'JWT a b' }]) {
      const response = await decode(tenant, headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.deepEqual(response.body, { success: false, msg: 'Unauthorized.' });
    }
  });

  it('decodes with the key of the project in the URL only', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const aSecret = await keyOf(t, a);
    await keyOf(t, b);
    const token = await sign(aSecret, { _id: 'x', aud: `https://tiledesk.com/projects/${a.projectId}` });
    assert.equal((await decode(a, { authorization: `JWT ${token}` })).status, 200);
    const elsewhere = await decode(b, { authorization: `JWT ${token}` });
    assert.equal(elsewhere.status, 401);
    assert.equal(elsewhere.body.err.message, 'invalid signature');
  });

  it('lets only admins mint test tokens, from an object body', async () => {
    const tenant = await newTenant(t);
    await keyOf(t, tenant);
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId);
    const asAgent = await generate(tenant, { _id: 'x' }, agent.basic);
    assert.equal(asAgent.status, 403);
    assert.deepEqual(asAgent.body, { success: false, msg: 'you dont have the required role.' });
    assert.equal((await generate(tenant, { _id: 'x' }, visitor.headers)).status, 403);
    assert.equal((await generate(tenant, { _id: 'x' }, {})).status, 401);
    assert.equal((await generate(tenant, ['x'])).status, 422);
  });
});
