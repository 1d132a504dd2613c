/**
 * `/:project_id/bots` and `/:project_id/faq_kb` (same routes). Agents list a reduced view;
 * admins create and delete; admins, and bots and subscriptions of the project, read and edit.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { seesAgentView } from '../../platform/auth/policies.js';
import { FreeObject, isTrue, ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { botsTransferRoutes } from './bots-transfer.routes.js';
import {
  BotAgentViewSchema,
  BotJwtSchema,
  BotParams,
  BotSchema,
  botToAgentView,
  botToWire,
  botToWireWithSecret,
  BotWithSecretSchema,
  botNotFound,
  CreateBotBody,
  DeletedBotSchema,
  LanguageParams,
  ListBotsQuery,
  UpdateBotBody,
} from './bots.schema.js';

const optionalBool = (value: unknown) => (value === undefined ? undefined : isTrue(value));

export function botsRoutes(context: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services } = context;
  const readers = guards.role('agent', { types: ['bot', 'subscription'] });
  const managers = guards.role('admin', { types: ['bot', 'subscription'] });
  const admins = guards.role('admin');
  const tags = ['bots'];

  return async (app) => {
    await app.register(botsTransferRoutes(context, admins));

    app.get(
      '/',
      {
        onRequest: readers,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListBotsQuery,
          response: { 200: Type.Array(Type.Union([BotSchema, BotAgentViewSchema])), ...memberErrors() },
        },
      },
      async (request) => {
        const { all, text, language, certified } = request.query;
        const agentView = seesAgentView(request.projectUser);
        const bots = await services.bots.list(projectOf(request), {
          includeIdentity: isTrue(all),
          text: text || undefined,
          language,
          public: optionalBool(request.query.public),
          certified: optionalBool(certified),
          agentView,
        });
        return bots.map(agentView ? botToAgentView : botToWire);
      },
    );

    app.post(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateBotBody,
          response: { 200: BotWithSecretSchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request) =>
        botToWireWithSecret(
          await services.bots.create(projectOf(request), actorId(principalOf(request)), request.body),
        ),
    );

    app.get(
      '/:bot_id',
      {
        onRequest: managers,
        config: { notFound: botNotFound },
        schema: { tags, params: BotParams, response: { 200: BotSchema, ...memberErrors(404) } },
      },
      async (request) => botToWire(await services.bots.get(projectOf(request), request.params.bot_id)),
    );

    app.put(
      '/:bot_id',
      {
        onRequest: managers,
        config: { notFound: botNotFound },
        schema: {
          tags,
          params: BotParams,
          body: UpdateBotBody,
          response: { 200: BotSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) => botToWire(await services.bots.update(projectOf(request), request.params.bot_id, request.body)),
    );

    app.put(
      '/:bot_id/language/:language',
      {
        onRequest: managers,
        config: { notFound: botNotFound },
        schema: { tags, params: LanguageParams, response: { 200: BotSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) =>
        botToWire(await services.bots.setLanguage(projectOf(request), request.params.bot_id, request.params.language)),
    );

    app.patch(
      '/:bot_id/attributes',
      {
        onRequest: managers,
        config: { notFound: botNotFound },
        schema: { tags, params: BotParams, body: FreeObject, response: { 200: BotSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) =>
        botToWire(await services.bots.patchAttributes(projectOf(request), request.params.bot_id, request.body)),
    );

    app.delete(
      '/:bot_id',
      {
        onRequest: admins,
        config: { notFound: botNotFound },
        schema: { tags, params: BotParams, response: { 200: DeletedBotSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => {
        const bot = await services.bots.remove(projectOf(request), request.params.bot_id);
        return { success: true, message: `Chatbot with id ${bot.id} deleted successfully` };
      },
    );

    app.get(
      '/:bot_id/jwt',
      {
        onRequest: admins,
        config: { notFound: botNotFound },
        schema: { tags, params: BotParams, response: { 200: BotJwtSchema, ...memberErrors(404) } },
      },
      async (request) => ({ jwt: await services.bots.issueJwt(projectOf(request), request.params.bot_id) }),
    );
  };
}
