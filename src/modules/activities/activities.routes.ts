/** `/:project_id/activities`: the project's audit trail, for admins (as Tiledesk), listed or as CSV. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { memberErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { ActivitiesPageSchema, ExportActivitiesQuery, ListActivitiesQuery } from './activities.schema.js';

export function activitiesRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  const tags = ['activities'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            'Who did what in the project (availability and role changes, invitations, removals, assignments, ' +
            'closes, deletions), newest first: `{perPage, count, activities}`. Filters: `activities` (verbs), ' +
            '`agent_id`, `start_date`/`end_date`; pages of `limit` (40, at most 100, 1000 with `chart=true`).',
          params: ProjectParams,
          querystring: ListActivitiesQuery,
          response: { 200: ActivitiesPageSchema, ...memberErrors() },
        },
      },
      async (request) => services.activities.list(projectOf(request), request.query),
    );

    app.get(
      '/csv',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            "The activities as CSV (`;`-separated, Tiledesk's columns), with the list's filters; 100,000 rows per " +
            '`page`; streamed.',
          params: ProjectParams,
          querystring: ExportActivitiesQuery,
          response: { 200: Type.String(), ...memberErrors() },
        },
      },
      async (request, reply) => {
        const lines = services.activities.exportCsv(projectOf(request), request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="activities.csv"')
          .send(Readable.from(lines));
      },
    );
  };
}
