/**
 * `/:project_id/requests/:request_id/{close,reopen,assign,departments,agent}` (team, bots,
 * subscriptions) and `closeg`, the widget's close (Tiledesk's guest router: visitors too).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { isTrue } from '../../platform/http/schemas.js';
import { requestNotFound, RequestSchema } from './requests.schema.js';
import { CloseBody, RequestParams, RouteBody } from './requests-input.schema.js';
import { callerOf } from './caller.js';
import { requestFor, VisitorRequestSchema } from './requests-visitor.js';

export function requestLifecycleRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const team = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['requests'];
  const response = { 200: RequestSchema, ...memberErrors(BODY, 404) };

  return async (app) => {
    app.put(
      '/:request_id/close',
      {
        onRequest: team,
        config: { notFound: requestNotFound.close },
        schema: { tags, params: RequestParams, body: CloseBody, response },
      },
      async (request) =>
        services.conversations.close(projectOf(request), callerOf(request), request.params.request_id, {
          force: isTrue(request.body.force),
          closedAt: request.body.closed_at,
        }),
    );

    // Tiledesk's closeg ignores the body (no force, no date) and checks nobody; here a visitor
    // closes only their own conversation, and the team as on /close.
    app.put(
      '/:request_id/closeg',
      {
        onRequest: guards.role('guest', { types: ['bot', 'subscription'] }),
        config: { notFound: requestNotFound.close },
        schema: {
          tags,
          params: RequestParams,
          response: { 200: Type.Union([RequestSchema, VisitorRequestSchema]), ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const closed = await services.conversations.close(projectOf(request), caller, request.params.request_id, {
          force: false,
        });
        return requestFor(caller, closed);
      },
    );

    app.put(
      '/:request_id/reopen',
      { onRequest: team, schema: { tags, params: RequestParams, response } },
      async (request) => services.conversations.reopen(projectOf(request), request.params.request_id),
    );

    for (const mode of ['assign', 'departments'] as const) {
      app.put(
        `/:request_id/${mode}`,
        { onRequest: team, schema: { tags, params: RequestParams, body: RouteBody, response } },
        async (request) =>
          services.conversations.route.reroute(projectOf(request), request.params.request_id, mode, {
            departmentId: request.body.departmentid,
            nobot: isTrue(request.body.nobot),
            populate: !isTrue(request.body.no_populate),
          }),
      );
    }

    app.put(
      '/:request_id/agent',
      { onRequest: team, schema: { tags, params: RequestParams, response } },
      async (request) =>
        services.conversations.route.reroute(projectOf(request), request.params.request_id, 'agent', {
          populate: true,
        }),
    );
  };
}
