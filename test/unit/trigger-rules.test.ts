/**
 * Triggers' conditions: json-rules-engine's operators on Tiledesk's dotted paths, `all`/`any`,
 * and the `${KEY}` label references of their messages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compare,
  fillLabels,
  isSafePath,
  labelKeys,
  matches,
  reads,
  valueAt,
} from '../../src/modules/triggers/trigger-rules.js';

describe('trigger conditions', () => {
  const request = {
    status: 50,
    first_text: 'welcome',
    department: { hasBot: false },
    snapshot: { availableAgentsCount: 2 },
    tags: ['vip', 'new'],
    participants: ['u1'],
    sourcePage: 'https://shop.example/checkout.html',
  };

  it('reads dotted paths, array indexes and own properties only', () => {
    assert.equal(valueAt(request, 'department.hasBot'), false);
    assert.equal(valueAt(request, 'snapshot.availableAgentsCount'), 2);
    assert.equal(valueAt(request, 'tags.1'), 'new');
    assert.equal(valueAt(request, 'department.missing.deeper'), undefined);
    assert.equal(valueAt(request, 'first_text.length'), undefined);
    assert.equal(valueAt(request, 'constructor'), undefined);
    assert.equal(valueAt(request, undefined), request);
    assert.equal(isSafePath('lead.attributes.vip'), true);
    assert.equal(isSafePath('__proto__.x'), false);
    assert.equal(isSafePath('a..b'), false);
    assert.equal(isSafePath('a[0]'), false);
  });

  it("compares as json-rules-engine's default operators do", () => {
    const cases: Array<[string, unknown, unknown, boolean]> = [
      ['equal', 50, 50, true],
      ['equal', '50', 50, false],
      ['notEqual', 50, 100, true],
      ['in', 'it', ['en', 'it'], true],
      ['in', 'de', ['en', 'it'], false],
      ['in', '/checkout.html', '/checkout.html', true],
      ['notIn', 'de', ['en', 'it'], true],
      ['contains', ['vip', 'new'], 'vip', true],
      ['contains', 'what is the price?', 'price', true],
      ['contains', undefined, 'x', false],
      ['doesNotContain', ['vip'], 'new', true],
      ['doesNotContain', undefined, 'x', false],
      ['lessThan', 1, 2, true],
      ['lessThan', '1', 2, true],
      ['lessThan', 'abc', 2, false],
      ['lessThanInclusive', 2, 2, true],
      ['greaterThan', 0, 0, false],
      ['greaterThanInclusive', 0, 0, true],
      ['regex', 'a', 'a', false],
    ];
    for (const [operator, fact, value, expected] of cases) {
      assert.equal(compare(operator, fact, value), expected, `${operator}(${String(fact)}, ${String(value)})`);
    }
  });

  it('holds when every `all` and, if there are any, one `any` condition holds', () => {
    const facts = { json: request };
    const holds = { fact: 'json', path: 'status', operator: 'equal', value: 50 };
    const fails = { fact: 'json', path: 'status', operator: 'equal', value: 100 };
    assert.equal(matches({}, facts), true);
    assert.equal(matches({ all: [holds] }, facts), true);
    assert.equal(matches({ all: [holds, fails] }, facts), false);
    assert.equal(matches({ any: [fails, holds] }, facts), true);
    assert.equal(matches({ all: [holds], any: [fails] }, facts), false);
    assert.equal(matches({ all: [{ ...holds, fact: 'other' }] }, facts), false);
    assert.equal(reads({ all: [{ ...holds, path: 'isOpen' }] }, 'isOpen'), true);
    assert.equal(reads({ any: [holds] }, 'isOpen'), false);
  });

  it('fills the label references it knows and leaves the others', () => {
    assert.deepEqual(labelKeys('${A} and ${B_2}'), ['A', 'B_2']);
    assert.equal(fillLabels('${A}: ${B}', { A: 'one' }), 'one: ${B}');
    assert.equal(fillLabels('${toString}', {}), '${toString}');
    assert.equal(fillLabels('${A}', { A: 3 }), '${A}');
  });
});
