/** `/:project_id/publicanalytics`: what the widget may show anyone (Tiledesk's public analytics). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { projectErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { CurrentWaitingSchema } from './analytics.schema.js';

export function publicAnalyticsRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/waiting/current',
      {
        schema: {
          tags: ['analytics'],
          description:
            'The average waiting time (ms) of the conversations begun in the last four hours, as the widget shows ' +
            'it; public, as in Tiledesk. `[]` when there were none; `waiting_time_avg` is null when none was answered.',
          params: ProjectParams,
          response: { 200: CurrentWaitingSchema, ...projectErrors(429) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const current = await services.analytics.currentWaiting(project.id);
        return current ? [{ _id: project.id, waiting_time_avg: current.waitingTimeAverage }] : [];
      },
    );
  };
}
