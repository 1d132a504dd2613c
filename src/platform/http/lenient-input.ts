/**
 * Tiledesk's clients send what Tiledesk tolerates, and Tiledesk validates almost nothing: most of
 * its routes copy a field only `if (req.body.x != undefined)`, so `null` means "not given", and an
 * empty string stands for "no choice" in its dashboard's selects. Before a route's schema judges
 * the input, this normalises those forms, by the route's own schema, once for every route:
 *
 * - `null` where the schema does not accept null: the field is dropped (not given);
 * - `""` where the schema wants a number, a boolean, an object, a list, a date or one of a set of
 *   values (a select left empty): dropped, as a field left empty (Ajv's coercion would otherwise
 *   turn `""` into 0 or false). A `""` for text stays, and a text that must not be empty refuses it;
 * - `null` and `""` items of a list of strings or numbers (a lead's tags `[""]`): dropped. A `null`
 *   in a list of objects (the messages of an import) is left to the schema;
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

/**
 * Whether `""` is to be kept for `schema`: everywhere but where it can only mean "left empty" (a
 * number, a boolean, an object, a list, a date, one of a set of values). A `""` for a text that must
 * not be empty stays, and the schema refuses it: an update that empties a name is a 422, not a
 * silent no-op.
 */
function keepsEmptyString(schema: Schema): boolean {
  if (schema.anyOf) return !schema.anyOf.every(isChoice) && schema.anyOf.some(keepsEmptyString);
  if (isChoice(schema)) return schema.const === '' || (schema.enum?.includes('') ?? false);
  const types = typesOf(schema);
  if (types.length === 0) return true;
  return types.includes('string') && schema.format !== 'date-time';
}

/** A schema that is one of a set of values (`Type.Literal`, `enum`). */
function isChoice(schema: Schema): boolean {
  return schema.const !== undefined || schema.enum !== undefined;
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
  if (value === '') return keepsEmptyString(schema) ? value : DROP;
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
      // An empty item of a list of strings or numbers is nobody's intent (`tags: ["", "vip"]`).
      let kept = 0;
      for (const item of value) {
        const normalised = item === '' ? DROP : normalise(item, items);
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
