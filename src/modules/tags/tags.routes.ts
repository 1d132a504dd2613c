/** `/:project_id/tags`: the project's tag library, for agents and the project's bots and webhooks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { CreateTagBody, ListTagsQuery, TagParams, TagSchema, tagToWire, UpdateTagBody } from './tags.schema.js';

export function tagsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const agents = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['tags'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListTagsQuery,
          response: { 200: Type.Array(TagSchema), ...memberErrors() },
        },
      },
      async (request) => (await services.tags.list(projectOf(request), request.query)).map(tagToWire),
    );

    app.get(
      '/:tag_id',
      { onRequest: agents, schema: { tags, params: TagParams, response: { 200: TagSchema, ...memberErrors(404) } } },
      async (request) => tagToWire(await services.tags.get(projectOf(request), request.params.tag_id)),
    );

    app.post(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateTagBody,
          response: { 200: TagSchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request) =>
        tagToWire(await services.tags.create(projectOf(request), actorId(principalOf(request)), request.body)),
    );

    app.put(
      '/:tag_id',
      {
        onRequest: agents,
        schema: {
          tags,
          params: TagParams,
          body: UpdateTagBody,
          response: { 200: TagSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) => tagToWire(await services.tags.update(projectOf(request), request.params.tag_id, request.body)),
    );

    app.delete(
      '/:tag_id',
      {
        onRequest: agents,
        schema: { tags, params: TagParams, response: { 200: TagSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => tagToWire(await services.tags.remove(projectOf(request), request.params.tag_id)),
    );
  };
}
