/**
 * `POST /:project_id/requests/:request_id/typing` (Parley): the caller is typing in the
 * conversation, or stopped. Whoever may follow it live may call it: its visitor, the team members
 * who see it, its bots. Followers get `{method: 'UPDATE', message: <the signal>}` on the topic
 * `/<project>/requests/<request_id>/typing`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { RequestParams } from './requests-input.schema.js';
import { callerOf } from './caller.js';
import { TypingBody, TypingSchema } from './typing.schema.js';

export function typingRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const anyone = guards.role(null, { types: ['bot', 'subscription'] });

  return async (app) => {
    app.post(
      '/:request_id/typing',
      {
        onRequest: anyone,
        schema: {
          tags: ['requests'],
          description:
            'Parley: tells whoever follows the conversation live that the caller is typing (or stopped). Never stored.',
          params: RequestParams,
          body: TypingBody,
          response: { 200: TypingSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        services.conversations.signalTyping(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          request.body.typing,
        ),
    );
  };
}
