/**
 * What a project's admins (and the server's super admin) do to a project beyond its settings:
 * attributes, banning users (and the ban being enforced), and the list of every project.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import {
  addMember,
  anonymous,
  createProject,
  newTenant,
  signup,
  uniqueEmail,
  verifyAddress,
} from './helpers/factories.js';
import { newRequestId, recordEvents } from './helpers/conversations.js';

const BANNED = { err: 'error projectBanUserFilter by id' };
const ROLE_REQUIRED = { success: false, msg: 'you dont have the required role.' };

describe('project attributes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ ATTRIBUTES_MAX_BYTES: '1024' });
  });
  after(() => t.close());

  it("merges the body's keys into the attributes (admins), announcing project.update", async () => {
    const tenant = await newTenant(t);
    const events = recordEvents(t);
    const url = `/projects/${tenant.projectId}/attributes`;
    const first = await t.http('PATCH', url, { headers: tenant.owner.basic, body: { a: 1, b: { c: 2 } } });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body.attributes, { a: 1, b: { c: 2 } });
    const second = await t.http('PATCH', url, { headers: tenant.owner.jwt, body: { b: 3, d: 'x' } });
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.body.attributes, { a: 1, b: 3, d: 'x' });
    assert.equal(second.body._id, tenant.projectId);
    const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
    assert.deepEqual(read.body.attributes, { a: 1, b: 3, d: 'x' });
    const updates = await events.of(tenant.projectId, 'project.update');
    assert.deepEqual(updates.at(-1)?.payload.attributes, { a: 1, b: 3, d: 'x' });
  });

  it('refuses agents, visitors and strangers, bodies that are not objects, and attributes beyond the cap', async () => {
    const tenant = await newTenant(t);
    const url = `/projects/${tenant.projectId}/attributes`;
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId);
    const asAgent = await t.http('PATCH', url, { headers: agent.basic, body: { a: 1 } });
    assert.equal(asAgent.status, 403);
    assert.deepEqual(asAgent.body, ROLE_REQUIRED);
    assert.equal((await t.http('PATCH', url, { headers: visitor.headers, body: { a: 1 } })).status, 403);
    assert.equal((await t.http('PATCH', url, { body: { a: 1 } })).status, 401);
    assert.equal((await t.http('PATCH', url, { headers: tenant.owner.basic, body: [1, 2] })).status, 422);
    // Each patch is under the cap; together they would not be.
    const half = { big: 'x'.repeat(600) };
    assert.equal((await t.http('PATCH', url, { headers: tenant.owner.basic, body: half })).status, 200);
    const more = await t.http('PATCH', url, { headers: tenant.owner.basic, body: { other: 'y'.repeat(600) } });
    assert.equal(more.status, 422, more.text);
    const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
    assert.deepEqual(read.body.attributes, half);
  });
});

describe('banned users', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('refuses a banned visitor on the project routes with 401 until the ban is lifted', async () => {
    const tenant = await newTenant(t);
    const visitor = await anonymous(t, tenant.projectId);
    const other = await anonymous(t, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const post = (headers: Record<string, string>, text: string, id = requestId) =>
      t.http('POST', `/${tenant.projectId}/requests/${id}/messages`, { headers, body: { text } });
    assert.equal((await post(visitor.headers, 'hello')).status, 200);

    const ban = await t.http('POST', `/projects/${tenant.projectId}/ban`, {
      headers: tenant.owner.basic,
      body: { id: visitor.id, ip: '203.0.113.7', extra: 'ignored' },
    });
    assert.equal(ban.status, 200, ban.text);
    assert.equal(ban.body.bannedUsers.length, 1);
    const [entry] = ban.body.bannedUsers;
    assert.match(entry._id, /^[0-9a-f]{24}$/);
    assert.deepEqual({ ...entry, _id: undefined }, { _id: undefined, id: visitor.id, ip: '203.0.113.7' });

    for (const [method, url, body] of [
      ['POST', `/${tenant.projectId}/requests/${requestId}/messages`, { text: 'again' }],
      ['GET', `/${tenant.projectId}/requests/${requestId}`],
      ['GET', `/${tenant.projectId}/widgets`],
      ['GET', `/${tenant.projectId}/departments`],
      ['GET', `/${tenant.projectId}/project_users/me`],
    ] as const) {
      const refused = await t.http(method, url, { headers: visitor.headers, body });
      assert.equal(refused.status, 401, `${method} ${url}: ${refused.text}`);
      assert.deepEqual(refused.body, BANNED);
    }
    // Others, and the same visitor without a token on the public routes, are not affected.
    assert.equal((await post(other.headers, 'hi', newRequestId(tenant.projectId))).status, 200);
    assert.equal((await t.http('GET', `/${tenant.projectId}/widgets`)).status, 200);
    assert.equal((await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.jwt })).status, 200);

    // Banning twice keeps one entry.
    const twice = await t.http('POST', `/projects/${tenant.projectId}/ban`, {
      headers: tenant.owner.basic,
      body: { id: visitor.id },
    });
    assert.equal(twice.status, 200);
    assert.deepEqual(twice.body.bannedUsers, ban.body.bannedUsers);

    const lifted = await t.http('DELETE', `/projects/${tenant.projectId}/ban/${entry._id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(lifted.status, 200, lifted.text);
    assert.deepEqual(lifted.body.bannedUsers, []);
    assert.equal((await post(visitor.headers, 'back')).status, 200);
    const again = await t.http('DELETE', `/projects/${tenant.projectId}/ban/${entry._id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(again.status, 404);
    assert.deepEqual(again.body, { success: false, msg: 'Object not found.' });
  });

  it('bans a registered user by id in that project only (Basic credentials are not tokens)', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const agent = await addMember(t, a, 'agent');
    const invite = await t.http('POST', `/${b.projectId}/project_users/invite`, {
      headers: b.owner.basic,
      body: { email: agent.email, role: 'agent' },
    });
    assert.equal(invite.status, 200, invite.text);
    const ban = await t.http('POST', `/projects/${a.projectId}/ban`, { headers: a.owner.jwt, body: { id: agent.id } });
    assert.equal(ban.status, 200, ban.text);
    const inA = await t.http('GET', `/${a.projectId}/project_users/me`, { headers: agent.jwt });
    assert.equal(inA.status, 401);
    assert.deepEqual(inA.body, BANNED);
    assert.equal((await t.http('GET', `/${b.projectId}/project_users/me`, { headers: agent.jwt })).status, 200);
    // As Tiledesk's filter, which reads the token's `_id`.
    assert.equal((await t.http('GET', `/${a.projectId}/project_users/me`, { headers: agent.basic })).status, 200);
    // The project's own routes (/projects/:id) are not filtered: an admin can always lift a ban.
    assert.equal((await t.http('GET', `/projects/${a.projectId}`, { headers: agent.jwt })).status, 200);
  });

  it('refuses bans from agents and strangers, bans without an id, and unknown ban ids', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const url = `/projects/${tenant.projectId}/ban`;
    const asAgent = await t.http('POST', url, { headers: agent.basic, body: { id: 'someone' } });
    assert.equal(asAgent.status, 403);
    assert.deepEqual(asAgent.body, ROLE_REQUIRED);
    assert.equal((await t.http('POST', url, { body: { id: 'someone' } })).status, 401);
    for (const body of [{}, { ip: '1.2.3.4' }, { id: '' }, { id: { a: 1 } }, { id: 'x'.repeat(201) }]) {
      const invalid = await t.http('POST', url, { headers: tenant.owner.basic, body });
      assert.equal(invalid.status, 422, JSON.stringify(body));
    }
    const banned = (await t.http('POST', url, { headers: tenant.owner.basic, body: { id: 'someone' } })).body;
    const banId = banned.bannedUsers[0]._id;
    const asAgentUnban = await t.http('DELETE', `${url}/${banId}`, { headers: agent.basic });
    assert.equal(asAgentUnban.status, 403);
    for (const unknown of ['0123456789abcdef01234567', 'not-an-id', 'constructor']) {
      assert.equal((await t.http('DELETE', `${url}/${unknown}`, { headers: tenant.owner.basic })).status, 404);
    }
    const read = await t.http('GET', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic });
    assert.equal(read.body.bannedUsers.length, 1);
  });

  it('keeps the list bounded, and names the entries PUT /projects writes', async () => {
    const tenant = await newTenant(t);
    const entries = Array.from({ length: 500 }, (_, i) => ({ id: `user-${i}` }));
    const put = await t.http('PUT', `/projects/${tenant.projectId}`, {
      headers: tenant.owner.basic,
      body: { bannedUsers: entries },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.bannedUsers.length, 500);
    assert.ok(put.body.bannedUsers.every((entry: any) => /^[0-9a-f]{24}$/.test(entry._id)));
    const full = await t.http('POST', `/projects/${tenant.projectId}/ban`, {
      headers: tenant.owner.basic,
      body: { id: 'one-more' },
    });
    assert.equal(full.status, 422, full.text);
    const tooMany = await t.http('PUT', `/projects/${tenant.projectId}`, {
      headers: tenant.owner.basic,
      body: { bannedUsers: [...entries, { id: 'one-more' }] },
    });
    assert.equal(tooMany.status, 422);
    // An entry PUT wrote can be lifted by its _id.
    const first = put.body.bannedUsers[0];
    const lifted = await t.http('DELETE', `/projects/${tenant.projectId}/ban/${first._id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(lifted.status, 200);
    assert.equal(lifted.body.bannedUsers.length, 499);
    assert.equal(lifted.body.bannedUsers[0].id, 'user-1');
  });
});

describe('GET /projects/all', () => {
  const FORBIDDEN = { success: false, error: "You don't have the permission required to perform the operation" };

  it('lists every project, newest first and paged, for the account of ADMIN_EMAIL only', async () => {
    const adminEmail = uniqueEmail('superadmin');
    // Its own database: pages of every project of the server would shift as other files create theirs.
    const t = await startTestApp({ ADMIN_EMAIL: adminEmail.toUpperCase() });
    try {
      const admin = await signup(t, { email: adminEmail });
      // Until the address is verified, its account holds no right.
      const unverified = await t.http('GET', '/projects/all', { headers: admin.basic });
      assert.equal(unverified.status, 403);
      await verifyAddress(t, admin);
      const tenant = await newTenant(t);
      const newer = await createProject(t, tenant.owner, 'Newer project');
      for (const headers of [admin.basic, admin.jwt]) {
        const all = await t.http('GET', '/projects/all', { headers });
        assert.equal(all.status, 200, all.text);
        const ids = all.body.map((project: any) => project._id);
        assert.ok(ids.indexOf(newer._id) >= 0 && ids.indexOf(newer._id) < ids.indexOf(tenant.projectId));
        const mine = all.body.find((project: any) => project._id === tenant.projectId);
        assert.deepEqual(mine, {
          _id: tenant.projectId,
          name: 'Test project',
          owner: tenant.owner.email,
          createdAt: tenant.project.createdAt,
          profile_name: tenant.project.profile.name,
        });
      }
      const first = await t.http('GET', '/projects/all?limit=1', { headers: admin.basic });
      assert.equal(first.body.length, 1);
      const second = await t.http('GET', '/projects/all?limit=1&page=1', { headers: admin.basic });
      assert.equal(second.body.length, 1);
      assert.notEqual(second.body[0]._id, first.body[0]._id);
      assert.equal((await t.http('GET', '/projects/all?limit=1001', { headers: admin.basic })).status, 422);

      // Anyone else, even claiming the email in a visitor's token.
      const claimant = await t.http('POST', '/auth/signinAnonymously', {
        body: { id_project: tenant.projectId, email: adminEmail },
      });
      for (const headers of [tenant.owner.basic, { authorization: claimant.body.token }]) {
        const refused = await t.http('GET', '/projects/all', { headers });
        assert.equal(refused.status, 403);
        assert.deepEqual(refused.body, FORBIDDEN);
      }
      assert.equal((await t.http('GET', '/projects/all')).status, 401);
    } finally {
      await t.close();
    }
  });

  it('is refused to everyone when ADMIN_EMAIL is not set', async () => {
    const t = await startTestApp();
    try {
      const tenant = await newTenant(t);
      const refused = await t.http('GET', '/projects/all', { headers: tenant.owner.basic });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, FORBIDDEN);
    } finally {
      await t.close();
    }
  });
});
