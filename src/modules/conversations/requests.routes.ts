/**
 * `/:project_id/requests`. Tiledesk mounts two routers here: the visitors' one (guest and up, bots,
 * subscriptions: `/me`, rating) and the team's one (agent and up, bots, subscriptions: the rest).
 * Sub-resources live in requests-*.routes.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { Attributes, ProjectParams } from '../../platform/http/schemas.js';
import { RequestCountSchema, RequestListSchema, requestNotFound, RequestSchema } from './requests.schema.js';
import {
  CountQuery,
  CreateRequestBody,
  DeleteByIdParams,
  ListRequestsQuery,
  PatchRequestBody,
  RatingBody,
  RequestParams,
} from './requests-input.schema.js';
import { callerOf } from './caller.js';
import type { RequestReadAhead } from './requests.service.js';
import { VisitorRequestListSchema, VisitorRequestSchema } from './requests-visitor.js';
import { requestLifecycleRoutes } from './requests-lifecycle.routes.js';
import { requestParticipantsRoutes } from './requests-participants.routes.js';
import { typingRoutes } from './typing.routes.js';
import { requestNotesTagsRoutes } from './requests-notes-tags.routes.js';

export function requestsRoutes(context: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services } = context;
  const team = guards.role('agent', { types: ['bot', 'subscription'] });
  const anyone = guards.role('guest', { types: ['bot', 'subscription'] });
  const tags = ['requests'];
  const one = { 200: RequestSchema, ...memberErrors(BODY, 404) };
  /** Routes an end user may reach answer the visitor view to them (requests-visitor.ts). */
  const oneForAnyone = { 200: Type.Union([RequestSchema, VisitorRequestSchema]), ...memberErrors(404) };
  const readsAhead = new WeakMap<FastifyRequest, RequestReadAhead>();

  return async (app) => {
    app.post(
      '/',
      {
        onRequest: team,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateRequestBody,
          response: { 200: RequestSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) => services.conversations.open(projectOf(request), callerOf(request), request.body),
    );

    app.get(
      '/',
      {
        onRequest: team,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListRequestsQuery,
          response: { 200: RequestListSchema, ...memberErrors() },
        },
      },
      async (request) => services.conversations.list(projectOf(request), callerOf(request), request.query),
    );

    app.get(
      '/count',
      {
        onRequest: team,
        schema: {
          tags,
          params: ProjectParams,
          querystring: CountQuery,
          response: { 200: RequestCountSchema, ...memberErrors() },
        },
      },
      async (request) => services.conversations.count(projectOf(request), request.query),
    );

    app.get(
      '/csv',
      {
        onRequest: team,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListRequestsQuery,
          response: { 200: Type.String(), ...memberErrors() },
        },
      },
      async (request, reply) => {
        const csv = await services.conversations.csv(projectOf(request), callerOf(request), request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="requests.csv"')
          .send(csv);
      },
    );

    app.get(
      '/me',
      {
        onRequest: anyone,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListRequestsQuery,
          response: { 200: Type.Union([RequestListSchema, VisitorRequestListSchema]), ...memberErrors() },
        },
      },
      async (request) => services.conversations.listMine(projectOf(request), callerOf(request), request.query),
    );

    app.get(
      '/:request_id',
      {
        onRequest: team,
        // The request is read alongside the project and the caller (project-scope.ts).
        config: {
          readAhead: (request, projectId) => {
            const { request_id } = request.params as { request_id: string };
            readsAhead.set(request, services.conversations.readAhead(projectId, request_id));
          },
        },
        schema: { tags, params: RequestParams, response: oneForAnyone },
      },
      async (request) =>
        services.conversations.getFor(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          readsAhead.get(request),
        ),
    );

    app.patch(
      '/:request_id',
      {
        onRequest: team,
        config: { notFound: requestNotFound.patch },
        schema: { tags, params: RequestParams, body: PatchRequestBody, response: one },
      },
      async (request) =>
        services.conversations.annotate.patch(projectOf(request), request.params.request_id, request.body),
    );

    app.patch(
      '/:request_id/attributes',
      { onRequest: team, schema: { tags, params: RequestParams, body: Attributes, response: one } },
      async (request) =>
        services.conversations.annotate.mergeAttributes(projectOf(request), request.params.request_id, request.body),
    );

    app.patch(
      '/:request_id/rating',
      {
        onRequest: anyone,
        config: { notFound: requestNotFound.patch },
        schema: { tags, params: RequestParams, body: RatingBody, response: { ...oneForAnyone, ...memberErrors(BODY) } },
      },
      async (request) =>
        services.conversations.annotate.rate(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          request.body,
        ),
    );

    app.delete(
      '/:request_id',
      { onRequest: team, schema: { tags, params: RequestParams, response: one } },
      async (request) =>
        services.conversations.remove(projectOf(request), callerOf(request), { requestId: request.params.request_id }),
    );

    app.delete(
      '/id/:id',
      { onRequest: team, schema: { tags, params: DeleteByIdParams, response: one } },
      async (request) =>
        services.conversations.remove(projectOf(request), callerOf(request), { id: request.params.id }),
    );

    await app.register(requestLifecycleRoutes(context));
    await app.register(requestParticipantsRoutes(context));
    await app.register(requestNotesTagsRoutes(context));
    await app.register(typingRoutes(context));
  };
}
