/**
 * Tests only (buildApp's `onUndeclaredStatus`): every response must have a status its route
 * declared (`schema.response`, see error-responses.ts), so the OpenAPI document cannot drift from
 * what the server answers. A response with an undeclared status is replaced by a 500 with a
 * distinctive body and reported; a route that lacks what any route of its kind can answer fails
 * the start. Production never runs this: an undeclared status is a documentation bug, not a
 * reason to refuse a client.
 *
 * Routes of third-party plugins (CORS preflight, the documentation UI, static files) carry no
 * schema of ours; their scope lists what they answer with `allowStatuses`.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { BODY } from './error-responses.js';

export interface UndeclaredStatus {
  method: string;
  /** The route's pattern (`/:project_id/requests/:request_id`). */
  url: string;
  status: number;
  /** The start of the body that was replaced. */
  body: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The statuses a third-party plugin's route answers (see `allowStatuses`). */
    statuses?: readonly number[];
  }
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Every route answers these, whatever it does (see errorResponses).
const EVERY_ROUTE = [422, 500];

export function checkDeclaredStatuses(app: FastifyInstance, report: (violation: UndeclaredStatus) => void): void {
  // Checked once every route is in place: a scope's `allowStatuses` runs after this hook.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => void routes.push(route));
  app.addHook('onReady', async () => {
    const problems = routes.flatMap((route) => {
      if (route.config?.statuses) return [];
      const missing = requiredStatuses(route).filter((status) => !declared(route, status));
      return missing.length ? [`${[route.method].flat().join(',')} ${route.url}: ${missing.join(', ')}`] : [];
    });
    if (problems.length)
      throw new Error(`routes that do not declare statuses they can answer:\n${problems.join('\n')}`);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // The not-found handler answers for no route.
    if (request.is404) return payload;
    const route = request.routeOptions;
    const status = reply.statusCode;
    if (route.config.statuses?.includes(status) || declared(route, status)) return payload;
    const violation: UndeclaredStatus = {
      method: request.method,
      url: route.url ?? request.url,
      status,
      body: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload.slice(0, 500).toString() : undefined,
    };
    report(violation);
    request.log.error(violation, 'response status not declared by its route');
    (payload as { destroy?: () => void } | null)?.destroy?.();
    reply.code(500).type('application/json; charset=utf-8');
    return JSON.stringify({ err: 'undeclared response status', ...violation });
  });
}

/**
 * Declares what the routes of a third-party plugin answer: those registered in `scope` from now
 * on (or, at the root, those `which` picks).
 */
export function allowStatuses(
  scope: FastifyInstance,
  statuses: readonly number[],
  which: (route: RouteOptions) => boolean = () => true,
): void {
  scope.addHook('onRoute', (route) => {
    if (which(route)) route.config = { ...route.config, statuses };
  });
}

function requiredStatuses(route: RouteOptions): number[] {
  const takesBody = [route.method].flat().some((method) => !BODYLESS.has(method));
  // Under /:project_id the project is resolved (400) and banned users refused (401) first.
  const scoped = route.url.startsWith('/:project_id') ? [400, 401] : [];
  return [...EVERY_ROUTE, ...scoped, ...(takesBody ? BODY : [])];
}

function declared(route: Pick<RouteOptions, 'schema'>, status: number): boolean {
  const responses = (route.schema?.response ?? {}) as Record<string, unknown>;
  return [String(status), `${String(status)[0]}xx`, 'default'].some((key) => key in responses);
}
