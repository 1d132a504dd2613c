import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import {
  addMember,
  anonymous,
  createUser,
  newTenant,
  signup,
  uniqueEmail,
  verifyAddress,
  type Tenant,
} from './helpers/factories.js';

const ROLE_REQUIRED = { success: false, msg: 'you dont have the required role.' };
const NOT_MEMBER = { success: false, msg: 'you dont belong to the project.' };
const NOT_FOUND = { success: false, msg: 'Object not found.' };

describe('project users', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const pu = (tenant: Tenant, path = '') => `/${tenant.projectId}/project_users${path}`;
  const invite = (tenant: Tenant, body: unknown, headers = tenant.owner.basic) =>
    t.http('POST', pu(tenant, '/invite'), { headers, body });

  describe('GET /:pid/project_users', () => {
    it('lists the team (not end users) with the user populated, for agents', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      await anonymous(t, tenant.projectId);
      const response = await t.http('GET', pu(tenant), { headers: agent.jwt });
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.map((m: any) => m.role),
        ['owner', 'agent'],
      );
      const member = response.body[1];
      assert.equal(member._id, agent.projectUserId);
      assert.equal(member.id, agent.projectUserId);
      assert.equal(member.id_project, tenant.projectId);
      assert.equal(member.id_user._id, agent.id);
      assert.equal(member.id_user.email, agent.email);
      assert.equal(member.id_user.password_hash, undefined);
      assert.equal(member.roleType, 1);
      assert.equal(member.status, 'active');
      assert.equal(member.trashed, false);
      assert.equal(member.isBusy, false);
      assert.equal(member.number_assigned_requests, 0);
      assert.equal(member.isAuthenticated, true);
    });

    it('filters by ?role= (comma-separated) and shows trashed members only with ?trashed=true', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const agent = await addMember(t, tenant, 'agent');
      const list = async (query: string) => {
        const response = await t.http('GET', pu(tenant, query), { headers: tenant.owner.basic });
        assert.equal(response.status, 200, response.text);
        return response.body.map((m: any) => m._id);
      };
      assert.deepEqual(await list('?role=agent'), [agent.projectUserId]);
      assert.deepEqual(await list('?role=admin,agent'), [admin.projectUserId, agent.projectUserId]);
      const removed = await t.http('DELETE', pu(tenant, `/${agent.projectUserId}?soft=true`), {
        headers: tenant.owner.basic,
      });
      assert.equal(removed.status, 200);
      assert.equal((await list('')).length, 2);
      assert.ok(!(await list('')).includes(agent.projectUserId));
      assert.ok((await list('?trashed=true')).includes(agent.projectUserId));
    });

    it('is refused to guests (403) and to callers without credentials (401)', async () => {
      const tenant = await newTenant(t);
      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('GET', pu(tenant), { headers: visitor.headers });
      assert.equal(guest.status, 403);
      assert.deepEqual(guest.body, ROLE_REQUIRED);
      assert.equal((await t.http('GET', pu(tenant))).status, 401);
    });
  });

  describe('GET /:pid/project_users/me', () => {
    it('answers an array of one, for agents and for guests', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const mine = await t.http('GET', pu(tenant, '/me'), { headers: agent.jwt });
      assert.equal(mine.status, 200);
      assert.equal(mine.body.length, 1);
      assert.equal(mine.body[0]._id, agent.projectUserId);
      assert.equal(mine.body[0].role, 'agent');

      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('GET', pu(tenant, '/me'), { headers: visitor.headers });
      assert.equal(guest.status, 200);
      assert.equal(guest.body.length, 1);
      assert.equal(guest.body[0].uuid_user, visitor.id);
      assert.equal(guest.body[0].role, 'guest');
      assert.equal(guest.body[0].roleType, 2);
      assert.equal(guest.body[0].isAuthenticated, false);
      assert.equal(guest.body[0].id_user, undefined);

      const stranger = await signup(t);
      const outsider = await t.http('GET', pu(tenant, '/me'), { headers: stranger.basic });
      assert.equal(outsider.status, 403);
      assert.deepEqual(outsider.body, NOT_MEMBER);
    });
  });

  describe('GET /:pid/project_users/users/:user_id and /:id', () => {
    it('finds a membership by user id or by guest uuid', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const visitor = await anonymous(t, tenant.projectId);

      const byUser = await t.http('GET', pu(tenant, `/users/${agent.id}`), { headers: tenant.owner.basic });
      assert.equal(byUser.status, 200);
      assert.equal(byUser.body.length, 1);
      assert.equal(byUser.body[0]._id, agent.projectUserId);

      const byUuid = await t.http('GET', pu(tenant, `/users/${visitor.id}`), { headers: tenant.owner.basic });
      assert.equal(byUuid.status, 200);
      assert.equal(byUuid.body[0].uuid_user, visitor.id);

      const unknown = await t.http('GET', pu(tenant, '/users/0123456789abcdef01234567'), {
        headers: tenant.owner.basic,
      });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, NOT_FOUND);
    });

    it('reads one membership by its id', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const one = await t.http('GET', pu(tenant, `/${agent.projectUserId}`), { headers: agent.basic });
      assert.equal(one.status, 200);
      assert.equal(one.body._id, agent.projectUserId);
      assert.equal(one.body.id_user._id, agent.id);
      assert.equal(one.body.isBusy, false);
      assert.equal(one.body.number_assigned_requests, 0);
      for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
        const missing = await t.http('GET', pu(tenant, `/${id}`), { headers: agent.basic });
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, NOT_FOUND);
      }
    });
  });

  describe('PUT /:pid/project_users (self)', () => {
    it('changes availability, chat limit and attributes; role in the body is ignored', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const response = await t.http('PUT', pu(tenant), {
        headers: agent.jwt,
        body: {
          user_available: false,
          profileStatus: 'lunch',
          max_assigned_chat: 4,
          attributes: { shift: 'night' },
          tags: ['vip-desk'],
          role: 'owner',
          status: 'disabled',
          trashed: true,
          id_project: '0123456789abcdef01234567',
        },
      });
      assert.equal(response.status, 200, response.text);
      const member = response.body;
      assert.equal(member._id, agent.projectUserId);
      assert.equal(member.user_available, false);
      assert.equal(member.profileStatus, 'lunch');
      assert.equal(member.max_assigned_chat, 4);
      assert.deepEqual(member.attributes, { shift: 'night' });
      assert.deepEqual(member.tags, ['vip-desk']);
      assert.equal(member.role, 'agent');
      assert.equal(member.status, 'active');
      assert.equal(member.trashed, false);
      assert.equal(member.id_project, tenant.projectId);
      assert.equal(typeof member.isBusy, 'boolean');
      assert.equal(member.number_assigned_requests, 0);

      // Still an agent: admin routes stay closed.
      const escalation = await t.http('POST', `/${tenant.projectId}/departments`, {
        headers: agent.basic,
        body: { name: 'Mine' },
      });
      assert.equal(escalation.status, 403);
    });

    it('shows isBusy true at the chat limit', async () => {
      const tenant = await newTenant(t);
      await t.http('PUT', `/projects/${tenant.projectId}`, {
        headers: tenant.owner.basic,
        body: { 'settings.chat_limit_on': true, 'settings.max_agent_assigned_chat': 0 },
      });
      const me = await t.http('GET', pu(tenant, '/me'), { headers: tenant.owner.basic });
      assert.equal(me.body[0].isBusy, true);
      const raised = await t.http('PUT', pu(tenant), { headers: tenant.owner.basic, body: { max_assigned_chat: 2 } });
      assert.equal(raised.body.isBusy, false);
    });

    it('answers 422 for wrong types and 403 for guests', async () => {
      const tenant = await newTenant(t);
      for (const body of [{ user_available: 'maybe' }, { max_assigned_chat: -2 }, { attributes: 'x' }]) {
        const response = await t.http('PUT', pu(tenant), { headers: tenant.owner.basic, body });
        assert.equal(response.status, 422, JSON.stringify(body));
      }
      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('PUT', pu(tenant), { headers: visitor.headers, body: { user_available: false } });
      assert.equal(guest.status, 403);
    });
  });

  describe('PUT /:pid/project_users/:id (admin)', () => {
    it('lets an admin change role and status of a member', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const agent = await addMember(t, tenant, 'agent');
      const promoted = await t.http('PUT', pu(tenant, `/${agent.projectUserId}`), {
        headers: admin.basic,
        body: { role: 'supervisor', user_available: false, attributes: { team: 'b' } },
      });
      assert.equal(promoted.status, 200, promoted.text);
      assert.equal(promoted.body.role, 'supervisor');
      assert.equal(promoted.body.roleType, 1);
      assert.equal(promoted.body.user_available, false);
      assert.deepEqual(promoted.body.attributes, { team: 'b' });

      const disabled = await t.http('PUT', pu(tenant, `/${agent.projectUserId}`), {
        headers: admin.basic,
        body: { status: 'disabled' },
      });
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.status, 'disabled');
      const locked = await t.http('GET', pu(tenant), { headers: agent.basic });
      assert.equal(locked.status, 403);
      assert.deepEqual(locked.body, NOT_MEMBER);
    });

    it('refuses agents, unknown roles and statuses', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const other = await addMember(t, tenant, 'agent');
      const byAgent = await t.http('PUT', pu(tenant, `/${other.projectUserId}`), {
        headers: agent.basic,
        body: { role: 'admin' },
      });
      assert.equal(byAgent.status, 403);
      assert.deepEqual(byAgent.body, ROLE_REQUIRED);
      // (`role: ""` is no role given, and leaves the role as it is: docs/liberal-input.md.)
      for (const body of [{ role: 'superhero' }, { status: 'sleeping' }]) {
        const response = await t.http('PUT', pu(tenant, `/${other.projectUserId}`), {
          headers: tenant.owner.basic,
          body,
        });
        assert.equal(response.status, 422, JSON.stringify(body));
      }
      const missing = await t.http('PUT', pu(tenant, '/0123456789abcdef01234567'), {
        headers: tenant.owner.basic,
        body: { role: 'agent' },
      });
      assert.equal(missing.status, 404);
    });

    it('lets only the owner touch the owner or grant the owner role', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const agent = await addMember(t, tenant, 'agent');
      const me = await t.http('GET', pu(tenant, '/me'), { headers: tenant.owner.basic });
      const ownerPu = me.body[0]._id;

      for (const body of [
        { role: 'agent' },
        { status: 'disabled' },
        { user_available: false },
        { max_assigned_chat: 0 },
      ]) {
        const response = await t.http('PUT', pu(tenant, `/${ownerPu}`), { headers: admin.basic, body });
        assert.equal(response.status, 403, JSON.stringify(body));
      }
      const grant = await t.http('PUT', pu(tenant, `/${agent.projectUserId}`), {
        headers: admin.basic,
        body: { role: 'owner' },
      });
      assert.equal(grant.status, 403);
      const removeOwner = await t.http('DELETE', pu(tenant, `/${ownerPu}`), { headers: admin.basic });
      assert.equal(removeOwner.status, 403);

      const owner = await t.http('GET', pu(tenant, `/${ownerPu}`), { headers: tenant.owner.basic });
      assert.equal(owner.body.role, 'owner');
      assert.equal(owner.body.status, 'active');
      assert.equal(owner.body.user_available, true);
      assert.equal(owner.body.max_assigned_chat, undefined);

      const byOwner = await t.http('PUT', pu(tenant, `/${agent.projectUserId}`), {
        headers: tenant.owner.basic,
        body: { role: 'owner' },
      });
      assert.equal(byOwner.status, 200);
      assert.equal(byOwner.body.role, 'owner');
      const ownAvailability = await t.http('PUT', pu(tenant, `/${ownerPu}`), {
        headers: tenant.owner.basic,
        body: { user_available: false },
      });
      assert.equal(ownAvailability.status, 200);
      assert.equal(ownAvailability.body.user_available, false);
    });

    it('never lets an admin overwrite a member the owner promotes to owner at the same moment', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      for (let round = 0; round < 8; round++) {
        const agent = await addMember(t, tenant, 'agent');
        const target = pu(tenant, `/${agent.projectUserId}`);
        const [promoted, demoted] = await Promise.all([
          t.http('PUT', target, { headers: tenant.owner.jwt, body: { role: 'owner' } }),
          t.http('PUT', target, { headers: admin.jwt, body: { role: 'agent', status: 'disabled' } }),
        ]);
        assert.equal(promoted.status, 200, promoted.text);
        // The admin either went first (and the promotion came after) or was refused: never both
        // succeeding with the admin's write landing on an owner.
        assert.ok([200, 403].includes(demoted.status), demoted.text);
        const after = await t.http('GET', target, { headers: tenant.owner.jwt });
        assert.equal(after.body.role, 'owner', `round ${round}`);
        if (demoted.status === 403) assert.equal(after.body.status, 'active');
      }
    });
  });

  describe('POST /:pid/project_users/invite', () => {
    it('adds an existing user (with a verified address) as a member with the given role', async () => {
      const tenant = await newTenant(t);
      const user = await createUser(t);
      const response = await invite(tenant, { email: user.email.toUpperCase(), role: 'agent', user_available: false });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.role, 'agent');
      assert.equal(response.body.roleType, 1);
      assert.equal(response.body.user_available, false);
      assert.equal(response.body.id_project, tenant.projectId);
      assert.equal(response.body.id_user._id, user.id);
      const projects = await t.http('GET', '/projects', { headers: user.basic });
      assert.deepEqual(
        projects.body.map((m: any) => m.id_project._id),
        [tenant.projectId],
      );
    });

    it('refuses a self-invite (4000) and an existing member (4001)', async () => {
      const tenant = await newTenant(t);
      const self = await invite(tenant, { email: tenant.owner.email, role: 'agent' });
      assert.equal(self.status, 403);
      assert.deepEqual(self.body, {
        success: false,
        msg: 'Forbidden. It is not allowed to invite oneself',
        code: 4000,
      });
      const agent = await addMember(t, tenant, 'agent');
      const again = await invite(tenant, { email: agent.email, role: 'admin' });
      assert.equal(again.status, 403);
      assert.deepEqual(again.body, { success: false, msg: 'Forbidden. User is already a member', code: 4001 });
      const member = await t.http('GET', pu(tenant, `/${agent.projectUserId}`), { headers: tenant.owner.basic });
      assert.equal(member.body.role, 'agent');
    });

    it('re-activates a removed member', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      await t.http('DELETE', pu(tenant, `/${agent.projectUserId}?soft=true`), { headers: tenant.owner.basic });
      const back = await invite(tenant, { email: agent.email, role: 'supervisor' });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body._id, agent.projectUserId);
      assert.equal(back.body.role, 'supervisor');
      assert.equal(back.body.status, 'active');
      assert.equal(back.body.trashed, false);
    });

    it('saves a pending invitation for an unknown email, which becomes a membership once the address is verified', async () => {
      const tenant = await newTenant(t);
      const email = uniqueEmail('Invitee');
      const response = await invite(tenant, { email, role: 'admin' });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.msg, 'User not found, save invite in pending ');
      const pending = response.body.pendingInvitation;
      assert.equal(pending.email, email.toLowerCase());
      assert.equal(pending.role, 'admin');
      assert.equal(pending.id_project, tenant.projectId);
      assert.equal(pending.createdBy, tenant.owner.id);

      const agent = await addMember(t, tenant, 'agent');
      const listed = await t.http('GET', `/${tenant.projectId}/pendinginvitations`, { headers: agent.basic });
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.map((p: any) => [p._id, p.email, p.role]),
        [[pending._id, email.toLowerCase(), 'admin']],
      );

      const user = await signup(t, { email: email.toUpperCase() });
      // Signing up with the address proves nothing: the invitation waits for the verification.
      assert.deepEqual((await t.http('GET', '/projects', { headers: user.basic })).body, []);
      await verifyAddress(t, user);
      const projects = await t.http('GET', '/projects', { headers: user.basic });
      assert.deepEqual(
        projects.body.map((m: any) => [m.id_project._id, m.role]),
        [[tenant.projectId, 'admin']],
      );
      const after = await t.http('GET', `/${tenant.projectId}/pendinginvitations`, { headers: agent.basic });
      assert.deepEqual(after.body, []);
      const team = await t.http('GET', pu(tenant, '?role=admin'), { headers: user.basic });
      assert.equal(team.status, 200);
      assert.equal(team.body[0].id_user._id, user.id);
    });

    it('validates the body and the role, and requires admin (owner to invite an owner)', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const agent = await addMember(t, tenant, 'agent');
      assert.equal((await invite(tenant, { email: 'not-an-email', role: 'agent' })).status, 422);
      assert.equal((await invite(tenant, { email: uniqueEmail() })).status, 422);
      assert.equal((await invite(tenant, { email: uniqueEmail(), role: 'guest' })).status, 422);
      assert.equal((await invite(tenant, { email: uniqueEmail(), role: 'emperor' })).status, 422);
      const byAgent = await invite(tenant, { email: uniqueEmail(), role: 'agent' }, agent.basic);
      assert.equal(byAgent.status, 403);
      const ownerByAdmin = await invite(tenant, { email: uniqueEmail(), role: 'owner' }, admin.basic);
      assert.equal(ownerByAdmin.status, 403);
      const pendings = await t.http('GET', `/${tenant.projectId}/pendinginvitations`, { headers: admin.basic });
      assert.deepEqual(pendings.body, []);
      const visitor = await anonymous(t, tenant.projectId);
      const guest = await t.http('GET', `/${tenant.projectId}/pendinginvitations`, { headers: visitor.headers });
      assert.equal(guest.status, 403);
    });
  });

  describe('POST /:pid/project_users', () => {
    it('lets an agent register a visitor as a guest with a fresh uuid', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const response = await t.http('POST', pu(tenant), { headers: agent.basic, body: {} });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.role, 'guest');
      assert.equal(response.body.roleType, 2);
      assert.match(response.body.uuid_user, /^[0-9a-f-]{36}$/);
      const team = await t.http('GET', pu(tenant), { headers: agent.basic });
      assert.ok(!team.body.some((m: any) => m._id === response.body._id));
    });
  });

  describe('DELETE /:pid/project_users/:id and restore', () => {
    const groupWith = async (tenant: Tenant, members: string[]) => {
      const group = await t.http('POST', `/${tenant.projectId}/groups`, {
        headers: tenant.owner.basic,
        body: { name: 'Group', members },
      });
      assert.equal(group.status, 200, group.text);
      return group.body._id as string;
    };
    const membersOf = async (tenant: Tenant, groupId: string) =>
      (await t.http('GET', `/${tenant.projectId}/groups/${groupId}`, { headers: tenant.owner.basic })).body.members;

    it('soft-deletes a member: trashed, disabled, out of groups, locked out; restore brings it back', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const groupId = await groupWith(tenant, [agent.id, tenant.owner.id]);

      const removed = await t.http('DELETE', pu(tenant, `/${agent.projectUserId}?soft=true`), {
        headers: tenant.owner.basic,
      });
      assert.equal(removed.status, 200, removed.text);
      assert.equal(removed.body.trashed, true);
      assert.equal(removed.body.status, 'disabled');
      assert.deepEqual(await membersOf(tenant, groupId), [tenant.owner.id]);
      const locked = await t.http('GET', pu(tenant, '/me'), { headers: agent.basic });
      assert.equal(locked.status, 403);

      const restored = await t.http('PUT', pu(tenant, `/${agent.projectUserId}/restore`), {
        headers: tenant.owner.basic,
      });
      assert.equal(restored.status, 200);
      assert.equal(restored.body.trashed, false);
      assert.equal(restored.body.status, 'active');
      const back = await t.http('GET', pu(tenant, '/me'), { headers: agent.basic });
      assert.equal(back.status, 200);
      assert.equal(back.body[0].role, 'agent');
    });

    it('hard-deletes a member and removes it from groups', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const groupId = await groupWith(tenant, [agent.id]);
      const removed = await t.http('DELETE', pu(tenant, `/${agent.projectUserId}`), { headers: tenant.owner.basic });
      assert.equal(removed.status, 200);
      assert.equal(removed.body._id, agent.projectUserId);
      assert.deepEqual(await membersOf(tenant, groupId), []);
      const gone = await t.http('GET', pu(tenant, `/${agent.projectUserId}`), { headers: tenant.owner.basic });
      assert.equal(gone.status, 404);
      const restore = await t.http('PUT', pu(tenant, `/${agent.projectUserId}/restore`), {
        headers: tenant.owner.basic,
      });
      assert.equal(restore.status, 404);
      const again = await t.http('DELETE', pu(tenant, `/${agent.projectUserId}`), { headers: tenant.owner.basic });
      assert.equal(again.status, 404);
      // The account itself is untouched: the user can sign in and create projects.
      const signin = await t.http('POST', '/auth/signin', { body: { email: agent.email, password: agent.password } });
      assert.equal(signin.status, 200);
    });

    it('requires admin', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const other = await addMember(t, tenant, 'agent');
      const response = await t.http('DELETE', pu(tenant, `/${other.projectUserId}`), { headers: agent.basic });
      assert.equal(response.status, 403);
      const restore = await t.http('PUT', pu(tenant, `/${other.projectUserId}/restore`), { headers: agent.basic });
      assert.equal(restore.status, 403);
      const still = await t.http('GET', pu(tenant, `/${other.projectUserId}`), { headers: agent.basic });
      assert.equal(still.body.status, 'active');
    });
  });
});
