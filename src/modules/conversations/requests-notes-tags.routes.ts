/** `/:project_id/requests/:request_id/{notes,tag}` (team, bots, subscriptions). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { requestNotFound, RequestSchema } from './requests.schema.js';
import { NoteBody, NoteParams, RequestParams, TagParams, TagsBody } from './requests-input.schema.js';
import { callerOf } from './caller.js';

export function requestNotesTagsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const team = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['requests'];
  const response = { 200: RequestSchema, ...memberErrors(BODY, 404) };

  return async (app) => {
    app.post(
      '/:request_id/notes',
      {
        onRequest: team,
        config: { notFound: requestNotFound.notes },
        schema: { tags, params: RequestParams, body: NoteBody, response },
      },
      async (request) =>
        services.conversations.annotate.addNote(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          request.body,
        ),
    );

    app.delete(
      '/:request_id/notes/:note_id',
      { onRequest: team, config: { notFound: requestNotFound.notes }, schema: { tags, params: NoteParams, response } },
      async (request) =>
        services.conversations.annotate.deleteNote(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          request.params.note_id,
        ),
    );

    app.put(
      '/:request_id/tag',
      {
        onRequest: team,
        config: { notFound: requestNotFound.tags },
        schema: { tags, params: RequestParams, body: TagsBody, response },
      },
      async (request) =>
        services.conversations.annotate.addTags(projectOf(request), request.params.request_id, request.body),
    );

    app.delete(
      '/:request_id/tag/:tag_id',
      { onRequest: team, config: { notFound: requestNotFound.tags }, schema: { tags, params: TagParams, response } },
      async (request) =>
        services.conversations.annotate.removeTag(projectOf(request), request.params.request_id, request.params.tag_id),
    );
  };
}
