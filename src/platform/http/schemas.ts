/**
 * TypeBox pieces shared by route schemas. Route schemas are the presenters: a property that is
 * not declared in a response schema is never sent.
 */
import type { FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';

/** A free-form Tiledesk object (attributes, settings, metadata...). */
export const FreeObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

/** The schema keyword that caps a free-form object's size (see `capFreeObjects`). */
const CAPPED = 'x-max-json-bytes';

/**
 * A free-form object a client sends and others read (attributes, metadata...): at most
 * ATTRIBUTES_MAX_BYTES of JSON, or the request is a 422 naming the field.
 */
export const Attributes = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  [CAPPED]: true,
});

type AjvPlugin = NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>[number];

/** The Ajv plugin that enforces `Attributes`' cap (`maxBytes` 0: no cap). */
export function capFreeObjects(maxBytes: number): AjvPlugin {
  return (ajv) => {
    const capped = (enabled: boolean, data: unknown): boolean => {
      if (!enabled || maxBytes === 0) return true;
      // Cheap check first: UTF-8 takes at most three bytes per UTF-16 unit.
      const json = JSON.stringify(data);
      if (json.length * 3 <= maxBytes || Buffer.byteLength(json) <= maxBytes) return true;
      validate.errors = [{ keyword: CAPPED, message: `must be at most ${maxBytes} bytes as JSON`, params: {} }];
      return false;
    };
    const validate: typeof capped & { errors?: { keyword: string; message: string; params: object }[] } = capped;
    ajv.addKeyword({ keyword: CAPPED, schemaType: 'boolean', errors: true, validate });
    return ajv;
  };
}

/** Any JSON value. */
export const AnyJson = Type.Unknown();

export const ProjectParams = Type.Object({ project_id: Type.String() });

/** Query booleans arrive as strings; accept both spellings. */
export const QueryBool = Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')]);

export const DateTime = Type.String({ format: 'date-time' });

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

/** Tiledesk passes `direction` straight to Mongo's sort, which takes 1/-1 and asc/desc spellings. */
export const SortDirection = Type.Union(
  ['1', '-1', 'asc', 'desc', 'ascending', 'descending'].map((value) => Type.Literal(value)),
);

/** Descending unless asked otherwise: Tiledesk lists newest first by default. */
export function isDescending(direction: string | undefined): boolean {
  return direction === undefined || direction === '-1' || direction.startsWith('desc');
}
