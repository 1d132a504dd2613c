/** `/:project_id/canned`: the team's saved replies, for agents and above (Tiledesk admits no bots here). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import type { Viewer } from './canned.service.js';
import {
  CannedResponseParams,
  CannedResponseSchema,
  cannedResponseToWire,
  CreateCannedResponseBody,
  ListCannedResponsesQuery,
  UpdateCannedResponseBody,
} from './canned.schema.js';

export function cannedRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const agents = guards.role('agent');
  const tags = ['canned responses'];

  // The guard admits members only, so the membership is there.
  const viewerOf = (request: FastifyRequest): Viewer => {
    if (!request.projectUser) throw errors.notMember();
    return { userId: principalOf(request).id, role: request.projectUser.role };
  };

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListCannedResponsesQuery,
          response: { 200: Type.Array(CannedResponseSchema), ...memberErrors() },
        },
      },
      async (request) =>
        (await services.canned.list(projectOf(request), viewerOf(request), request.query)).map(cannedResponseToWire),
    );

    app.get(
      '/:canned_id',
      {
        onRequest: agents,
        schema: { tags, params: CannedResponseParams, response: { 200: CannedResponseSchema, ...memberErrors(404) } },
      },
      async (request) =>
        cannedResponseToWire(
          await services.canned.get(projectOf(request), viewerOf(request), request.params.canned_id),
        ),
    );

    app.post(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateCannedResponseBody,
          response: { 200: CannedResponseSchema, ...memberErrors(BODY) },
        },
      },
      async (request) =>
        cannedResponseToWire(await services.canned.create(projectOf(request), viewerOf(request), request.body)),
    );

    app.put(
      '/:canned_id',
      {
        onRequest: agents,
        schema: {
          tags,
          params: CannedResponseParams,
          body: UpdateCannedResponseBody,
          response: { 200: CannedResponseSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const { canned_id } = request.params;
        return cannedResponseToWire(
          await services.canned.update(projectOf(request), viewerOf(request), canned_id, request.body),
        );
      },
    );

    app.delete(
      '/:canned_id',
      {
        onRequest: agents,
        schema: {
          tags,
          params: CannedResponseParams,
          response: { 200: CannedResponseSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const { canned_id } = request.params;
        return cannedResponseToWire(await services.canned.softDelete(projectOf(request), viewerOf(request), canned_id));
      },
    );

    app.delete(
      '/:canned_id/physical',
      {
        onRequest: agents,
        schema: {
          tags,
          params: CannedResponseParams,
          response: { 200: CannedResponseSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const { canned_id } = request.params;
        return cannedResponseToWire(await services.canned.hardDelete(projectOf(request), viewerOf(request), canned_id));
      },
    );
  };
}
