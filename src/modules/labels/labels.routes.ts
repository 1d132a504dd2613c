/**
 * `/:project_id/labels`: the widget's translations. Reads are public (the stock widget asks for
 * `/labels/<LANG>` on every load) and carry an ETag; changes are for admins, and answer with what
 * a read would then give, as Tiledesk forwards each change to its GET route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors, projectErrors } from '../../platform/http/error-responses.js';
import { conditionalGet, NOT_MODIFIED } from '../../platform/http/etag.js';
import {
  CloneLabelsBody,
  LabelEntrySchema,
  LabelLanguageParams,
  LabelsOrEmptySchema,
  LabelsRemovedSchema,
  LabelsSchema,
  langNotFound,
  SaveLabelsBody,
} from './labels.schema.js';

export function labelsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  const tags = ['labels'];
  const publicRead = { onSend: conditionalGet };

  return async (app) => {
    app.get(
      '/',
      {
        ...publicRead,
        schema: {
          tags,
          params: ProjectParams,
          response: { 200: LabelsOrEmptySchema, ...NOT_MODIFIED, ...projectErrors(429) },
        },
      },
      async (request) => (await services.labels.document(projectOf(request))) ?? {},
    );

    app.get(
      '/default',
      {
        ...publicRead,
        schema: {
          tags,
          params: ProjectParams,
          response: { 200: Type.Array(LabelEntrySchema), ...NOT_MODIFIED, ...projectErrors(429) },
        },
      },
      async () => services.labels.stock(),
    );

    app.get(
      '/default/:lang',
      {
        ...publicRead,
        schema: {
          tags,
          params: LabelLanguageParams,
          // Tiledesk answers an unknown language with an empty 200; null is the same to a JSON client.
          response: { 200: Type.Union([LabelEntrySchema, Type.Null()]), ...NOT_MODIFIED, ...projectErrors(429) },
        },
      },
      async (request) => services.labels.stockLanguage(request.params.lang) ?? null,
    );

    app.get(
      '/:lang',
      {
        ...publicRead,
        schema: {
          tags,
          params: LabelLanguageParams,
          response: { 200: LabelEntrySchema, ...NOT_MODIFIED, ...projectErrors(429) },
        },
      },
      async (request) => services.labels.language(projectOf(request), request.params.lang),
    );

    app.post(
      '/default/clone',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectParams,
          body: CloneLabelsBody,
          response: { 200: LabelsSchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request) => services.labels.clone(projectOf(request), actorId(principalOf(request)), request.body.lang),
    );

    app.post(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectParams,
          body: SaveLabelsBody,
          response: { 200: LabelEntrySchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request) => services.labels.save(projectOf(request), actorId(principalOf(request)), request.body),
    );

    app.patch(
      '/:lang/default',
      {
        onRequest: admins,
        config: { notFound: langNotFound },
        schema: { tags, params: LabelLanguageParams, response: { 200: LabelEntrySchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => services.labels.makeDefault(projectOf(request), request.params.lang),
    );

    app.delete(
      '/',
      {
        onRequest: admins,
        schema: { tags, params: ProjectParams, response: { 200: LabelsRemovedSchema, ...memberErrors(BODY) } },
      },
      async (request) => services.labels.removeAll(projectOf(request)),
    );

    app.delete(
      '/:lang',
      {
        onRequest: admins,
        schema: {
          tags,
          params: LabelLanguageParams,
          response: { 200: LabelEntrySchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => services.labels.removeLanguage(projectOf(request), request.params.lang),
    );
  };
}
