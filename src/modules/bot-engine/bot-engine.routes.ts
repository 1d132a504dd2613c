/** `/:project_id/requests/:request_id/chatbot/parameters`: a flow bot's values for one conversation (team). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { memberErrors } from '../../platform/http/error-responses.js';
import { FreeObject } from '../../platform/http/schemas.js';

const Params = Type.Object({ project_id: Type.String(), request_id: Type.String({ minLength: 1 }) });

export function botEngineRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:request_id/chatbot/parameters',
      {
        onRequest: guards.role('agent', { types: ['bot', 'subscription'] }),
        schema: {
          tags: ['requests'],
          description:
            "The values the conversation's flow bot keeps (its variables without the system ones); `[]` while " +
            'no flow has run in it. 401 when the id does not name this project (`support-group-<project>-...`).',
          params: Params,
          response: { 200: Type.Union([FreeObject, Type.Array(Type.Never())]), ...memberErrors(404) },
        },
      },
      async (request) => services.botEngine.chatbotParameters(projectOf(request), request.params.request_id),
    );
  };
}
