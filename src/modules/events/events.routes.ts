/** `/:project_id/events`: any member (guests included) and the project's bots report; agents read. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import {
  CreateEventBody,
  EventListSchema,
  EventParams,
  EventSchema,
  eventToWire,
  ListEventsQuery,
} from './events.schema.js';

export function eventsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const members = guards.role('guest', { types: ['bot', 'subscription'] });
  const agents = guards.role('agent');
  const tags = ['events'];

  return async (app) => {
    app.post(
      '/',
      {
        onRequest: members,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateEventBody,
          response: { 200: EventSchema, ...memberErrors(BODY) },
        },
      },
      async (request) => {
        const reporter = { createdBy: actorId(principalOf(request)), projectUserId: request.projectUser?.id };
        return eventToWire(await services.events.record(projectOf(request), reporter, request.body));
      },
    );

    app.get(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListEventsQuery,
          response: { 200: EventListSchema, ...memberErrors() },
        },
      },
      async (request) => {
        const page = await services.events.list(projectOf(request), request.query);
        return { ...page, events: page.events.map(eventToWire) };
      },
    );

    app.get(
      '/:event_id',
      {
        onRequest: agents,
        schema: { tags, params: EventParams, response: { 200: EventSchema, ...memberErrors(404) } },
      },
      async (request) => eventToWire(await services.events.get(projectOf(request), request.params.event_id)),
    );
  };
}
