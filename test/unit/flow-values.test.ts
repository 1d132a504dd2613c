/**
 * The values of flow bots (flow-values.ts): `{{placeholders}}`, the conditions of `jsoncondition`
 * and the arithmetic of `setattribute`, interpreted without running any code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGroups, evaluateOperation, fill } from '../../src/modules/bot-engine/flow-values.js';

const variables = {
  name: 'Ada',
  n: 3,
  zero: 0,
  empty: '',
  nothing: null,
  no: false,
  user: { first: 'Ada', tags: ['a', 'b'], orders: [{ total: 12.5 }] },
  list: [1, 2],
};

describe('flow values: {{placeholders}}', () => {
  it('names, with or without spaces inside the braces', () => {
    assert.equal(fill('Hi {{name}}, {{ n }} new', variables), 'Hi Ada, 3 new');
  });

  it('paths through objects and arrays', () => {
    assert.equal(
      fill('{{user.first}} {{user.tags[1]}} {{user.tags.0}} {{user.orders[0].total}}', variables),
      'Ada b a 12.5',
    );
  });

  it('Liquid filters are ignored: the raw value', () => {
    assert.equal(fill('{{ name | upcase }} {{name|downcase}}', variables), 'Ada Ada');
  });

  it('objects and arrays as JSON; numbers and booleans as written', () => {
    assert.equal(fill('{{list}} {{zero}} {{no}}', variables), '[1,2] 0 false');
    assert.equal(fill('{{user.orders}}', variables), '[{"total":12.5}]');
  });

  it('missing and null values are empty', () => {
    assert.equal(fill('[{{missing}}][{{nothing}}][{{user.tags[5]}}][{{user.last.name}}]', variables), '[][][][]');
  });

  it('only the variables themselves: no inherited or built-in properties', () => {
    assert.equal(fill('[{{constructor}}][{{__proto__}}][{{name.length}}][{{user.toString}}]', variables), '[][][][]');
  });

  it('a placeholder that is not a path is empty; empty braces and other syntaxes stay as written', () => {
    assert.equal(fill('[{{1st}}][{{a-b}}][{{$name}}]', { ...variables, 'a-b': 1 }), '[][][]');
    assert.equal(fill('{{ }} {{}} {name} ${name}', variables), '{{ }} {{}} {name} ${name}');
  });
});

type Operand2 = { type: string; value?: string; name?: string } | undefined;

/** One condition alone in one group. */
const check = (operand1: unknown, operator: string, operand2: Operand2, values: Record<string, unknown> = variables) =>
  evaluateGroups([{ type: 'expression', conditions: [{ type: 'condition', operand1, operator, operand2 }] }], values);
const constant = (value: string) => ({ type: 'const', value });

describe('flow values: conditions', () => {
  it('numbers compare as numbers, strings as strings', () => {
    assert.equal(check('n', 'equalAsNumbers', constant('3.0')), true);
    assert.equal(check('n', 'equalAsStrings', constant('3.0')), false);
    assert.equal(check('n', 'notEqualAsNumbers', constant('3')), false);
    assert.equal(check('name', 'notEqualAsStrings', constant('ada')), true);
    assert.equal(check('n', 'greaterThan', constant('2.5')), true);
    assert.equal(check('n', 'greaterThanOrEqual', constant('3')), true);
    assert.equal(check('n', 'lessThan', constant('3')), false);
    assert.equal(check('n', 'lessThanOrEqual', constant('3')), true);
    assert.equal(check('empty', 'equalAsNumbers', constant('0')), true, 'Number("") is 0');
    assert.equal(check('missing', 'equalAsNumbers', constant('')), false, 'NaN equals nothing');
  });

  it('text operators; endsWith ignores case, as Tiledesk', () => {
    assert.equal(check('name', 'startsWith', constant('Ad')), true);
    assert.equal(check('name', 'startsWith', constant('ad')), false);
    assert.equal(check('name', 'notStartsWith', constant('ad')), true);
    assert.equal(check('name', 'startsWithIgnoreCase', constant('ad')), true);
    assert.equal(check('name', 'contains', constant('d')), true);
    assert.equal(check('name', 'contains', constant('D')), false);
    assert.equal(check('name', 'containsIgnoreCase', constant('D')), true);
    assert.equal(check('name', 'endsWith', constant('DA')), true);
  });

  it('contains on an array looks for an element; on anything else it is false', () => {
    assert.equal(check('user.tags', 'contains', constant('b')), true);
    assert.equal(check('list', 'contains', constant('1')), false, 'the constant is text, the elements numbers');
    assert.equal(check('n', 'contains', constant('3')), false);
    assert.equal(check('n', 'containsIgnoreCase', constant('3')), false);
    assert.equal(check('missing', 'endsWith', constant('')), false);
  });

  it('isEmpty, isNull and isUndefined tell the three apart', () => {
    const table = [
      ['empty', [true, false, false]],
      ['nothing', [false, true, false]],
      ['missing', [false, false, true]],
      ['zero', [false, false, false]],
    ] as const;
    for (const [name, expected] of table) {
      const got = ['isEmpty', 'isNull', 'isUndefined'].map((operator) => check(name, operator, constant('')));
      assert.deepEqual(got, expected, name);
    }
  });

  it('the first operand is a variable path; the second a constant or a variable', () => {
    assert.equal(check('user.first', 'equalAsStrings', constant('Ada')), true);
    assert.equal(check('name', 'equalAsStrings', { type: 'var', name: 'user.first' }), true);
    assert.equal(check('n', 'equalAsNumbers', { type: 'var', name: 'list[5]' }), false);
  });

  it('a constant "$name" reads that variable, unless its value is falsy (as Tiledesk)', () => {
    assert.equal(check('name', 'equalAsStrings', constant('$user.first')), true);
    assert.equal(check('name', 'equalAsStrings', constant(' $name ')), true);
    assert.equal(check('zero', 'equalAsStrings', constant('$zero')), false, 'compares 0 with "$zero"');
    assert.equal(check('missing', 'equalAsStrings', constant('$missing')), false);
    assert.equal(check('list', 'equalAsStrings', constant('$list')), false, '"1,2" is not the JSON "[1,2]"');
  });

  it('a constant without a value is the empty string', () => {
    assert.equal(check('empty', 'equalAsStrings', { type: 'const' }), true);
  });

  it('unknown operators, bad operands and malformed parts make the whole result null', () => {
    assert.equal(check('name', 'matches', constant('A')), null, 'Tiledesk has it; we do not');
    assert.equal(check('name', 'toString', constant('')), null);
    assert.equal(check('1st', 'isNull', constant('')), null);
    assert.equal(check(42, 'isNull', constant('')), null);
    assert.equal(check('name', 'isNull', undefined), null);
    assert.equal(check('name', 'isNull', { type: 'expression', value: '' }), null);
    assert.equal(evaluateGroups([], variables), null);
    assert.equal(evaluateGroups('groups', variables), null);
    assert.equal(evaluateGroups([{ type: 'expression' }], variables), null);
    assert.equal(evaluateGroups([{ type: 'expression', conditions: [null] }], variables), null);
    assert.equal(evaluateGroups([null], variables), null);
  });
});

describe('flow values: AND and OR', () => {
  const T = { type: 'condition', operand1: 'n', operator: 'equalAsNumbers', operand2: constant('3') };
  const F = { type: 'condition', operand1: 'n', operator: 'equalAsNumbers', operand2: constant('4') };
  const AND = { type: 'operator', operator: 'AND' };
  const OR = { type: 'operator', operator: 'OR' };
  const group = (...conditions: unknown[]) => ({ type: 'expression', conditions });
  const inOneGroup = (...conditions: unknown[]) => evaluateGroups([group(...conditions)], variables);

  it('AND binds tighter than OR, as in the JavaScript Tiledesk generates', () => {
    assert.equal(inOneGroup(T, OR, F, AND, F), true, 'T || (F && F)');
    assert.equal(inOneGroup(F, AND, T, OR, T), true, '(F && T) || T');
    assert.equal(inOneGroup(T, AND, F, OR, F), false, '(T && F) || F');
    assert.equal(inOneGroup(F, OR, T, AND, T), true, 'F || (T && T)');
    assert.equal(inOneGroup(F, OR, T, AND, F, OR, F), false);
  });

  it('groups combine the same way', () => {
    assert.equal(evaluateGroups([group(F), OR, group(T), AND, group(T)], variables), true);
    assert.equal(evaluateGroups([group(T), AND, group(F, OR, F)], variables), false);
    assert.equal(evaluateGroups([group(T, AND, T), AND, group(F, OR, T)], variables), true);
  });

  it('operators must sit between values: leading, trailing, doubled or unknown ones are null', () => {
    assert.equal(inOneGroup(AND, T), null);
    assert.equal(inOneGroup(T, OR), null);
    assert.equal(inOneGroup(T, T), null);
    assert.equal(inOneGroup(T, AND, OR, T), null);
    assert.equal(inOneGroup(T, { type: 'operator', operator: 'XOR' }, T), null);
    assert.equal(inOneGroup(), null);
    assert.equal(evaluateGroups([group(T), group(T)], variables), null);
    assert.equal(evaluateGroups([group(T), OR], variables), null);
  });

  it('one bad condition anywhere makes the whole result null, even where OR would not need it', () => {
    const bad = { ...T, operator: 'nope' };
    assert.equal(inOneGroup(T, OR, bad), null);
    assert.equal(evaluateGroups([group(T), OR, group(bad)], variables), null);
  });
});

describe('flow values: setattribute operations', () => {
  const evaluate = (operands: unknown[], operators?: unknown[]) =>
    evaluateOperation({ operands, operators }, variables);

  it('one constant is its text, with {{placeholders}} filled', () => {
    assert.equal(evaluate([{ value: 'Hi {{name}}' }]), 'Hi Ada');
  });

  it('one variable is its value, of any type, or undefined', () => {
    assert.deepEqual(evaluate([{ value: 'user.tags', isVariable: true }]), ['a', 'b']);
    assert.equal(evaluate([{ value: 'missing', isVariable: true }]), undefined);
  });

  it('operators fold left, without precedence', () => {
    assert.equal(evaluate([{ value: '1' }, { value: '2' }], ['addAsNumber']), 3);
    assert.equal(evaluate([{ value: '1' }, { value: '2' }], ['addAsString']), '12');
    assert.equal(evaluate([{ value: '1' }, { value: '2' }, { value: '3' }], ['addAsNumber', 'multiplyAsNumber']), 9);
    assert.equal(
      evaluate(
        [{ value: 'n', isVariable: true }, { value: '2' }, { value: '4' }],
        ['multiplyAsNumber', 'subtractAsNumber'],
      ),
      2,
    );
    assert.equal(evaluate([{ value: '7' }, { value: '2' }], ['divideAsNumber']), 3.5);
  });

  it('arithmetic on non-numbers is NaN, division by zero Infinity (stored as they are)', () => {
    assert.ok(Number.isNaN(evaluate([{ value: 'x' }, { value: '1' }], ['addAsNumber'])));
    assert.equal(evaluate([{ value: '1' }, { value: '0' }], ['divideAsNumber']), Infinity);
  });

  it('functions apply to their operand before the operators', () => {
    assert.equal(evaluate([{ value: 'user.first', isVariable: true, function: 'upperCaseAsString' }]), 'ADA');
    assert.equal(evaluate([{ value: 'ADA', function: 'lowerCaseAsString' }]), 'ada');
    assert.equal(evaluate([{ value: 'ada lovelace', function: 'capitalizeAsString' }]), 'Ada lovelace');
    assert.equal(evaluate([{ value: '-2.5', function: 'absAsNumber' }]), 2.5);
    assert.equal(evaluate([{ value: '2.1', function: 'ceilAsNumber' }]), 3);
    assert.equal(evaluate([{ value: '2.9', function: 'floorAsNumber' }]), 2);
    assert.equal(evaluate([{ value: '2.5', function: 'roundAsNumber' }]), 3);
    assert.equal(evaluate([{ value: '0x10', function: 'convertToNumber' }]), 16);
    assert.deepEqual(evaluate([{ value: '{"a":[1]}', function: 'JSONparse' }]), { a: [1] });
    assert.equal(evaluate([{ value: 'list', isVariable: true, function: 'JSONstringify' }]), '[1,2]');
    assert.equal(
      evaluate(
        [
          { value: '1.4', function: 'roundAsNumber' },
          { value: '1.4', function: 'ceilAsNumber' },
        ],
        ['addAsNumber'],
      ),
      3,
    );
  });

  it('malformed operations throw (the action is then skipped)', () => {
    assert.throws(() => evaluate([]), /no operands/);
    assert.throws(() => evaluateOperation(undefined, variables), /no operands/);
    assert.throws(() => evaluate([{ value: '1' }, { value: '2' }]), /one operator between operands/);
    assert.throws(() => evaluate([{ value: '1' }], ['addAsNumber']), /one operator between operands/);
    assert.throws(() => evaluate([{ value: 1 }]), /an operand value must be a string/);
    assert.throws(() => evaluate([{ value: 'x', function: 'sinAsNumber' }]), /unknown function sinAsNumber/);
    assert.throws(() => evaluate([{ value: 'x', function: 'constructor' }]), /unknown function constructor/);
    assert.throws(() => evaluate([{ value: '1' }, { value: '2' }], ['powAsNumber']), /unknown operator powAsNumber/);
    assert.throws(() => evaluate([{ value: 'not json', function: 'JSONparse' }]), SyntaxError);
  });
});
