/** Intents in bulk: `POST /uploadcsv` (multipart), `GET /csv`, `POST /ops_update`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { acceptUploads, readUpload } from '../../platform/http/multipart.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { CsvQuery, intentNotFound, OperationsBody, SuccessBody } from './intents.schema.js';

export function intentsBulkRoutes(
  { config, services }: AppContext,
  writers: onRequestAsyncHookHandler,
): FastifyPluginAsyncTypebox {
  const tags = ['intents'];

  return async (app) => {
    // Only this route parses multipart bodies.
    await app.register(async (uploads) => {
      await acceptUploads(uploads, config.importBodyLimit);
      uploads.post(
        '/uploadcsv',
        {
          onRequest: writers,
          bodyLimit: config.importBodyLimit,
          schema: {
            tags,
            description: 'multipart/form-data: `uploadFile` (the CSV), `id_faq_kb`, `delimiter` (default `;`).',
            consumes: ['multipart/form-data'],
            params: ProjectParams,
            response: { 200: SuccessBody, ...memberErrors(BODY, 404, 409) },
          },
        },
        async (request) => {
          const { fields, file } = await readUpload(request, 'uploadFile');
          if (!file) throw errors.invalid('uploadFile is required (the CSV file).');
          if (!fields.id_faq_kb) throw errors.invalid('id_faq_kb is required.');
          return services.intents.importCsv(projectOf(request), actorId(principalOf(request)), {
            botId: fields.id_faq_kb,
            delimiter: fields.delimiter || ';',
            text: file.toString('utf8'),
          });
        },
      );
    });

    app.get(
      '/csv',
      {
        onRequest: writers,
        schema: {
          tags,
          params: ProjectParams,
          querystring: CsvQuery,
          response: { 200: Type.String(), ...memberErrors(404) },
        },
      },
      async (request, reply) => {
        const csv = await services.intents.exportCsv(projectOf(request), request.query.id_faq_kb);
        reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="faqs.csv"');
        return csv;
      },
    );

    app.post(
      '/ops_update',
      {
        onRequest: writers,
        config: { notFound: intentNotFound.operations },
        bodyLimit: config.importBodyLimit,
        schema: {
          tags,
          params: ProjectParams,
          body: OperationsBody,
          response: { 200: SuccessBody, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) =>
        services.intents.applyOperations(projectOf(request), actorId(principalOf(request)), request.body),
    );
  };
}
