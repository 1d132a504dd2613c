/** `/:project_id/leads`: the project's contacts, for agents and the project's bots and webhooks. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { can } from '../../platform/auth/policies.js';
import { errors } from '../../platform/errors.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { leadDetailsRoutes } from './leads-details.routes.js';
import {
  CreateLeadBody,
  ExportLeadsQuery,
  LeadListSchema,
  LeadParams,
  LeadSchema,
  leadToWire,
  ListLeadsQuery,
  segmentNotFound,
  UpdateLeadBody,
} from './leads.schema.js';

export function leadsRoutes(context: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services } = context;
  const agents = guards.role('agent', { types: ['bot', 'subscription'] });
  // Erasing a contact for good is the owner's call, with Tiledesk's 403 body.
  const ownerOnly: onRequestAsyncHookHandler = async (request) => {
    if (!can.eraseLeads(request.projectUser)) throw errors.forbidden();
  };
  const tags = ['leads'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: agents,
        config: { notFound: segmentNotFound },
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListLeadsQuery,
          response: { 200: LeadListSchema, ...memberErrors(404) },
        },
      },
      async (request) => {
        const page = await services.leads.list(projectOf(request), request.query);
        return { ...page, leads: page.leads.map(leadToWire) };
      },
    );

    app.get(
      '/csv',
      {
        onRequest: agents,
        config: { notFound: segmentNotFound },
        schema: {
          tags,
          params: ProjectParams,
          querystring: ExportLeadsQuery,
          // Streamed, so never serialized: the schema only documents it.
          response: {
            200: Type.Unsafe<Readable>({ type: 'string', description: 'CSV, ";"-separated' }),
            ...memberErrors(404),
          },
        },
      },
      async (request, reply) => {
        const lines = await services.leads.exportCsv(projectOf(request), request.query);
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="leads.csv"')
          .send(Readable.from(lines));
        return reply;
      },
    );

    app.get(
      '/:id',
      { onRequest: agents, schema: { tags, params: LeadParams, response: { 200: LeadSchema, ...memberErrors(404) } } },
      async (request) => leadToWire(await services.leads.get(projectOf(request), request.params.id)),
    );

    app.post(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateLeadBody,
          response: { 200: LeadSchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request) =>
        leadToWire(await services.leads.create(projectOf(request), actorId(principalOf(request)), request.body)),
    );

    app.put(
      '/:id',
      {
        onRequest: agents,
        schema: {
          tags,
          params: LeadParams,
          body: UpdateLeadBody,
          response: { 200: LeadSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) => leadToWire(await services.leads.update(projectOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/:id',
      {
        onRequest: agents,
        schema: { tags, params: LeadParams, response: { 200: LeadSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => leadToWire(await services.leads.softDelete(projectOf(request), request.params.id)),
    );

    app.delete(
      '/:id/physical',
      {
        onRequest: [agents, ownerOnly],
        schema: { tags, params: LeadParams, response: { 200: LeadSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => leadToWire(await services.leads.hardDelete(projectOf(request), request.params.id)),
    );

    await app.register(leadDetailsRoutes(context));
  };
}
