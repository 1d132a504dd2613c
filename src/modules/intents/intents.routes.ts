/**
 * `/:project_id/faq` and `/:project_id/intents` (same routes): a bot's intents. Agents read a
 * reduced list; admins, and bots and subscriptions of the project, do the rest.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { seesAgentView } from '../../platform/auth/policies.js';
import { FreeObject, ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors, projectErrors } from '../../platform/http/error-responses.js';
import { botToWire } from '../bots/bots.schema.js';
import { parseIntentRef } from './intents.service.js';
import { intentsBulkRoutes } from './intents-bulk.routes.js';
import {
  CreateIntentBody,
  DeleteIntentQuery,
  IntentAgentViewSchema,
  IntentListItemSchema,
  IntentParams,
  IntentSchema,
  intentToAgentView,
  intentToListItem,
  intentToWire,
  ListIntentsQuery,
  PublicIntentsQuery,
  UpdateIntentBody,
  intentNotFound,
} from './intents.schema.js';

const DEFAULT_LIMIT = 3000;

export function intentsRoutes(context: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services } = context;
  const readers = guards.role('agent', { types: ['bot', 'subscription'] });
  const writers = guards.role('admin', { types: ['bot', 'subscription'] });
  const tags = ['intents'];

  return async (app) => {
    await app.register(intentsBulkRoutes(context, writers));

    app.get(
      '/',
      {
        onRequest: readers,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListIntentsQuery,
          response: {
            200: Type.Array(Type.Union([IntentListItemSchema, IntentAgentViewSchema])),
            ...memberErrors(404),
          },
        },
      },
      async (request) => {
        const { id_faq_kb, text, intent_display_name, page = 0, limit = DEFAULT_LIMIT } = request.query;
        const agentView = seesAgentView(request.projectUser);
        const { intents, bots } = await services.intents.list(projectOf(request), {
          botId: id_faq_kb,
          text: text || undefined,
          displayName: intent_display_name,
          agentView,
          offset: page * limit,
          limit: limit === 0 ? undefined : limit,
        });
        if (agentView) return intents.map(intentToAgentView);
        return intents.map((intent) => {
          const bot = bots.get(intent.bot_id);
          return intentToListItem(intent, bot && botToWire(bot));
        });
      },
    );

    app.get(
      '/:intent',
      {
        onRequest: writers,
        schema: { tags, params: IntentParams, response: { 200: IntentSchema, ...memberErrors(404) } },
      },
      async (request) => intentToWire(await services.intents.get(projectOf(request), request.params.intent)),
    );

    app.post(
      '/',
      {
        onRequest: writers,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateIntentBody,
          response: { 200: IntentSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) =>
        intentToWire(await services.intents.create(projectOf(request), actorId(principalOf(request)), request.body)),
    );

    app.put(
      '/:intent',
      {
        onRequest: writers,
        schema: {
          tags,
          params: IntentParams,
          body: UpdateIntentBody,
          response: { 200: IntentSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) =>
        intentToWire(
          await services.intents.update(projectOf(request), parseIntentRef(request.params.intent), request.body),
        ),
    );

    app.patch(
      '/:intent/attributes',
      {
        onRequest: writers,
        schema: {
          tags,
          params: IntentParams,
          body: FreeObject,
          response: { 200: IntentSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        intentToWire(await services.intents.patchAttributes(projectOf(request), request.params.intent, request.body)),
    );

    app.delete(
      '/:intent',
      {
        onRequest: writers,
        config: { notFound: intentNotFound.remove },
        schema: {
          tags,
          params: IntentParams,
          querystring: DeleteIntentQuery,
          response: { 200: IntentSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        intentToWire(
          await services.intents.remove(
            projectOf(request),
            parseIntentRef(request.params.intent),
            request.query.id_faq_kb,
          ),
        ),
    );
  };
}

/** `/:project_id/faqpub`: the public list (no authentication), reduced to what agents see. */
export function publicIntentsRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags: ['intents'],
          security: [],
          params: ProjectParams,
          querystring: PublicIntentsQuery,
          response: { 200: Type.Array(IntentAgentViewSchema), ...projectErrors(429) },
        },
      },
      async (request) =>
        (
          await services.intents.listPublic(projectOf(request), {
            botId: request.query.id_faq_kb,
            text: request.query.text || undefined,
          })
        ).map(intentToAgentView),
    );
  };
}
