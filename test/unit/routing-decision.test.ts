/**
 * The routing decision (routing-decision.ts): bot first, then pooled, then one available agent by
 * round robin in team order after the agent assigned last, skipping agents who abandoned the
 * request. Who is available (presence, group, opening hours, chat limits) is decided before; see
 * availability.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideRouting, type RoutingInput } from '../../src/modules/conversations/routing-decision.js';

/** A team member: membership id `m-<name>`, user id `u-<name>`. */
const member = (name: string) => ({ row: { id: `m-${name}`, user_id: `u-${name}` } });
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(member);
const team = [a, b, c, d];

function decide(input: Partial<RoutingInput>) {
  return decideRouting({ department: { routing: 'assigned' }, team, available: team, ...input });
}

describe('routing decision: bots and pooled departments', () => {
  it("a department's bot serves the request alone, even with agents available", () => {
    assert.deepEqual(decide({ bot: { id: 'b1', trashed: false }, lastAssigned: 'u-a' }), {
      participants: ['bot_b1'],
      candidates: ['u-a', 'u-b', 'u-c', 'u-d'],
      fullyAbandoned: false,
    });
  });

  it('a bot serves a pooled department too', () => {
    assert.deepEqual(decide({ department: { routing: 'pooled' }, bot: { id: 'b1', trashed: false } }).participants, [
      'bot_b1',
    ]);
  });

  it('a trashed bot is skipped: the request goes to an agent, or to the pool', () => {
    assert.deepEqual(decide({ bot: { id: 'b1', trashed: true } }).participants, ['u-a']);
    assert.deepEqual(decide({ department: { routing: 'pooled' }, bot: { id: 'b1', trashed: true } }).participants, []);
  });

  it('a pooled department assigns nobody, and that is not abandonment', () => {
    assert.deepEqual(decide({ department: { routing: 'pooled' } }), {
      participants: [],
      candidates: ['u-a', 'u-b', 'u-c', 'u-d'],
      fullyAbandoned: false,
    });
  });

  it('any routing other than "pooled" assigns', () => {
    assert.deepEqual(decide({ department: { routing: 'fixed' } }).participants, ['u-a']);
  });
});

describe('routing decision: round robin', () => {
  it('with no agent assigned before, the first available in team order', () => {
    assert.deepEqual(decide({ available: [b, c] }).participants, ['u-b']);
  });

  it('continues after the agent assigned last', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-a' }).participants, ['u-b']);
    assert.deepEqual(decide({ lastAssigned: 'u-c' }).participants, ['u-d']);
  });

  it('wraps around after the last member of the team', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-d' }).participants, ['u-a']);
    assert.deepEqual(decide({ lastAssigned: 'u-c', available: [a, b] }).participants, ['u-a']);
  });

  it('the agent assigned last keeps their place in the order while unavailable', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-b', available: [a, c, d] }).participants, ['u-c']);
  });

  it('an agent assigned last who left the team restarts the rotation', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-gone', available: [b, d] }).participants, ['u-b']);
  });

  it('the only available agent gets every request', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-c', available: [c] }).participants, ['u-c']);
  });

  it('nobody available: nobody assigned, and not abandonment', () => {
    assert.deepEqual(decide({ available: [], lastAssigned: 'u-a' }), {
      participants: [],
      candidates: ['u-a', 'u-b', 'u-c', 'u-d'],
      fullyAbandoned: false,
    });
  });
});

describe('routing decision: abandonment', () => {
  it('agents who abandoned the request (by membership id) are skipped; the rotation goes on', () => {
    assert.deepEqual(decide({ lastAssigned: 'u-a', abandonedBy: ['m-b'] }).participants, ['u-c']);
    assert.deepEqual(decide({ lastAssigned: 'u-c', abandonedBy: ['m-d', 'm-a'] }).participants, ['u-b']);
  });

  it('a user id in abandonedBy does not match: it is membership ids', () => {
    assert.deepEqual(decide({ abandonedBy: ['u-a'] }).participants, ['u-a']);
  });

  it('every available agent abandoned it: nobody, fully abandoned', () => {
    assert.deepEqual(decide({ available: [a, c], abandonedBy: ['m-a', 'm-c'] }), {
      participants: [],
      candidates: ['u-a', 'u-b', 'u-c', 'u-d'],
      fullyAbandoned: true,
    });
  });

  it('abandonment does not matter to a bot or a pool', () => {
    const abandonedBy = ['m-a', 'm-b', 'm-c', 'm-d'];
    assert.deepEqual(decide({ bot: { id: 'b1', trashed: false }, abandonedBy }).fullyAbandoned, false);
    assert.deepEqual(decide({ department: { routing: 'pooled' }, abandonedBy }).fullyAbandoned, false);
  });
});

describe('routing decision: candidates (who may see the request)', () => {
  it('every team member with a user id, in team order, whether available or not', () => {
    const pending = { row: { id: 'm-pending', user_id: null } };
    assert.deepEqual(decide({ team: [a, pending, b], available: [] }).candidates, ['u-a', 'u-b']);
  });

  it("only the members of the department's group when it has one", () => {
    const choice = decide({ groupMembers: new Set(['u-d', 'u-b', 'u-x']), available: [b, d], lastAssigned: 'u-b' });
    assert.deepEqual(choice, { participants: ['u-d'], candidates: ['u-b', 'u-d'], fullyAbandoned: false });
  });

  it('an empty group: no candidates', () => {
    assert.deepEqual(decide({ groupMembers: new Set(), available: [] }).candidates, []);
  });
});
