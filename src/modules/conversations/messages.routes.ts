/**
 * `/:project_id/requests/:request_id/messages`: any member of the project (visitors included),
 * bots and subscriptions post and read; the bulk import is for the team, bots and subscriptions.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { isTrue } from '../../platform/http/schemas.js';
import { toCsv } from '../../platform/http/csv.js';
import { RequestParams } from './requests-input.schema.js';
import { requestNotFound } from './requests.schema.js';
import { callerOf } from './caller.js';
import { VisitorMessageSchema } from './requests-visitor.js';
import {
  ListMessagesQuery,
  MessagePageSchema,
  MessageParams,
  MessageSchema,
  messageToWire,
  MultiMessagesBody,
  MultiQuery,
  PostMessageBody,
} from './messages.schema.js';

const CSV_COLUMNS = [
  '_id',
  'createdAt',
  'sender',
  'senderFullname',
  'recipient',
  'type',
  'text',
  'status',
  'channel_type',
  'language',
  'attributes',
  'metadata',
];

export function messagesRoutes({ guards, services, config }: AppContext): FastifyPluginAsyncTypebox {
  const anyone = guards.role(null, { types: ['bot', 'subscription'] });
  const team = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['messages'];

  return async (app) => {
    app.post(
      '/',
      {
        onRequest: anyone,
        schema: {
          tags,
          description: `At most ${config.messageMaxTextLength} characters of text (422 beyond). End users receive the request in the visitor view.`,
          params: RequestParams,
          body: PostMessageBody,
          response: { 200: Type.Union([MessageSchema, VisitorMessageSchema]), ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        services.conversations.post(projectOf(request), callerOf(request), request.params.request_id, request.body),
    );

    app.get(
      '/',
      {
        onRequest: anyone,
        schema: {
          tags,
          description:
            'All messages, oldest first. With `limit` and/or `after` (the `next` of the previous page): one page as {messages, next}; `next` is absent on the last page. Backward, for opening a long history at its end: `last=true` answers the newest `limit` messages and `before` (the `previous` of a page) the `limit` messages just before that page, as {messages, previous}, oldest first within the page; `previous` is absent once the page starts the history. `after` with `before`, or `last` with either, is a 422.',
          params: RequestParams,
          querystring: ListMessagesQuery,
          response: { 200: Type.Union([Type.Array(MessageSchema), MessagePageSchema]), ...memberErrors(404) },
        },
      },
      async (request) => {
        const [project, caller, requestId] = [projectOf(request), callerOf(request), request.params.request_id];
        const { limit, after, before } = request.query;
        const last = isTrue(request.query.last);
        if (limit === undefined && after === undefined && before === undefined && !last) {
          return (await services.conversations.messages.list(project, caller, requestId)).map((m) => messageToWire(m));
        }
        const page = await services.conversations.messages.page(project, caller, requestId, {
          limit,
          after,
          before,
          last,
        });
        return {
          messages: page.messages.map((m) => messageToWire(m)),
          ...(page.next && { next: page.next }),
          ...(page.previous && { previous: page.previous }),
        };
      },
    );

    app.get(
      '/csv',
      {
        onRequest: anyone,
        schema: { tags, params: RequestParams, response: { 200: Type.String(), ...memberErrors(404) } },
      },
      async (request, reply) => {
        const messages = await services.conversations.messages.list(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
        );
        const csv = toCsv(
          CSV_COLUMNS,
          messages.map((m) => messageToWire(m)),
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="messages.csv"')
          .send(csv);
      },
    );

    app.get(
      '/:message_id',
      {
        onRequest: anyone,
        schema: { tags, params: MessageParams, response: { 200: MessageSchema, ...memberErrors(404) } },
      },
      async (request) =>
        messageToWire(
          await services.conversations.messages.get(
            projectOf(request),
            callerOf(request),
            request.params.request_id,
            request.params.message_id,
          ),
        ),
    );

    app.post(
      '/multi',
      {
        onRequest: team,
        config: { notFound: requestNotFound.importHistory },
        bodyLimit: config.importBodyLimit,
        schema: {
          tags,
          description: `Imports a history: a JSON array of at most ${config.maxBatchMessages} messages, stored atomically. attributes.clienttimestamp (ms) sets createdAt; attributes.client_message_id or an Idempotency-Key header make replays safe; ?notify=true announces each message.`,
          params: RequestParams,
          querystring: MultiQuery,
          body: MultiMessagesBody,
          response: { 200: Type.Array(MessageSchema), ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const key = request.headers['idempotency-key'];
        return services.conversations.importHistory(
          projectOf(request),
          callerOf(request),
          request.params.request_id,
          request.body,
          {
            idempotencyKey: typeof key === 'string' && key !== '' ? key : undefined,
            notify: isTrue(request.query.notify),
          },
        );
      },
    );
  };
}
