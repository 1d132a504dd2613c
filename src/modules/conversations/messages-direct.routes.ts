/** `/:project_id/messages`: direct messages, outside any request (Tiledesk's messagesRoot). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { callerOf } from './caller.js';
import { DirectMessageBody, MessageSchema, messageToWire } from './messages.schema.js';

export function directMessagesRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['messages'];

  return async (app) => {
    app.post(
      '/',
      {
        onRequest: guards.role('agent', { types: ['bot', 'subscription'] }),
        schema: {
          tags,
          params: ProjectParams,
          body: DirectMessageBody,
          response: { 200: MessageSchema, ...memberErrors(BODY) },
        },
      },
      async (request) => services.conversations.sendDirect(projectOf(request), callerOf(request), request.body),
    );

    app.get(
      '/',
      {
        onRequest: guards.role('owner'),
        schema: {
          tags,
          description: 'The latest direct messages of the project, newest first.',
          params: ProjectParams,
          response: { 200: Type.Array(MessageSchema), ...memberErrors() },
        },
      },
      async (request) =>
        (await services.conversations.messages.listDirect(projectOf(request))).map((m) => messageToWire(m)),
    );
  };
}
