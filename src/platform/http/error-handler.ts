/**
 * Turns every failure into a status and a JSON body, never a crash or a hang:
 * our AppError -> its table entry (a NotFoundError in the route's `notFound` wording); schema validation -> 422 in express-validator's shape
 * (what Tiledesk clients parse); malformed JSON -> 400; too large -> 413; a unique violation
 * that slipped past a service -> 409; a lost or unreachable database -> 503 with Retry-After (the
 * pool reconnects by itself); anything else -> 500 with the request id, details logged.
 * The handler itself cannot fail: if building the answer throws (a value too deep to echo, say),
 * the same status goes out without the details.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors, NotFoundError, type NotFoundWording } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How Tiledesk words "not found" on this route, by what was missing (see platform/errors.ts). */
    notFound?: NotFoundWording;
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PG_UNIQUE_VIOLATION = '23505';
// Class 08 (connection exception) and 57P01-57P03 (the server shut the connection or is starting).
const PG_UNAVAILABLE = /^(08...|57P0[1-3])$/;
// What node-postgres and the socket say when there is no connection to get or it broke mid-query.
const CONNECTION_LOST =
  /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Client has encountered a connection error/;
// 22021 and 22P05: a NUL character in text or jsonb, which PostgreSQL cannot store.
const PG_BAD_INPUT = new Set(['22P02', '22003', '22007', '22008', '22023', '2201B', '42804', '22021', '22P05']);

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    let appError: AppError;
    try {
      appError = toAppError(error, request);
    } catch {
      appError = withoutDetails(error, request);
    }
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else if (!(error instanceof AppError)) {
      request.log.info({ code: error.code, message: error.message }, 'rejected request');
    }
    if (appError instanceof NotFoundError) {
      const projectId = (request.params as { project_id?: string } | undefined)?.project_id ?? '';
      sendError(reply, appError, appError.bodyIn(request.routeOptions.config.notFound, projectId));
    } else {
      sendError(reply, appError);
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const [path = request.url] = request.url.split('?');
    sendError(reply, errors.routeNotFound(request.method, path));
  });
}

function sendError(reply: FastifyReply, error: AppError, body = error.body): void {
  if (typeof body.retryAfter === 'number') reply.header('retry-after', String(body.retryAfter));
  // Error bodies have no response schema: they are sent as JSON serialised here, where a failure
  // can still be answered.
  let payload: string;
  try {
    payload = JSON.stringify(body);
  } catch {
    payload = JSON.stringify({ success: false, msg: error.code });
  }
  reply.code(error.status).type('application/json; charset=utf-8').send(payload);
}

/** The answer to `error` when describing it failed: its status, no echo of the input. */
function withoutDetails(error: FastifyError, request: FastifyRequest): AppError {
  if (error.validation) return errors.invalid('Invalid value.');
  const status = error instanceof AppError ? error.status : error.statusCode;
  if (status && status >= 400 && status < 500) return new AppError('badRequest', status, { success: false });
  return errors.internal(request.id);
}

function toAppError(error: FastifyError & { code?: string }, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const issues = (error.validation as AjvIssue[]).map((issue) =>
      describeIssue(issue, error.validationContext ?? 'body', request),
    );
    // One entry per field, as express-validator gives: a union reports each branch and then its
    // own summary, which is the one kept.
    return errors.validation([...new Map(issues.map((issue) => [issue.param, issue])).values()]);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.bodyTooLarge(request.routeOptions.bodyLimit ?? 0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.malformedJson(error.message);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.badRequest(error.message);
    case PG_UNIQUE_VIOLATION:
      return errors.conflict((error as { detail?: string }).detail ?? error.message);
  }
  if (error.code && PG_BAD_INPUT.has(error.code)) return errors.invalid(error.message);
  if ((error.code && PG_UNAVAILABLE.test(error.code)) || CONNECTION_LOST.test(error.message ?? '')) {
    return errors.databaseUnavailable(request.id);
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return errors.malformedJson(error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('badRequest', error.statusCode, { success: false, msg: error.message });
  }
  return errors.internal(request.id);
}

/** One validation problem in express-validator v6's shape, plus the reason in words. */
function describeIssue(issue: AjvIssue, location: string, request: FastifyRequest) {
  const segments = issue.instancePath.split('/').filter(Boolean);
  const missing = issue.params.missingProperty;
  if (typeof missing === 'string') segments.push(missing);
  const source = { body: request.body, querystring: request.query, params: request.params, headers: request.headers }[
    location
  ];
  let value: unknown = source;
  for (const segment of segments) value = (value as Record<string, unknown> | undefined)?.[segment];
  return {
    value,
    msg: 'Invalid value',
    param: segments.join('.'),
    location: location === 'querystring' ? 'query' : location,
    reason: issue.message,
  };
}
