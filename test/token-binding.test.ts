/**
 * Issue 9, "token audiences must bind the principal": every kind of secret, signing a token for
 * every kind of principal, of its own project and of another. A key verifies only what it was
 * made for: a bot's secret that bot, a subscription's secret that subscription, a project's key
 * the end users it minted in that project, the global secret users and the server's guests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, uniqueEmail, type Tenant } from './helpers/factories.js';
import { createBot, createSubscription, type MachineCaller } from './helpers/machine-principals.js';
import { HandshakeRefused, TestSocket } from './helpers/ws-client.js';

const sign = (payload: Record<string, unknown>, secret: string, claims: { sub?: string; aud?: string } = {}) => {
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  return jwt.sign(new TextEncoder().encode(secret));
};

const projectAudience = (id: string) => `https://tiledesk.com/projects/${id}`;

/** One project with one principal of every kind, and the secrets a member of it can obtain. */
interface World {
  tenant: Tenant;
  key: string;
  bot: MachineCaller;
  subscription: MachineCaller;
  guestId: string;
  externalId: string;
}

async function world(t: TestApp): Promise<World> {
  const tenant = await newTenant(t);
  const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
  assert.equal(keys.status, 200, keys.text);
  const externalId = `ext-${tenant.projectId}`;
  const external = await sign({ _id: externalId, firstname: 'Ext' }, keys.body.jwtSecret, {
    sub: 'userexternal',
    aud: projectAudience(tenant.projectId),
  });
  const signedIn = await t.http('POST', '/auth/signinWithCustomToken', {
    headers: { authorization: `JWT ${external}` },
  });
  assert.equal(signedIn.status, 200, signedIn.text);
  return {
    tenant,
    key: keys.body.jwtSecret,
    bot: await createBot(t, tenant.projectId),
    subscription: await createSubscription(t, tenant.projectId),
    guestId: (await anonymous(t, tenant.projectId)).id,
    externalId,
  };
}

describe('token binding', () => {
  let t: TestApp;
  let attacker: World;
  let victim: World;
  before(async () => {
    t = await startTestApp();
    attacker = await world(t);
    victim = await world(t);
  });
  after(() => t.close());

  describe('every secret x every principal x own and foreign project', () => {
    type SecretKind = 'global' | 'project key' | 'bot secret' | 'subscription secret';
    type PrincipalKind = 'user' | 'bot' | 'subscription' | 'guest' | 'userexternal';
    const secretKinds: SecretKind[] = ['global', 'project key', 'bot secret', 'subscription secret'];
    const principalKinds: PrincipalKind[] = ['user', 'bot', 'subscription', 'guest', 'userexternal'];

    function secretOf(kind: SecretKind, w: World): { secret: string; aud?: string } {
      switch (kind) {
        case 'global':
          return { secret: t.context.jwtSecret };
        case 'project key':
          return { secret: w.key, aud: projectAudience(w.tenant.projectId) };
        case 'bot secret':
          return { secret: w.bot.secret, aud: `https://tiledesk.com/bots/${w.bot.id}` };
        case 'subscription secret':
          return { secret: w.subscription.secret, aud: `https://tiledesk.com/subscriptions/${w.subscription.id}` };
      }
    }
    function idOf(kind: PrincipalKind, w: World): string {
      return {
        user: w.tenant.owner.id,
        bot: w.bot.id,
        subscription: w.subscription.id,
        guest: w.guestId,
        userexternal: w.externalId,
      }[kind];
    }
    /**
     * The combinations that must work: each key for what it was made for, in its own project. The
     * global secret is the server's own (no tenant holds it): it names users and anonymous guests.
     */
    function allowed(secret: SecretKind, principal: PrincipalKind, own: boolean): boolean {
      if (secret === 'global') return principal === 'user' || principal === 'guest';
      if (!own) return false;
      return (
        (secret === 'project key' && principal === 'userexternal') ||
        (secret === 'bot secret' && principal === 'bot') ||
        (secret === 'subscription secret' && principal === 'subscription')
      );
    }

    for (const secretKind of secretKinds) {
      for (const principalKind of principalKinds) {
        for (const own of [true, false]) {
          it(`${secretKind} naming a ${principalKind} of ${own ? 'its own' : 'another'} project`, async () => {
            const named = own ? attacker : victim;
            const { secret, aud } = secretOf(secretKind, attacker);
            const token = await sign({ _id: idOf(principalKind, named), email: named.tenant.owner.email }, secret, {
              sub: principalKind,
              ...(aud && { aud }),
            });
            const headers = { authorization: `JWT ${token}` };
            const inProject = await t.http('GET', `/${named.tenant.projectId}/requests/me`, { headers });
            const project = await t.http('GET', `/projects/${named.tenant.projectId}`, { headers });
            const users = await t.http('GET', '/users', { headers });
            if (allowed(secretKind, principalKind, own)) {
              assert.equal(inProject.status, 200, inProject.text);
            } else {
              assert.ok([401, 403].includes(inProject.status), `${inProject.status} ${inProject.text}`);
              assert.ok([401, 403, 404].includes(project.status), `${project.status} ${project.text}`);
              assert.notEqual(users.status, 200, users.text);
            }
          });
        }
      }
    }
  });

  it("the WebSocket holds the same line: a project key naming another project's owner sees nothing", async () => {
    const baseUrl = await t.listen();
    const token = await sign({ _id: victim.tenant.owner.id }, attacker.key, {
      sub: 'user',
      aud: projectAudience(attacker.tenant.projectId),
    });
    // The token verifies (it names an end user of the attacker's project), so the socket opens...
    const socket = await TestSocket.open(TestSocket.url(baseUrl, `JWT ${token}`));
    try {
      // ...but as nobody of the victim's project.
      socket.subscribe(`/${victim.tenant.projectId}/requests`);
      assert.equal((await socket.error()).payload.code, 'forbidden');
    } finally {
      socket.ws.close();
    }
    const forged = await sign({ _id: victim.tenant.owner.id }, attacker.bot.secret, {
      sub: 'user',
      aud: `https://tiledesk.com/bots/${attacker.bot.id}`,
    });
    await assert.rejects(TestSocket.open(TestSocket.url(baseUrl, `JWT ${forged}`)), (error) => {
      assert.ok(error instanceof HandshakeRefused);
      assert.equal(error.status, 401);
      return true;
    });
  });

  describe('POST /auth/signinWithCustomToken', () => {
    it("never hands out a password account, whatever the token's email and role say", async () => {
      const token = await sign(
        { _id: 'impostor', email: victim.tenant.owner.email, role: 'owner', firstname: 'Mallory' },
        attacker.key,
        { sub: 'userexternal', aud: projectAudience(attacker.tenant.projectId) },
      );
      const response = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(response.status, 200, response.text);
      assert.notEqual(response.body.user._id, victim.tenant.owner.id);
      const headers = { authorization: response.body.token };
      const projects = await t.http('GET', '/projects', { headers });
      assert.equal(projects.status, 200);
      assert.deepEqual(
        projects.body.map((membership: any) => membership.id_project._id ?? membership.id_project),
        [attacker.tenant.projectId],
      );
      // Owner was asked for; a project key grants admin at most.
      assert.equal(projects.body[0].role, 'admin');
      assert.equal((await t.http('GET', `/${victim.tenant.projectId}/requests`, { headers })).status, 403);
      // The victim still signs in with a password and the impostor's account is not found by email.
      const signin = await t.http('POST', '/auth/signin', {
        body: { email: victim.tenant.owner.email, password: victim.tenant.owner.password },
      });
      assert.equal(signin.status, 200);
      assert.equal(signin.body.user._id, victim.tenant.owner.id);
    });

    it('takes the project from the key, never from the body (bot and subscription audiences)', async () => {
      for (const [caller, audience, sub] of [
        [attacker.bot, `https://tiledesk.com/bots/${attacker.bot.id}`, 'bot'],
        [attacker.subscription, `https://tiledesk.com/subscriptions/${attacker.subscription.id}`, 'subscription'],
      ] as const) {
        const token = await sign({ _id: caller.id, role: 'owner', email: uniqueEmail('bot') }, caller.secret, {
          sub,
          aud: audience,
        });
        const response = await t.http('POST', '/auth/signinWithCustomToken', {
          headers: { authorization: `JWT ${token}` },
          body: { id_project: victim.tenant.projectId },
        });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.token, `JWT ${token}`);
        const inVictim = await t.http('GET', `/${victim.tenant.projectId}/requests`, {
          headers: { authorization: response.body.token },
        });
        assert.equal(inVictim.status, 403);
      }
      const team = await t.http('GET', `/${victim.tenant.projectId}/project_users`, {
        headers: victim.tenant.owner.basic,
      });
      assert.equal(team.body.length, 1);
    });

    it("an admin's key cannot make an owner, so an admin cannot demote the owner", async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: admin.basic });
      assert.equal(keys.status, 200);
      const token = await sign({ _id: 'usurper', email: uniqueEmail('usurper'), role: 'owner' }, keys.body.jwtSecret, {
        sub: 'userexternal',
        aud: projectAudience(tenant.projectId),
      });
      const minted = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(minted.status, 200, minted.text);
      const headers = { authorization: minted.body.token };
      const me = await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers });
      assert.equal(me.body[0]?.role ?? me.body.role, 'admin');
      const team = await t.http('GET', `/${tenant.projectId}/project_users`, { headers: tenant.owner.basic });
      const owner = team.body.find((member: any) => member.role === 'owner');
      const demote = await t.http('PUT', `/${tenant.projectId}/project_users/${owner._id}`, {
        headers,
        body: { role: 'agent' },
      });
      assert.equal(demote.status, 403, demote.text);
    });

    it('an end-user role above user acts as a user (no supervisor visitors)', async () => {
      const token = await sign({ _id: 'sup-visitor', role: 'supervisor' }, attacker.key, {
        sub: 'userexternal',
        aud: projectAudience(attacker.tenant.projectId),
      });
      const response = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(response.status, 200);
      const headers = { authorization: response.body.token };
      assert.equal((await t.http('GET', `/${attacker.tenant.projectId}/requests/me`, { headers })).status, 200);
      const leads = await t.http('GET', `/${attacker.tenant.projectId}/leads`, { headers });
      assert.equal(leads.status, 403, leads.text);
    });

    it("refuses to speak for the server's anonymous guests", async () => {
      const guest = await anonymous(t, attacker.tenant.projectId);
      const token = await sign({ _id: guest.id }, attacker.key, {
        sub: 'userexternal',
        aud: projectAudience(attacker.tenant.projectId),
      });
      const response = await t.http('POST', '/auth/signinWithCustomToken', {
        headers: { authorization: `JWT ${token}` },
      });
      assert.equal(response.status, 401, response.text);
    });
  });

  describe('dead keys', () => {
    it("a deleted project's key, a trashed bot's secret and a deleted project's subscription verify nothing", async () => {
      const w = await world(t);
      const external = await sign({ _id: w.externalId }, w.key, {
        sub: 'userexternal',
        aud: projectAudience(w.tenant.projectId),
      });
      assert.equal(
        (await t.http('GET', `/${w.tenant.projectId}/requests/me`, { headers: { authorization: `JWT ${external}` } }))
          .status,
        200,
      );
      const trashed = await t.http('DELETE', `/${w.tenant.projectId}/faq_kb/${w.bot.id}`, {
        headers: w.tenant.owner.basic,
      });
      assert.equal(trashed.status, 200, trashed.text);
      assert.equal((await t.http('GET', '/users', { headers: w.bot.headers })).status, 401);

      const deleted = await t.http('DELETE', `/projects/${w.tenant.projectId}`, { headers: w.tenant.owner.basic });
      assert.equal(deleted.status, 200, deleted.text);
      for (const headers of [{ authorization: `JWT ${external}` }, w.subscription.headers]) {
        const response = await t.http('POST', '/auth/signinWithCustomToken', { headers });
        assert.equal(response.status, 401, response.text);
      }
    });
  });

  describe('token hygiene', () => {
    it('a malformed % escape in the audience is a 401, not a 500', async () => {
      const token = await sign({ _id: 'x' }, 'whatever-secret', {
        sub: 'bot',
        aud: 'https://tiledesk.com/bots/%E0%A4%A',
      });
      for (const path of ['/users', '/auth/signinWithCustomToken']) {
        const response = await t.http(path === '/users' ? 'GET' : 'POST', path, {
          headers: { authorization: `JWT ${token}` },
        });
        assert.equal(response.status, 401, response.text);
      }
    });

    it("a password change ends the account's earlier tokens and hands out a fresh one", async () => {
      const tenant = await newTenant(t);
      const before = tenant.owner.jwt;
      assert.equal((await t.http('GET', '/users', { headers: before })).status, 200);
      // iat has a resolution of seconds: tokens of the second of the change still work.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const changed = await t.http('PUT', '/users/changepsw', {
        headers: before,
        body: { oldpsw: tenant.owner.password, newpsw: `${tenant.owner.password}-new` },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal((await t.http('GET', '/users', { headers: before })).status, 401);
      assert.equal((await t.http('GET', '/users', { headers: { authorization: changed.body.token } })).status, 200);
    });

    it('keeps earlier tokens when REVOKE_TOKENS_ON_PASSWORD_CHANGE is false', async () => {
      const lenient = await startTestApp({ REVOKE_TOKENS_ON_PASSWORD_CHANGE: 'false' });
      try {
        const tenant = await newTenant(lenient);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const changed = await lenient.http('PUT', '/users/changepsw', {
          headers: tenant.owner.jwt,
          body: { oldpsw: tenant.owner.password, newpsw: `${tenant.owner.password}-new` },
        });
        assert.equal(changed.status, 200, changed.text);
        assert.equal((await lenient.http('GET', '/users', { headers: tenant.owner.jwt })).status, 200);
      } finally {
        await lenient.close();
      }
    });
  });
});
