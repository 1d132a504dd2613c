// The policies (src/platform/auth/policies.ts) are pure functions: tested here directly, without
// an app or a database. The HTTP and realtime tests check that routes and topics ask them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProjectUserRow, RequestRow } from '../../src/platform/db/tables.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import {
  can,
  isEndUser,
  isVisible,
  isVisitor,
  requesterVisibility,
  seesAgentView,
  uploadsAsVisitor,
  visibilityOf,
  type Caller,
} from '../../src/platform/auth/policies.js';
import { roleTypeOf, type Role } from '../../src/platform/auth/roles.js';

const PROJECT = 'p1';
const user = (id = 'u1'): Principal => ({
  kind: 'user',
  id,
  email: `${id}@example.com`,
  firstname: null,
  lastname: null,
  fullName: id,
  emailverified: true,
});
const guest = (id = 'g1'): Principal => ({ kind: 'guest', id, fullName: id, claims: {} });
const bot = (projectId = PROJECT): Principal => ({ kind: 'bot', id: 'b1', projectId, fullName: 'bot' });
const subscription = (projectId = PROJECT): Principal => ({
  kind: 'subscription',
  id: 's1',
  projectId,
  fullName: 'hook',
});

const member = (role: Role, overrides: Partial<ProjectUserRow> = {}) =>
  ({
    id: `pu-${role}`,
    role,
    role_type: roleTypeOf(role),
    status: 'active',
    trashed: false,
    ...overrides,
  }) as ProjectUserRow;

const request = (overrides: Partial<RequestRow> = {}) =>
  ({
    requester_id: null,
    snapshot: {},
    participants: [],
    participants_agents: [],
    channel: { name: 'chat21' },
    ...overrides,
  }) as RequestRow;

const caller = (principal: Principal, membership?: ProjectUserRow): Caller => ({ principal, membership });

describe('policies', () => {
  describe('entering a project (the route guards)', () => {
    it('admits a bot or a subscription to its own project, on routes open to its kind only', () => {
      assert.equal(can.actAsMachine(bot(), PROJECT, ['bot']), true);
      assert.equal(can.actAsMachine(subscription(), PROJECT, ['bot', 'subscription']), true);
      assert.equal(can.actAsMachine(bot(), PROJECT, ['subscription']), false);
      assert.equal(can.actAsMachine(bot(), PROJECT), false);
      assert.equal(can.actAsMachine(bot('p2'), PROJECT, ['bot']), false);
      assert.equal(can.actAsMachine(user(), PROJECT, ['bot', 'subscription']), false);
    });

    it('follows the role ladder; null admits any member', () => {
      assert.equal(can.actWithRole(member('agent'), 'agent'), true);
      assert.equal(can.actWithRole(member('owner'), 'admin'), true);
      assert.equal(can.actWithRole(member('supervisor'), 'admin'), false);
      assert.equal(can.actWithRole(member('guest'), null), true);
      assert.equal(can.actWithRole(member('guest'), 'guest'), true);
      assert.equal(can.actWithRole({ role: 'nonsense' }, 'guest'), false);
    });

    it('never counts an end-user membership as the team in realtime', () => {
      assert.equal(can.actAsTeam(member('agent'), 'agent'), true);
      assert.equal(can.actAsTeam(member('admin'), 'agent'), true);
      assert.equal(can.actAsTeam(member('agent', { role_type: 2 }), 'agent'), false);
      assert.equal(can.actAsTeam(member('teammate'), 'agent'), false);
      assert.equal(can.actAsTeam(undefined, 'agent'), false);
    });

    it('gives members below supervisor the agent view of lists', () => {
      assert.equal(seesAgentView(member('agent')), true);
      assert.equal(seesAgentView(member('supervisor')), false);
      assert.equal(seesAgentView(undefined), false);
    });
  });

  describe('end users and visitors', () => {
    it('tells end users by role type', () => {
      assert.equal(isEndUser(member('user')), true);
      assert.equal(isEndUser(member('guest')), true);
      assert.equal(isEndUser(member('agent')), false);
      assert.equal(isEndUser(undefined), false);
    });

    it('shows the visitor view to guests, callers without membership and end users, never to machines', () => {
      assert.equal(isVisitor(caller(guest(), member('agent'))), true);
      assert.equal(isVisitor(caller(user())), true);
      assert.equal(isVisitor(caller(user(), member('user'))), true);
      assert.equal(isVisitor(caller(user(), member('agent'))), false);
      assert.equal(isVisitor(caller(bot())), false);
      assert.equal(isVisitor(caller(subscription())), false);
    });

    it('gives visitors (and guest roles) the widget upload list', () => {
      assert.equal(uploadsAsVisitor(member('user')), true);
      assert.equal(uploadsAsVisitor(member('guest', { role_type: 1 })), true);
      assert.equal(uploadsAsVisitor(member('agent')), false);
      assert.equal(uploadsAsVisitor(undefined), false);
    });
  });

  describe('request visibility', () => {
    it('lets owners, admins and subscriptions see all, agents theirs, bots theirs', () => {
      assert.deepEqual(visibilityOf(caller(user(), member('owner'))), { kind: 'all' });
      assert.deepEqual(visibilityOf(caller(user(), member('admin'))), { kind: 'all' });
      assert.deepEqual(visibilityOf(caller(user('u9'), member('admin')), true), { kind: 'agent', userId: 'u9' });
      assert.deepEqual(visibilityOf(caller(user('u9'), member('supervisor'))), { kind: 'agent', userId: 'u9' });
      assert.deepEqual(visibilityOf(caller(subscription())), { kind: 'all' });
      assert.deepEqual(visibilityOf(caller(bot())), { kind: 'participant', participant: 'bot_b1' });
      assert.deepEqual(requesterVisibility(caller(guest('g9'), member('guest'))), {
        kind: 'requester',
        id: 'g9',
        membershipId: 'pu-guest',
      });
    });

    it('shows an agent the requests they take part in or were candidates for', () => {
      const agent = { kind: 'agent', userId: 'u1' } as const;
      assert.equal(isVisible(agent, { participants: ['u1'], candidateAgents: [] }), true);
      assert.equal(isVisible(agent, { participants: [], candidateAgents: ['u1'] }), true);
      assert.equal(isVisible(agent, { participants: ['u2'], candidateAgents: ['u3'] }), false);
      assert.equal(isVisible({ kind: 'all' }, { participants: [], candidateAgents: [] }), true);
      const participant = { kind: 'participant', participant: 'bot_b1' } as const;
      assert.equal(isVisible(participant, { participants: ['bot_b1'], candidateAgents: [] }), true);
      assert.equal(isVisible(participant, { participants: [], candidateAgents: ['bot_b1'] }), false);
    });

    it('lets end users follow their own requests only, the team what it sees', () => {
      const visitor = caller(guest('g1'), member('guest'));
      assert.equal(can.followRequest(visitor, request({ snapshot: { requester: { uuid_user: 'g1' } } }), []), true);
      assert.equal(can.followRequest(visitor, request({ requester_id: 'pu-guest' }), []), true);
      assert.equal(can.followRequest(visitor, request({ participants: ['g1'] }), []), true);
      assert.equal(can.followRequest(visitor, request({ participants: ['u1'] }), ['g1']), false);
      const agent = caller(user('u1'), member('agent'));
      assert.equal(can.followRequest(agent, request(), ['u1']), true);
      assert.equal(can.followRequest(agent, request({ snapshot: { requester: { id_user: 'u1' } } }), []), false);
      assert.equal(can.followRequest(caller(user('u1'), member('admin')), request(), []), true);
    });

    it("matches an end user's id against end-user requesters only, an account's against accounts", () => {
      const snapshot = { requester: { id_user: 'x1' } };
      assert.equal(can.readConversation(caller(guest('x1'), member('guest')), request({ snapshot })), false);
      assert.equal(can.readConversation(caller(user('x1'), member('user')), request({ snapshot })), true);
    });
  });

  describe('conversations', () => {
    it('lets the team read every conversation, end users their own', () => {
      assert.equal(can.readConversation(caller(user(), member('agent')), request()), true);
      assert.equal(can.readConversation(caller(bot()), request()), true);
      assert.equal(can.readConversation(caller(guest('g1'), member('guest')), request()), false);
      assert.equal(can.readConversation(caller(guest('g1'), member('guest')), request({ participants: ['g1'] })), true);
    });

    it('lets end users write only as themselves', () => {
      const visitor = caller(guest('g1'), member('guest'));
      assert.equal(can.writeAs(visitor, undefined), true);
      assert.equal(can.writeAs(visitor, 'g1'), true);
      assert.equal(can.writeAs(visitor, 'u1'), false);
      assert.equal(can.writeAs(caller(user('u1'), member('agent')), 'g1'), true);
      assert.equal(can.writeAs(caller(bot()), 'g1'), true);
    });

    it('takes sender-less replies on a form conversation from its first agent only', () => {
      const form = request({ channel: { name: 'form' }, participants_agents: ['u1', 'u2'] });
      assert.equal(can.replyWithoutSender(caller(user('u1'), member('agent')), form), true);
      assert.equal(can.replyWithoutSender(caller(user('u2'), member('agent')), form), false);
      assert.equal(can.replyWithoutSender(caller(user('u2'), member('agent')), request()), true);
    });

    it('lets members rate their own requests, machines any', () => {
      assert.equal(can.rateRequest(caller(bot()), request()), true);
      assert.equal(can.rateRequest(caller(guest('g1'), member('guest')), request()), false);
      assert.equal(can.rateRequest(caller(guest('g1'), member('guest')), request({ requester_id: 'pu-guest' })), true);
    });

    it('lets agents (the role) write notes only where they take part', () => {
      const theirs = request({ participants_agents: ['u1'] });
      assert.equal(can.writeNotes(caller(user('u1'), member('agent')), theirs), true);
      assert.equal(can.writeNotes(caller(user('u2'), member('agent')), theirs), false);
      assert.equal(can.writeNotes(caller(user('u2'), member('supervisor')), theirs), true);
      assert.equal(can.writeNotes(caller(bot()), theirs), true);
    });

    it('lets users below admin close only where they take part; machines any', () => {
      const theirs = request({ participants_agents: ['u1'] });
      assert.equal(can.closeRequest(caller(user('u1'), member('agent')), theirs), true);
      assert.equal(can.closeRequest(caller(user('u2'), member('supervisor')), theirs), false);
      assert.equal(can.closeRequest(caller(user('u2'), member('admin')), theirs), true);
      assert.equal(can.closeRequest(caller(user('u2'), member('owner')), theirs), true);
      assert.equal(can.closeRequest(caller(bot()), theirs), true);
      assert.equal(can.closeRequest(caller(subscription()), theirs), true);
    });

    it('lets a visitor close from the widget only a conversation of their own', () => {
      const visitor = caller(guest('g1'), member('guest'));
      assert.equal(can.closeAsVisitor(visitor, request({ requester_id: 'pu-guest' })), true);
      assert.equal(can.closeAsVisitor(visitor, request({ snapshot: { requester: { uuid_user: 'g1' } } })), true);
      assert.equal(can.closeAsVisitor(visitor, request({ snapshot: { requester: { uuid_user: 'g2' } } })), false);
      assert.equal(can.closeAsVisitor(visitor, request()), false);
    });

    it('leaves deleting a request to the owner', () => {
      assert.equal(can.deleteRequest(caller(user(), member('owner'))), true);
      assert.equal(can.deleteRequest(caller(user(), member('admin'))), false);
      assert.equal(can.deleteRequest(caller(subscription())), false);
    });
  });

  describe('the project and its team', () => {
    it('lets registered users own projects, nobody else', () => {
      assert.equal(can.ownProjects(user()), true);
      assert.equal(can.ownProjects(guest()), false);
      assert.equal(can.ownProjects(bot()), false);
    });

    it("shows the agents' emails to the active team only", () => {
      assert.equal(can.seeAgentEmails(user(), member('agent')), true);
      assert.equal(can.seeAgentEmails(user(), member('agent', { status: 'disabled' })), false);
      assert.equal(can.seeAgentEmails(user(), member('agent', { trashed: true })), false);
      assert.equal(can.seeAgentEmails(user(), member('user')), false);
      assert.equal(can.seeAgentEmails(user(), undefined), false);
      assert.equal(can.seeAgentEmails(guest(), member('agent')), false);
    });

    it('leaves owners to owners', () => {
      assert.equal(can.changeMember(member('admin'), member('agent'), 'admin'), true);
      assert.equal(can.changeMember(member('admin'), member('owner')), false);
      assert.equal(can.changeMember(member('admin'), member('agent'), 'owner'), false);
      assert.equal(can.changeMember(undefined, member('owner')), false);
      assert.equal(can.changeMember(member('owner'), member('owner'), 'agent'), true);
      assert.equal(can.changeMember(member('admin'), undefined, 'agent'), true);
      assert.equal(can.changeMember(member('admin'), undefined, 'owner'), false);
    });

    it('keeps bots to admins, erasing leads to owners', () => {
      assert.equal(can.manageBots(member('admin')), true);
      assert.equal(can.manageBots(member('supervisor')), false);
      assert.equal(can.eraseLeads(member('owner')), true);
      assert.equal(can.eraseLeads(member('admin')), false);
      assert.equal(can.eraseLeads(undefined), false);
    });

    it('lets a file be deleted by its uploader or an admin', () => {
      const file = { created_by: 'bot_b1' };
      assert.equal(can.deleteFile({ actor: 'bot_b1' }, file), true);
      assert.equal(can.deleteFile({ actor: 'u1', membership: member('agent') }, file), false);
      assert.equal(can.deleteFile({ actor: 'u1', membership: member('admin') }, file), true);
    });

    it('lets admins curate saved replies, agents their own and the shared ones', () => {
      const agent = { userId: 'u1', role: 'agent' };
      const admin = { userId: 'u2', role: 'admin' };
      const others = { shared: false, created_by: 'u3' };
      assert.equal(can.curateCannedResponses(admin), true);
      assert.equal(can.curateCannedResponses({ role: 'supervisor' }), false);
      assert.equal(can.readCannedResponse(agent, others), false);
      assert.equal(can.readCannedResponse(agent, { ...others, shared: true }), true);
      assert.equal(can.readCannedResponse(agent, { ...others, created_by: 'u1' }), true);
      assert.equal(can.readCannedResponse(admin, others), true);
      assert.equal(can.changeCannedResponse(agent, { created_by: 'u3' }), false);
      assert.equal(can.changeCannedResponse(agent, { created_by: 'u1' }), true);
      assert.equal(can.changeCannedResponse(admin, { created_by: 'u3' }), true);
    });
  });
});
