/**
 * `GET /:project_id/widgets`: public, what the visitor widget needs before a conversation starts;
 * `GET /:project_id/widgets/ip`: the caller's address as Tiledesk's three readings of it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { firstForwardedAddress } from '../../platform/http/client-address.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { projectErrors } from '../../platform/http/error-responses.js';
import { departmentToWire } from '../departments/departments.schema.js';
import { availableAgentToWire, CallerIpSchema, publicProjectToWire, WidgetSchema } from './widgets.schema.js';

/**
 * The caller's address as Tiledesk reports it: the first X-Forwarded-For hop, else the socket's.
 * It is only echoed back to the caller, never trusted for a decision, so a spoofed header harms
 * nobody.
 */
function callerIp(request: FastifyRequest): string {
  return firstForwardedAddress(request.headers) ?? request.ip;
}

export function widgetsRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      { schema: { tags: ['widgets'], params: ProjectParams, response: { 200: WidgetSchema, ...projectErrors(429) } } },
      async (request) => {
        const settings = await services.widgets.settingsFor(projectOf(request));
        return {
          project: publicProjectToWire(settings.project),
          user_available: settings.agents.map(availableAgentToWire),
          departments: settings.departments.map(departmentToWire),
          ip: callerIp(request),
          botsRules: settings.botsRules,
        };
      },
    );

    app.get(
      '/ip',
      {
        schema: { tags: ['widgets'], params: ProjectParams, response: { 200: CallerIpSchema, ...projectErrors(429) } },
      },
      async (request) => {
        const socketAddress = request.socket.remoteAddress ?? request.ip;
        const header = request.headers['x-forwarded-for'];
        const forwarded = Array.isArray(header) ? header.join(', ') : header;
        const first = forwarded?.split(',')[0];
        return {
          ip: forwarded || socketAddress,
          ipStandard: first?.trim() || socketAddress,
          parseIp: first ?? socketAddress,
        };
      },
    );
  };
}
