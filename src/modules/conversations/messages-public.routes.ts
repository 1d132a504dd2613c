/**
 * `/public/requests/:request_id/messages`: a conversation's transcript without authentication,
 * as Tiledesk serves it to its transcript pages. Whoever knows a request id can read it; the id
 * carries 128 random bits, which is what keeps this public route acceptable.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { publicErrors } from '../../platform/http/error-responses.js';
import { MessageSchema, messageToWire } from './messages.schema.js';

export function publicMessagesRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:request_id/messages',
      {
        schema: {
          tags: ['messages'],
          security: [],
          params: Type.Object({ request_id: Type.String({ minLength: 1 }) }),
          response: { 200: Type.Array(MessageSchema), ...publicErrors(429) },
        },
      },
      async (request) =>
        (await services.conversations.messages.transcript(request.params.request_id)).map((m) => messageToWire(m)),
    );
  };
}
