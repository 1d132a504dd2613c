/**
 * A trigger's conditions, evaluated as json-rules-engine evaluates Tiledesk's rules: each
 * condition reads the fact `json` (the event's wire document) at a dotted `path` and compares it
 * with `value` by an operator of json-rules-engine's default set. Tiledesk's rulesTrigger.js adds
 * no operator of its own. A rule matches when every `all` condition holds and, if it has `any`
 * conditions, at least one of them does.
 *
 * Written here rather than taken from json-rules-engine: the rules are flat (Tiledesk's schema has
 * no nesting), the engine is asynchronous and its paths are JSONPath (`$.a.b`, through
 * jsonpath-plus), while Tiledesk's stored paths are dotted (`department.hasBot`). Evaluation is
 * pure and synchronous, so it can run inside the transaction that caused the event.
 */

export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Condition {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  key?: string;
}

export interface Conditions {
  all?: Condition[];
  any?: Condition[];
}

/** Dotted paths of plain names and array indexes; nothing that reaches a prototype. */
export const PATH_PATTERN = '^[A-Za-z0-9_$-]{1,64}(\\.[A-Za-z0-9_$-]{1,64}){0,15}$';
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafePath(path: string): boolean {
  return new RegExp(PATH_PATTERN).test(path) && path.split('.').every((segment) => !UNSAFE_SEGMENTS.has(segment));
}

/** The value at `path` in `document` (own properties only), undefined when any step is missing. */
export function valueAt(document: unknown, path: string | undefined): unknown {
  if (!path) return document;
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

// json-rules-engine's numeric operators take facts that parseFloat reads as a number.
const numeric = (value: unknown): number | undefined => {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : NaN;
  return Number.isNaN(number) ? undefined : number;
};

/** `b.indexOf(a) > -1`, json-rules-engine's `in`, on an array or a string. */
function isIn(a: unknown, b: unknown): boolean {
  if (Array.isArray(b)) return b.some((item) => item === a);
  return typeof b === 'string' && typeof a === 'string' && b.includes(a);
}

/** `contains` on an array fact (json-rules-engine) and, beyond it, on a text fact. */
function holds(a: unknown, b: unknown): boolean | undefined {
  if (Array.isArray(a)) return a.some((item) => item === b);
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  return undefined;
}

export function compare(operator: string, fact: unknown, value: unknown): boolean {
  switch (operator as Operator) {
    case 'equal':
      return fact === value;
    case 'notEqual':
      return fact !== value;
    case 'in':
      return isIn(fact, value);
    case 'notIn':
      return !isIn(fact, value);
    case 'contains':
      return holds(fact, value) === true;
    case 'doesNotContain':
      return holds(fact, value) === false;
    default:
      break;
  }
  const a = numeric(fact);
  const b = numeric(value);
  if (a === undefined || b === undefined) return false;
  switch (operator as Operator) {
    case 'lessThan':
      return a < b;
    case 'lessThanInclusive':
      return a <= b;
    case 'greaterThan':
      return a > b;
    case 'greaterThanInclusive':
      return a >= b;
    default:
      return false;
  }
}

/** Facts by name: Tiledesk's rules read only `json`. */
export type Facts = Record<string, unknown>;

function conditionHolds(condition: Condition, facts: Facts): boolean {
  if (!Object.hasOwn(facts, condition.fact)) return false;
  return compare(condition.operator, valueAt(facts[condition.fact], condition.path), condition.value);
}

export function matches(conditions: Conditions, facts: Facts): boolean {
  const all = conditions.all ?? [];
  const any = conditions.any ?? [];
  return (
    all.every((condition) => conditionHolds(condition, facts)) &&
    (any.length === 0 || any.some((condition) => conditionHolds(condition, facts)))
  );
}

/** Whether any condition reads `path` (so a costly fact is computed only when a rule asks for it). */
export function reads(conditions: Conditions, path: string): boolean {
  return [...(conditions.all ?? []), ...(conditions.any ?? [])].some(
    (condition) => condition.path === path || condition.path?.startsWith(`${path}.`),
  );
}

/** `${KEY}` placeholders of a text (Tiledesk's label references). */
export function labelKeys(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z0-9_]{1,100})\}/g)].map((match) => match[1]!);
}

/** Replaces each `${KEY}` whose label is known; unknown keys stay as they are. */
export function fillLabels(text: string, labels: Record<string, unknown>): string {
  return text.replace(/\$\{([A-Za-z0-9_]{1,100})\}/g, (whole, key: string) => {
    const label = Object.hasOwn(labels, key) ? labels[key] : undefined;
    return typeof label === 'string' ? label : whole;
  });
}
