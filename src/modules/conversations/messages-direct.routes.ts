/**
 * `/:project_id/messages` (Tiledesk's messagesRoot): direct messages, outside any request, and the
 * owner's CSV export of every message of the project.
 */
import { Readable } from 'node:stream';
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

    app.get(
      '/csv',
      {
        onRequest: guards.role('owner'),
        schema: {
          tags,
          description:
            'Every message of the project (conversations and direct chats) as CSV, `;`-separated, grouped by ' +
            'conversation and oldest first within each; streamed.',
          params: ProjectParams,
          response: { 200: Type.String(), ...memberErrors() },
        },
      },
      async (request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="export.csv"')
          .send(Readable.from(services.conversations.messages.exportCsv(projectOf(request)))),
    );
  };
}
