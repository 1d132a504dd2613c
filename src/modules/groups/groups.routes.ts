/** `/:project_id/groups`: read by agents, written by admins. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { CreateGroupBody, GroupParams, GroupSchema, groupToWire, UpdateGroupBody } from './groups.schema.js';

export function groupsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const readers = guards.role('agent', { types: ['bot', 'subscription'] });
  const writers = guards.role('admin', { types: ['subscription'] });
  const tags = ['groups'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: readers,
        schema: { tags, params: ProjectParams, response: { 200: Type.Array(GroupSchema), ...memberErrors() } },
      },
      async (request) => (await services.groups.list(projectOf(request))).map(groupToWire),
    );

    app.get(
      '/:group_id',
      {
        onRequest: readers,
        schema: { tags, params: GroupParams, response: { 200: GroupSchema, ...memberErrors(404) } },
      },
      async (request) => groupToWire(await services.groups.get(projectOf(request), request.params.group_id)),
    );

    app.post(
      '/',
      {
        onRequest: writers,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateGroupBody,
          response: { 200: GroupSchema, ...memberErrors(BODY) },
        },
      },
      async (request) =>
        groupToWire(await services.groups.create(projectOf(request), actorId(principalOf(request)), request.body)),
    );

    app.put(
      '/:group_id',
      {
        onRequest: writers,
        schema: {
          tags,
          params: GroupParams,
          body: UpdateGroupBody,
          response: { 200: GroupSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        groupToWire(await services.groups.update(projectOf(request), request.params.group_id, request.body)),
    );

    // Tiledesk's paths: the verb before the id.
    for (const [verb, enabled] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.put(
        `/${verb}/:group_id`,
        {
          onRequest: writers,
          schema: {
            tags,
            description: enabled ? 'Enables the group.' : 'Disables the group; 403 while a department routes to it.',
            params: GroupParams,
            response: { 200: GroupSchema, ...memberErrors(BODY, 404) },
          },
        },
        async (request) =>
          groupToWire(await services.groups.setEnabled(projectOf(request), request.params.group_id, enabled)),
      );
    }

    app.delete(
      '/:group_id',
      {
        onRequest: writers,
        schema: { tags, params: GroupParams, response: { 200: GroupSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => groupToWire(await services.groups.remove(projectOf(request), request.params.group_id)),
    );
  };
}
