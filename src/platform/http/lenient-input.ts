/**
 * Tiledesk's clients send what Tiledesk tolerates, and Tiledesk validates almost nothing: most of
 * its routes copy a field only `if (req.body.x != undefined)`, so `null` means "not given", and an
 * empty string stands for "no choice" in its dashboard's selects. Before a route's schema judges
 * the input, this normalises those forms, by the route's own schema, once for every route:
 *
 * - `null` where the schema does not accept null: the field is dropped (not given);
 * - `""` where the schema wants anything but free text (a number, a boolean, an object, an array,
 *   a date, one of a set of values, a non-empty string): dropped, as a field left empty (Ajv's
 *   coercion would otherwise turn `""` into 0 or false);
 * - `null` and `""` items of an array of strings or numbers that refuse them (a lead's tags
 *   `[""]`): dropped. A `null` in an array of objects (messages of an import) is left to the schema;
 * - one object where a list of objects is expected: a list of one (as Mongoose casts it).
 *
 * Everything else is the schema's business: numbers and booleans sent as strings and single values
 * for arrays are coerced by Ajv (`coerceTypes: 'array'`), unknown fields are ignored. What is still
 * refused is a 422, as before. docs/liberal-input.md records the decision for every field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  pattern?: string;
}

function typesOf(schema: Schema): string[] {
  return schema.type === undefined ? [] : [schema.type].flat();
}

/** Whether `null` is a value of `schema` (a schema without a type, like `Type.Unknown()`, takes anything). */
function acceptsNull(schema: Schema): boolean {
  if (schema.anyOf) return schema.anyOf.some(acceptsNull);
  if (schema.const !== undefined) return schema.const === null;
  if (schema.enum) return schema.enum.includes(null);
  const types = typesOf(schema);
  return types.length === 0 || types.includes('null');
}

/** Whether `""` is a value of `schema`, as far as the normalisation needs to know. */
function acceptsEmptyString(schema: Schema): boolean {
  if (schema.anyOf) return schema.anyOf.some(acceptsEmptyString);
  if (schema.const !== undefined) return schema.const === '';
  if (schema.enum) return schema.enum.includes('');
  const types = typesOf(schema);
  if (types.length === 0) return true;
  // Not a string: a number, a boolean, an object or an array given as "" is a field left empty.
  if (!types.includes('string')) return false;
  if (schema.format === 'date-time' || (schema.minLength ?? 0) > 0) return false;
  return schema.pattern === undefined || patternAcceptsEmpty(schema.pattern);
}

const patterns = new Map<string, boolean>();
function patternAcceptsEmpty(pattern: string): boolean {
  let accepts = patterns.get(pattern);
  if (accepts === undefined) {
    accepts = new RegExp(pattern, 'u').test('');
    patterns.set(pattern, accepts);
  }
  return accepts;
}

function isObjectSchema(schema: Schema): schema is Schema & { properties: Record<string, Schema> } {
  return schema.properties !== undefined && typesOf(schema).includes('object');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DROP = Symbol('drop');

/** `value` normalised by `schema` (objects and arrays in place), or DROP when it is to be left out. */
function normalise(value: unknown, schema: Schema): unknown {
  if (value === null) return acceptsNull(schema) ? value : DROP;
  if (value === '') return acceptsEmptyString(schema) ? value : DROP;
  if (isRecord(value) && schema.items && !typesOf(schema).includes('object')) {
    // One object where a list of them is expected (Mongoose casts it to a list of one, as Ajv
    // does for a single string or number).
    return normalise([value], schema);
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    if (isObjectSchema(items)) {
      for (const item of value) normalise(item, items);
    } else {
      let kept = 0;
      for (const item of value) {
        const normalised = normalise(item, items);
        if (normalised !== DROP) value[kept++] = normalised;
      }
      value.length = kept;
    }
    return value;
  }
  if (isRecord(value) && isObjectSchema(schema)) {
    for (const key of Object.keys(value)) {
      const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (!property) continue;
      const normalised = normalise(value[key], property);
      if (normalised === DROP) delete value[key];
      else value[key] = normalised;
    }
  }
  return value;
}

export function acceptTiledeskInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const schema = request.routeOptions.schema as { body?: Schema; querystring?: Schema } | undefined;
    if (!schema) return;
    const body = request.body;
    // A whole body that is not the list a route wants (an import's batch) stays a 422.
    const notTheList = isRecord(body) && schema.body?.items !== undefined;
    if (schema.body && body !== undefined && body !== null && !notTheList) normalise(body, schema.body);
    if (schema.querystring && isRecord(request.query)) normalise(request.query, schema.querystring);
  });
}
