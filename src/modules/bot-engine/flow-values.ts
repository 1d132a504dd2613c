/**
 * The values of a flow: its variables, `{{name}}` placeholders, and the two small languages of
 * Tiledesk's flow actions - the conditions of `jsoncondition` and the arithmetic of
 * `setattribute`. Tiledesk compiles both to JavaScript and runs it in a VM; here they are
 * interpreted, so a flow can never run code, and an unknown operator makes the result `null`.
 */
import { ownEntry } from '../../platform/own.js';

export type Variables = Record<string, unknown>;

const PATH = /^[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*$/;

/** `a.b[0].c` in the variables; undefined when any step is missing. */
function lookup(variables: Variables, path: string): unknown {
  if (!PATH.test(path)) return undefined;
  let value: unknown = variables;
  for (const step of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A value as text in a message: nothing for missing values, JSON for objects. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Replaces `{{ name }}` and `{{ a.b }}` with variables (Liquid's filters are ignored). */
export function fill(template: string, variables: Variables): string {
  return template.replace(/\{\{\s*([^}|\s]+)\s*(?:\|[^}]*)?\}\}/g, (_, path: string) =>
    asText(lookup(variables, path)),
  );
}

// --- jsoncondition -----------------------------------------------------------------------------

const COMPARISONS: Record<string, (a: unknown, b: unknown) => boolean> = {
  equalAsNumbers: (a, b) => Number(a) === Number(b),
  equalAsStrings: (a, b) => String(a) === String(b),
  notEqualAsNumbers: (a, b) => Number(a) !== Number(b),
  notEqualAsStrings: (a, b) => String(a) !== String(b),
  greaterThan: (a, b) => Number(a) > Number(b),
  greaterThanOrEqual: (a, b) => Number(a) >= Number(b),
  lessThan: (a, b) => Number(a) < Number(b),
  lessThanOrEqual: (a, b) => Number(a) <= Number(b),
  startsWith: (a, b) => String(a).startsWith(String(b)),
  notStartsWith: (a, b) => !String(a).startsWith(String(b)),
  startsWithIgnoreCase: (a, b) => String(a).toLowerCase().startsWith(String(b).toLowerCase()),
  contains: (a, b) => (typeof a === 'string' || Array.isArray(a) ? a.includes(b as string) : false),
  containsIgnoreCase: (a, b) => typeof a === 'string' && a.toLowerCase().includes(String(b).toLowerCase()),
  // Tiledesk's endsWith ignores case.
  endsWith: (a, b) => typeof a === 'string' && a.toLowerCase().endsWith(String(b).toLowerCase()),
  isEmpty: (a) => a === '',
  isNull: (a) => a === null,
  isUndefined: (a) => a === undefined,
};

interface Condition {
  type: 'condition';
  operand1?: unknown;
  operator?: unknown;
  operand2?: { type?: unknown; value?: unknown; name?: unknown };
}

/** A second operand: a constant (a `$name` constant reads that variable, as Tiledesk's) or a variable. */
function secondOperand(operand: Condition['operand2'], variables: Variables): unknown {
  if (operand?.type === 'var' && typeof operand.name === 'string') return lookup(variables, operand.name);
  if (operand?.type !== 'const') return INVALID;
  const value = typeof operand.value === 'string' ? operand.value : '';
  if (value.trim().startsWith('$')) {
    const named = lookup(variables, value.trim().replace(/\$/g, ''));
    return named ? asText(named) : value;
  }
  return value;
}

const INVALID = Symbol('invalid');

function evaluateCondition(condition: Condition, variables: Variables): boolean | null {
  const compare = typeof condition.operator === 'string' ? ownEntry(COMPARISONS, condition.operator) : undefined;
  if (!compare || typeof condition.operand1 !== 'string' || !/^[A-Za-z_]/.test(condition.operand1)) return null;
  const second = secondOperand(condition.operand2, variables);
  if (second === INVALID) return null;
  return compare(lookup(variables, condition.operand1), second);
}

/** `a AND b OR c` with AND binding tighter, as the JavaScript Tiledesk generates. */
function combine(parts: Array<boolean | 'AND' | 'OR'>): boolean | null {
  let result = false;
  let chain: boolean | null = null;
  let expectValue = true;
  for (const part of parts) {
    if (expectValue !== (typeof part === 'boolean')) return null;
    expectValue = !expectValue;
    if (typeof part === 'boolean') chain = chain === null ? part : chain && part;
    else if (part === 'OR') {
      result = result || chain === true;
      chain = null;
    }
  }
  if (expectValue || chain === null) return null;
  return result || chain;
}

function operatorOf(part: { operator?: unknown }): 'AND' | 'OR' | null {
  return part.operator === 'AND' || part.operator === 'OR' ? part.operator : null;
}

/**
 * Evaluates a jsoncondition's `groups`: expressions (conditions joined by AND/OR) joined by
 * AND/OR. `null` when the groups are malformed or use an operator this engine does not know.
 */
export function evaluateGroups(groups: unknown, variables: Variables): boolean | null {
  if (!Array.isArray(groups) || groups.length === 0) return null;
  const parts: Array<boolean | 'AND' | 'OR'> = [];
  for (const group of groups as Array<{ type?: unknown; operator?: unknown; conditions?: unknown }>) {
    if (group?.type === 'operator') {
      const operator = operatorOf(group);
      if (!operator) return null;
      parts.push(operator);
      continue;
    }
    if (group?.type !== 'expression' || !Array.isArray(group.conditions)) return null;
    const inner: Array<boolean | 'AND' | 'OR'> = [];
    for (const part of group.conditions as Array<Condition | { type: 'operator'; operator?: unknown }>) {
      const value = part?.type === 'condition' ? evaluateCondition(part, variables) : operatorOf(part ?? {});
      if (value === null) return null;
      inner.push(value);
    }
    const value = combine(inner);
    if (value === null) return null;
    parts.push(value);
  }
  return combine(parts);
}

// --- setattribute ------------------------------------------------------------------------------

const FUNCTIONS: Record<string, (value: unknown) => unknown> = {
  upperCaseAsString: (v) => String(v).toUpperCase(),
  lowerCaseAsString: (v) => String(v).toLowerCase(),
  capitalizeAsString: (v) => String(v).charAt(0).toUpperCase() + String(v).slice(1),
  absAsNumber: (v) => Math.abs(Number(v)),
  ceilAsNumber: (v) => Math.ceil(Number(v)),
  floorAsNumber: (v) => Math.floor(Number(v)),
  roundAsNumber: (v) => Math.round(Number(v)),
  convertToNumber: (v) => Number(v),
  JSONparse: (v) => JSON.parse(String(v)),
  JSONstringify: (v) => JSON.stringify(v),
};

const OPERATIONS: Record<string, (a: unknown, b: unknown) => unknown> = {
  addAsNumber: (a, b) => Number(a) + Number(b),
  addAsString: (a, b) => String(a) + String(b),
  subtractAsNumber: (a, b) => Number(a) - Number(b),
  multiplyAsNumber: (a, b) => Number(a) * Number(b),
  divideAsNumber: (a, b) => Number(a) / Number(b),
};

interface Operand {
  value?: unknown;
  isVariable?: unknown;
  function?: unknown;
}

/**
 * The value of a setattribute `operation`: operands (constants, with `{{}}` filled, or variable
 * names, each with an optional function) folded left by the operators. Throws when malformed.
 */
export function evaluateOperation(operation: unknown, variables: Variables): unknown {
  const { operands, operators } = (operation ?? {}) as { operands?: unknown; operators?: unknown };
  if (!Array.isArray(operands) || operands.length === 0) throw new Error('no operands');
  const ops = operators === undefined ? [] : operators;
  if (!Array.isArray(ops) || ops.length !== operands.length - 1) throw new Error('one operator between operands');
  const values = (operands as Operand[]).map((operand) => {
    if (typeof operand?.value !== 'string') throw new Error('an operand value must be a string');
    const raw = operand.isVariable === true ? lookup(variables, operand.value) : fill(operand.value, variables);
    if (operand.function === undefined) return raw;
    const apply = typeof operand.function === 'string' ? ownEntry(FUNCTIONS, operand.function) : undefined;
    if (!apply) throw new Error(`unknown function ${String(operand.function)}`);
    return apply(raw);
  });
  return ops.reduce((result: unknown, operator: unknown, i: number) => {
    const apply = typeof operator === 'string' ? ownEntry(OPERATIONS, operator) : undefined;
    if (!apply) throw new Error(`unknown operator ${String(operator)}`);
    return apply(result, values[i + 1]);
  }, values[0]);
}
