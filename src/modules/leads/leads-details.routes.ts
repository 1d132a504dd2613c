/** `/:project_id/leads/:id/...`: a lead's tags, attributes and properties, changed piecemeal. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { Attributes } from '../../platform/http/schemas.js';
import { AddLeadTagsBody, LeadParams, LeadSchema, LeadTagParams, leadToWire } from './leads.schema.js';

export function leadDetailsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const agents = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['leads'];
  const response = { 200: LeadSchema, ...memberErrors(BODY, 404) };

  return async (app) => {
    // Tags new to the lead are appended, in the order given.
    app.put(
      '/:id/tag',
      { onRequest: agents, schema: { tags, params: LeadParams, body: AddLeadTagsBody, response } },
      async (request) => leadToWire(await services.leads.addTags(projectOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/:id/tag/:tag',
      { onRequest: agents, schema: { tags, params: LeadTagParams, response } },
      async (request) =>
        leadToWire(await services.leads.removeTag(projectOf(request), request.params.id, request.params.tag)),
    );

    // Each key of the body replaces the attribute of that name; the others stay.
    app.patch(
      '/:id/attributes',
      { onRequest: agents, schema: { tags, params: LeadParams, body: Attributes, response } },
      async (request) =>
        leadToWire(await services.leads.mergeAttributes(projectOf(request), request.params.id, request.body)),
    );

    // Tiledesk answers POST and PATCH alike: both merge.
    for (const method of ['POST', 'PATCH'] as const) {
      app.route({
        method,
        url: '/:id/properties',
        onRequest: agents,
        schema: { tags, params: LeadParams, body: Attributes, response },
        handler: async (request) =>
          leadToWire(await services.leads.mergeProperties(projectOf(request), request.params.id, request.body)),
      });
    }
  };
}
