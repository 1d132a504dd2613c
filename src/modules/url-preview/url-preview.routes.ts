/**
 * `POST /:project_id/url-preview`: link previews for the widget and the dashboard. Public, as in
 * Tiledesk (the widget calls it without credentials); rate limited per client address and per
 * project (app.ts, rate-limits.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, projectErrors } from '../../platform/http/error-responses.js';
import { UrlPreviewBody, UrlPreviewResultSchema } from './url-preview.schema.js';

export function urlPreviewRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        schema: {
          tags: ['url preview'],
          params: ProjectParams,
          body: UrlPreviewBody,
          response: { 200: Type.Array(UrlPreviewResultSchema), ...projectErrors(BODY, 429) },
        },
      },
      async (request) => services.urlPreview.previews(request.body.urls),
    );
  };
}
