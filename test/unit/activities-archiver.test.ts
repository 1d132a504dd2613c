/**
 * Which events become which activities (modules/activities/activities.archiver.ts): the cases
 * the HTTP tests do not reach cheaply - routing, a bot put in by hand, the system, preflight
 * requests, leads - read off a transaction's events as the staging hook gets them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activitiesOf } from '../../src/modules/activities/activities.archiver.js';
import type { DomainEvent } from '../../src/platform/events/event-bus.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/platform/events/actor.js';

const owner: Actor = { type: 'user', id: 'u-owner', name: 'Olga Owner' };
const request = { _id: 'r1', request_id: 'support-group-p-1', participantsAgents: ['u-agent'], secret: 'never' };

function event(name: string, payload: unknown, context: DomainEvent['context'] = { actor: owner }): DomainEvent {
  return { name, projectId: 'p', payload, context };
}

describe('activities archiver', () => {
  it('routing is an automatic assignment whoever caused it; joins and leaves of one request are one change', () => {
    const [assigned, ...rest] = activitiesOf([
      event('request.update', request, { actor: owner, routed: true }),
      event('request.participants.join', { member: 'u-agent', request }),
      event('request.participants.leave', { member: 'u-previous', request }),
    ]);
    assert.equal(rest.length, 0);
    assert.equal(assigned?.verb, 'REQUEST_ASSIGNED_AUTO');
    assert.deepEqual(assigned?.actor, owner);
    assert.deepEqual(assigned?.action, {
      assigneeId: 'u-agent',
      assigneeType: 'user',
      assignmentType: 'auto',
      source: 'api',
      previousAssigneeId: 'u-previous',
      removedParticipants: ['u-previous'],
    });
    assert.equal(assigned?.target.object?.secret, undefined, 'targets keep only known fields');
  });

  it('a bot put in by hand is a manual reassignment to the bot; by routing it is nothing', () => {
    const byHand = activitiesOf([event('request.participants.join', { member: 'bot_b1', request })]);
    assert.deepEqual(
      byHand.map((a) => [a.verb, a.action?.assigneeType, a.related]),
      [['REQUEST_ASSIGNED_MANUAL', 'bot', { role: 'assignee', type: 'bot', id: 'b1' }]],
    );
    const routed = activitiesOf([
      event('request.update', request, { actor: owner, routed: true }),
      event('request.participants.join', { member: 'bot_b1', request }),
    ]);
    assert.deepEqual(routed, []);
  });

  it('the system assigns automatically and changes availability as the system', () => {
    const [assigned] = activitiesOf([
      event('request.participants.join', { member: 'u-agent', request }, { actor: SYSTEM_ACTOR }),
    ]);
    assert.equal(assigned?.verb, 'REQUEST_ASSIGNED_AUTO');
    assert.equal(assigned?.action?.source, 'system');
    const [away] = activitiesOf([
      event(
        'project_user.update',
        { _id: 'pu1', id_user: { _id: 'u-agent' }, user_available: false },
        { actor: SYSTEM_ACTOR, changes: { user_available: false } },
      ),
    ]);
    assert.equal(away?.verb, 'PROJECT_USER_AVAILABILITY_SYSTEM');
    assert.equal(away?.action?.newStatus, 'unavailable');
  });

  it('skips preflight requests, derived member updates and events it does not audit', () => {
    assert.deepEqual(
      activitiesOf([
        event('request.create', { ...request, preflight: true }),
        event('project_user.update', { _id: 'pu1', id_user: 'u-agent' }),
        event('message.create', { text: 'hi' }),
        event('tag.delete', { _id: 't1' }),
      ]),
      [],
    );
  });

  it('records lead deletions with the lead it was', () => {
    const [deleted] = activitiesOf([
      event('lead.delete', { _id: 'l1', fullname: 'Vera', email: 'vera@example.com', attributes: { x: 1 } }),
    ]);
    assert.equal(deleted?.verb, 'LEAD_DELETE');
    assert.deepEqual(deleted?.target, {
      type: 'lead',
      id: 'l1',
      object: { _id: 'l1', fullname: 'Vera', email: 'vera@example.com' },
    });
  });
});
