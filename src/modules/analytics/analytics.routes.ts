/**
 * `/:project_id/analytics`: the dashboard's reports, admins only (as Tiledesk). One route per
 * entry of REPORTS, each with its own query and response schema.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { memberErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import type { ReportQuery } from './analytics.service.js';
import { REPORTS, type ReportPath } from './analytics-reports.js';
import { queryOf, responseOf } from './analytics.schema.js';

export function analyticsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  return async (app) => {
    for (const [path, report] of Object.entries(REPORTS) as Array<[ReportPath, (typeof REPORTS)[ReportPath]]>) {
      app.get(
        path,
        {
          onRequest: admins,
          schema: {
            tags: ['analytics'],
            description: report.description,
            params: ProjectParams,
            querystring: queryOf(report.family),
            response: { 200: responseOf(report.shape), ...memberErrors(422) },
          },
        },
        async (request) => services.analytics.report(path, projectOf(request).id, request.query as ReportQuery),
      );
    }
  };
}
