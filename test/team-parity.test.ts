/**
 * Team routes Tiledesk has beside the basics: a teammate's id by email, a department's routing
 * as a dry run (`/operators`), enabling and disabling groups, and one pending invitation (read,
 * resent, deleted).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, uniqueEmail, type Tenant } from './helpers/factories.js';
import {
  createBot,
  createDepartment,
  createGroup,
  createRequest,
  membershipOf,
  ownerOffline,
  setMember,
} from './helpers/conversations.js';

const NOT_FOUND = { success: false, msg: 'Object not found.' };
const ROLE_REQUIRED = { success: false, msg: 'you dont have the required role.' };

describe('team routes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  describe('GET /project_users/users/search', () => {
    const search = (tenant: Tenant, email: string, headers: Record<string, string>) =>
      t.http('GET', `/${tenant.projectId}/project_users/users/search?email=${encodeURIComponent(email)}`, {
        headers,
      });

    it("answers a teammate's user id, whatever the case of the email", async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const found = await search(tenant, agent.email.toUpperCase(), tenant.owner.basic);
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.body, { _id: agent.id });
      assert.deepEqual((await search(tenant, tenant.owner.email, agent.jwt)).body, { _id: tenant.owner.id });
    });

    it('answers 404 for unknown emails and for accounts outside the project, alike', async () => {
      const tenant = await newTenant(t);
      const stranger = await newTenant(t);
      for (const email of [uniqueEmail('nobody'), stranger.owner.email]) {
        const missing = await search(tenant, email, tenant.owner.basic);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, NOT_FOUND);
      }
      const noEmail = await t.http('GET', `/${tenant.projectId}/project_users/users/search`, {
        headers: tenant.owner.basic,
      });
      assert.equal(noEmail.status, 422);
      const visitor = await anonymous(t, tenant.projectId);
      const asGuest = await search(tenant, tenant.owner.email, visitor.headers);
      assert.equal(asGuest.status, 403);
      assert.deepEqual(asGuest.body, ROLE_REQUIRED);
      assert.equal((await search(tenant, tenant.owner.email, {})).status, 401);
    });
  });

  describe('GET /departments/:id/operators', () => {
    const operators = (tenant: Tenant, id: string, headers: Record<string, string> = tenant.owner.basic, query = '') =>
      t.http('GET', `/${tenant.projectId}/departments/${id}/operators${query}`, { headers });

    it("answers the routing decision, the team and who is available, as Tiledesk's getOperators", async () => {
      const tenant = await newTenant(t);
      const owner = await membershipOf(t, tenant, tenant.owner.basic);
      const result = await operators(tenant, 'default');
      assert.equal(result.status, 200, result.text);
      const body = result.body;
      assert.deepEqual(body.operators, [{ id_user: tenant.owner.id }]);
      assert.equal(body.department.default, true);
      assert.equal(body.id_project, tenant.projectId);
      assert.equal(body.project._id, tenant.projectId);
      assert.equal(body.project.jwtSecret, undefined);
      assert.deepEqual(
        body.agents.map((member: any) => [member._id, member.id_user]),
        [[owner._id, tenant.owner.id]],
      );
      assert.deepEqual(
        body.available_agents.map((member: any) => member._id),
        [owner._id],
      );
      assert.equal(body.id_bot, undefined);
      const byId = await operators(tenant, body.department._id);
      assert.deepEqual(byId.body.operators, body.operators);

      await ownerOffline(t, tenant);
      const nobody = await operators(tenant, 'default');
      assert.deepEqual(nobody.body.operators, []);
      assert.deepEqual(nobody.body.available_agents, []);
      assert.equal(nobody.body.agents.length, 1);
    });

    it('is a dry run: asking twice gives the same agent and assigns nothing', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const first = await operators(tenant, 'default', agent.basic);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.available_agents.length, 2);
      const second = await operators(tenant, 'default', agent.basic);
      assert.deepEqual(second.body.operators, first.body.operators);
      const requests = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
      assert.equal(requests.body.count, 0);
      // A real request goes to the chosen agent; then the next one is the other.
      const request = await createRequest(t, tenant);
      assert.deepEqual(request.participants, [first.body.operators[0].id_user]);
      const next = await operators(tenant, 'default', agent.basic);
      assert.notDeepEqual(next.body.operators, first.body.operators);
    });

    it('answers nobody for a pooled department, the bot for a bot department unless nobot', async () => {
      const tenant = await newTenant(t);
      const pooled = await createDepartment(t, tenant, { name: 'Pool', routing: 'pooled' });
      assert.deepEqual((await operators(tenant, pooled._id)).body.operators, []);
      const bot = await createBot(t, tenant);
      const withBot = await createDepartment(t, tenant, { name: 'Bot first', routing: 'assigned', id_bot: bot.id });
      const answered = await operators(tenant, withBot._id, bot.headers);
      assert.equal(answered.status, 200, answered.text);
      assert.deepEqual(answered.body.operators, [{ id_user: bot.participant }]);
      assert.equal(answered.body.id_bot, bot.id);
      const human = await operators(tenant, withBot._id, tenant.owner.basic, '?nobot=true&disableWebHookCall=true');
      assert.deepEqual(human.body.operators, [{ id_user: tenant.owner.id }]);
      assert.equal(human.body.id_bot, undefined);
    });

    it('answers only group members for a department with a group', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const group = await createGroup(t, tenant, [agent.id]);
      const department = await createDepartment(t, tenant, { name: 'Group', routing: 'assigned', id_group: group._id });
      const result = await operators(tenant, department._id);
      assert.deepEqual(result.body.operators, [{ id_user: agent.id }]);
      assert.deepEqual(
        result.body.available_agents.map((member: any) => member.id_user),
        [agent.id],
      );
    });

    it('answers 404 for unknown departments, 403 below agent, 401 without credentials', async () => {
      const tenant = await newTenant(t);
      for (const id of ['0123456789abcdef01234567', 'nope']) {
        const missing = await operators(tenant, id);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, NOT_FOUND);
      }
      const visitor = await anonymous(t, tenant.projectId);
      const asVisitor = await operators(tenant, 'default', visitor.headers);
      assert.equal(asVisitor.status, 403);
      assert.deepEqual(asVisitor.body, ROLE_REQUIRED);
      assert.equal((await operators(tenant, 'default', {})).status, 401);
    });
  });

  describe('PUT /groups/enable/:id and /groups/disable/:id', () => {
    const toggle = (tenant: Tenant, verb: string, id: string, headers = tenant.owner.basic) =>
      t.http('PUT', `/${tenant.projectId}/groups/${verb}/${id}`, { headers });

    it('disables and enables a group', async () => {
      const tenant = await newTenant(t);
      const group = await createGroup(t, tenant, [tenant.owner.id]);
      const disabled = await toggle(tenant, 'disable', group._id);
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(disabled.body.enabled, false);
      assert.deepEqual(disabled.body.members, [tenant.owner.id]);
      const read = await t.http('GET', `/${tenant.projectId}/groups/${group._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.enabled, false);
      const enabled = await toggle(tenant, 'enable', group._id, tenant.owner.jwt);
      assert.equal(enabled.status, 200);
      assert.equal(enabled.body.enabled, true);
    });

    it('refuses to disable a group a department routes to (403, as Tiledesk)', async () => {
      const tenant = await newTenant(t);
      const group = await createGroup(t, tenant, [tenant.owner.id]);
      await createDepartment(t, tenant, { name: 'Routed', id_group: group._id });
      const refused = await toggle(tenant, 'disable', group._id);
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, {
        success: false,
        error: 'Unable to disabled a group associated with a department',
      });
      const other = await createGroup(t, tenant, [tenant.owner.id]);
      await createDepartment(t, tenant, { name: 'Listed', groups: [{ group_id: other._id }] });
      assert.equal((await toggle(tenant, 'disable', other._id)).status, 403);
      const read = await t.http('GET', `/${tenant.projectId}/groups/${group._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.enabled, true);
    });

    it('answers 404 for unknown groups and 403 to agents', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const group = await createGroup(t, tenant, [agent.id]);
      for (const verb of ['enable', 'disable']) {
        const missing = await toggle(tenant, verb, '0123456789abcdef01234567');
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, NOT_FOUND);
        const asAgent = await toggle(tenant, verb, group._id, agent.basic);
        assert.equal(asAgent.status, 403);
        assert.deepEqual(asAgent.body, ROLE_REQUIRED);
        assert.equal((await toggle(tenant, verb, group._id, {})).status, 401);
      }
    });
  });

  describe('one pending invitation', () => {
    const invite = async (tenant: Tenant) => {
      const response = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
        headers: tenant.owner.basic,
        body: { email: uniqueEmail('invited'), role: 'agent' },
      });
      assert.equal(response.status, 200, response.text);
      return response.body.pendingInvitation;
    };
    const url = (tenant: Tenant, path: string) => `/${tenant.projectId}/pendinginvitations${path}`;

    it('is read by agents, resent and deleted by admins', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const invitation = await invite(tenant);
      const read = await t.http('GET', url(tenant, `/${invitation._id}`), { headers: agent.basic });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body, invitation);

      await new Promise((resolve) => setTimeout(resolve, 5));
      const resent = await t.http('GET', url(tenant, `/resendinvite/${invitation._id}`), {
        headers: tenant.owner.basic,
      });
      assert.equal(resent.status, 200, resent.text);
      const sent = resent.body['Resend invitation email to'];
      assert.deepEqual({ ...sent, updatedAt: undefined }, { ...invitation, updatedAt: undefined });
      assert.ok(sent.updatedAt > invitation.updatedAt, 'the resend is recorded');

      const deleted = await t.http('DELETE', url(tenant, `/${invitation._id}`), { headers: tenant.owner.basic });
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.body, { n: 1, ok: 1, deletedCount: 1 });
      for (const [method, path] of [
        ['GET', `/${invitation._id}`],
        ['GET', `/resendinvite/${invitation._id}`],
        ['DELETE', `/${invitation._id}`],
      ]) {
        const gone = await t.http(method, url(tenant, path), { headers: tenant.owner.basic });
        assert.equal(gone.status, 404, `${method} ${path}`);
        assert.deepEqual(gone.body, NOT_FOUND);
      }
      const list = await t.http('GET', url(tenant, ''), { headers: tenant.owner.basic });
      assert.deepEqual(list.body, []);
    });

    it('is not resent or deleted by agents, nor read by visitors', async () => {
      const tenant = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const visitor = await anonymous(t, tenant.projectId);
      const invitation = await invite(tenant);
      for (const [method, path] of [
        ['GET', `/resendinvite/${invitation._id}`],
        ['DELETE', `/${invitation._id}`],
      ]) {
        const refused = await t.http(method, url(tenant, path), { headers: agent.basic });
        assert.equal(refused.status, 403, `${method} ${path}`);
        assert.deepEqual(refused.body, ROLE_REQUIRED);
      }
      assert.equal((await t.http('GET', url(tenant, `/${invitation._id}`), { headers: visitor.headers })).status, 403);
      assert.equal((await t.http('GET', url(tenant, `/${invitation._id}`))).status, 401);
      const read = await t.http('GET', url(tenant, `/${invitation._id}`), { headers: tenant.owner.basic });
      assert.deepEqual(read.body, invitation);
    });
  });

  it('keeps a member with a personal chat limit out of the available operators when full', async () => {
    const tenant = await newTenant(t);
    const owner = await membershipOf(t, tenant, tenant.owner.basic);
    await t.http('PUT', `/projects/${tenant.projectId}`, {
      headers: tenant.owner.basic,
      body: { 'settings.chat_limit_on': true },
    });
    await setMember(t, tenant, owner._id, { max_assigned_chat: 1 });
    await createRequest(t, tenant);
    const full = await t.http('GET', `/${tenant.projectId}/departments/default/operators`, {
      headers: tenant.owner.basic,
    });
    assert.deepEqual(full.body.operators, []);
    assert.deepEqual(full.body.available_agents, []);
  });
});
