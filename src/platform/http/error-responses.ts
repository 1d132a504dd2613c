/**
 * The error statuses a route declares beside its success schema, in one expression:
 *
 *   response: { 200: DepartmentSchema, ...memberErrors(BODY, 404) }
 *
 * Each status is documented with the Tiledesk bodies it can carry (platform/errors.ts holds them
 * all), so the OpenAPI document lists every operation's errors; in tests, a response with a status
 * its route did not declare fails (declared-statuses.ts).
 *
 * These schemas never shape a body: the error handler sends every error already serialized, so a
 * declaration cannot strip or reorder a field. They are typed `never` (handlers throw errors, they
 * never return them), which keeps a route's return type its success schemas'.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TProperties, type TSchema, type TUnsafe } from 'typebox';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

// One permissive object per status, not a union of the shapes: a union costs a validator for
// every route that declares the status (about a second of start-up for the whole API).
const body = (description: string, properties: TProperties, required: string[] = []) =>
  Type.Unsafe<never>({
    ...Type.Partial(Type.Object(properties)),
    ...(required.length > 0 && { required }),
    additionalProperties: true,
    description,
  });

const success = Type.Literal(false);
const msg = Type.String();
/** The three spellings Tiledesk uses for its messages, by route. */
const flavours = { success, msg, error: Type.String(), message: Type.String() };
const retryAfter = Type.Number({ description: 'Seconds to wait, as in the Retry-After header.' });

const bodies: Record<ErrorStatus, TSchema> = {
  400: body(
    'Bad request: the project in the URL is malformed or unknown (`{error}`), the body is not JSON or nests too ' +
      'deeply, or a parameter Tiledesk requires is missing (`{success: false, msg | error | message}`).',
    { ...flavours, limit: Type.Number() },
  ),
  401: body(
    'Unauthorized: no credentials, or credentials that are wrong, expired or revoked (`{success: false, msg}`); ' +
      'under `/:project_id`, a token naming a user the project banned (`{err}`).',
    { success, msg, err: Type.String() },
  ),
  403: body(
    "Forbidden: not a member of the project, or the member's role is not enough " +
      '(`{success: false, msg | error | message}`).',
    { ...flavours, code: Type.Number() },
    ['success'],
  ),
  404: body('Not found in this project (`{success: false, msg | error | message}`).', flavours, ['success']),
  409: body(
    'Conflict: the value is already taken.',
    { success, msg, error: Type.String(), error_code: Type.Number() },
    ['success', 'msg'],
  ),
  413: body(
    'Too large: the body (`{err, limit}`), a file or a batch (`{success: false, msg | error, limit}`) is over its limit.',
    { err: Type.String(), ...flavours, limit: Type.Number() },
  ),
  415: body('Unsupported content type.', { success, msg }, ['success', 'msg']),
  422: body(
    "Invalid input: express-validator's `{errors: [{value, msg, param, location, reason}]}` (a value no " +
      'database can store, NUL characters or lone surrogates, included), or `{success: false, msg, errors}`.',
    {
      errors: Type.Array(Type.Unknown({ description: '`{value, msg, param, location, reason}`, or a message.' })),
      ...flavours,
      err: Type.String(),
    },
  ),
  429: body('Too many requests: try again after Retry-After seconds.', { success, msg, retryAfter }, [
    'success',
    'msg',
    'retryAfter',
  ]),
  500: body(
    'Internal error: the details are in the log under this request id.',
    { err: Type.String(), requestId: Type.String() },
    ['err', 'requestId'],
  ),
  503: body(
    'The database is unavailable: try again after Retry-After seconds.',
    { success, msg, requestId: Type.String(), retryAfter },
    ['success', 'msg', 'requestId', 'retryAfter'],
  ),
};

const retryAfterHeader = { 'retry-after': Type.String({ description: 'Seconds to wait before trying again.' }) };
const headers: Partial<Record<ErrorStatus, Record<string, TSchema>>> = { 429: retryAfterHeader, 503: retryAfterHeader };

const idOf = (status: ErrorStatus) => `Error${status}`;

/** Adds the error bodies to the app's shared schemas (before any route refers to them). */
export function registerErrorSchemas(app: FastifyInstance): void {
  for (const [status, schema] of Object.entries(bodies)) {
    app.addSchema({ ...schema, $id: idOf(Number(status) as ErrorStatus) });
  }
}

type Declared = (ErrorStatus | readonly ErrorStatus[])[];
export type ErrorResponses = Partial<Record<ErrorStatus, TUnsafe<never>>>;

/** Every route: 422 (text no database can store, in the URL or query) and 500 (a fault). */
export function errorResponses(...statuses: Declared): ErrorResponses {
  const responses: ErrorResponses = {};
  for (const status of [422, 500, ...statuses.flat()] as ErrorStatus[]) {
    responses[status] = Type.Unsafe<never>({
      $ref: idOf(status),
      ...(headers[status] && { headers: headers[status] }),
    });
  }
  return responses;
}

/** A method that takes a body answers these whatever its schema: malformed JSON, too large, not JSON. */
export const BODY = [400, 413, 415] as const satisfies ErrorStatus[];

/** A route anyone may call that reads or writes the database (503: it is unreachable). */
export const publicErrors = (...statuses: Declared) => errorResponses(503, ...statuses);

/** An authenticated route outside a project: 401, and 429 when Basic credentials are guessed. */
export const signedInErrors = (...statuses: Declared) => errorResponses(401, 429, 503, ...statuses);

/**
 * A route under `/:project_id` without a guard: 400 when the project is malformed or unknown, 401
 * when the caller's token names a user the project banned (project-scope.ts).
 */
export const projectErrors = (...statuses: Declared) => errorResponses(400, 401, 503, ...statuses);

/** A route under `/:project_id` for the project's members (the role guards): 400, 401, 403, 429. */
export const memberErrors = (...statuses: Declared) => errorResponses(400, 401, 403, 429, 503, ...statuses);
