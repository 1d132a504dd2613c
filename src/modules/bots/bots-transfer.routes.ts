/** Bot fork, export and import (admins): `/fork/:id`, `/exportjson/:id`, `/importjson/:id`. */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { acceptUploads, readUpload } from '../../platform/http/multipart.js';
import { isTrue } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import {
  BotExportSchema,
  BotParams,
  botNotFound,
  BotSchema,
  botToWire,
  ExportQuery,
  forkSourceNotFound,
  ForkedSchema,
  ForkQuery,
  ImportQuery,
  importTargetNotFound,
} from './bots.schema.js';

export function botsTransferRoutes(
  { config, services }: AppContext,
  admins: onRequestAsyncHookHandler,
): FastifyPluginAsyncTypebox {
  const tags = ['bots'];

  return async (app) => {
    // Tiledesk answers POST; its documentation shows PUT. Both fork.
    app.route({
      method: ['POST', 'PUT'],
      url: '/fork/:bot_id',
      onRequest: admins,
      config: { notFound: forkSourceNotFound },
      schema: {
        tags,
        params: BotParams,
        querystring: ForkQuery,
        response: { 200: ForkedSchema, ...memberErrors(BODY, 404, 409) },
      },
      handler: async (request) =>
        services.bots.fork(projectOf(request), principalOf(request), request.params.bot_id, {
          public: isTrue(request.query.public),
          landingProjectId: request.query.projectid || undefined,
          globals: isTrue(request.query.globals),
        }),
    });

    app.get(
      '/exportjson/:bot_id',
      {
        onRequest: admins,
        config: { notFound: botNotFound },
        schema: {
          tags,
          params: BotParams,
          querystring: ExportQuery,
          response: { 200: BotExportSchema, ...memberErrors(404) },
        },
      },
      async (request, reply) => {
        const intentsOnly = isTrue(request.query.intentsOnly);
        const document = await services.bots.exportBot(projectOf(request), request.params.bot_id, {
          intentsOnly,
          globals: isTrue(request.query.globals),
        });
        reply.header('content-disposition', `attachment; filename="${intentsOnly ? 'intents' : 'bot'}.json"`);
        return document;
      },
    );

    // The file arrives as a multipart `uploadFile` or as the raw body; either way it is parsed
    // here, so invalid JSON is reported as a bad bot file (422) rather than a bad request.
    await app.register(async (scope) => {
      await acceptUploads(scope, config.importBodyLimit);
      keepBodiesAsText(scope, config.importBodyLimit);
      scope.withTypeProvider<TypeBoxTypeProvider>().post(
        '/importjson/:bot_id',
        {
          onRequest: admins,
          config: { notFound: importTargetNotFound },
          bodyLimit: config.importBodyLimit,
          schema: {
            tags,
            description:
              'The bot file as JSON body, or multipart/form-data with the file in `uploadFile`. ' +
              '`create=true` makes a new bot (the id in the path is ignored).',
            consumes: ['application/json', 'multipart/form-data'],
            params: BotParams,
            querystring: ImportQuery,
            body: Type.Unknown(),
            response: { 200: BotSchema, ...memberErrors(BODY, 404, 409) },
          },
        },
        async (request) => {
          let content = request.body;
          if (request.isMultipart()) {
            const { file } = await readUpload(request, 'uploadFile');
            if (!file) throw errors.invalid('uploadFile is required (the bot JSON file).');
            content = file;
          }
          const bot = await services.bots.importBot(
            projectOf(request),
            actorId(principalOf(request)),
            request.params.bot_id,
            content,
            {
              create: isTrue(request.query.create),
              replace: isTrue(request.query.replace),
              overwrite: isTrue(request.query.overwrite),
            },
          );
          return botToWire(bot);
        },
      );
    });
  };
}

/** `curl -d @bot.json` sends form or text content types too: keep all of them as the raw text. */
function keepBodiesAsText(app: FastifyInstance, bodyLimit: number): void {
  for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));
  }
}
