/**
 * Chat files, as Tiledesk's routes/filesp.js (`/:project_id/files`) and routes/files.js (`/files`).
 * Uploading, reading and deleting are for the project's members (visitors included), bots and
 * subscriptions. The public `/files` reads serve `<img src>` and links in messages, which carry no
 * token: the random uuid in a path is what keeps them private, as Tiledesk does.
 */
import path from 'node:path';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { acceptUploads } from '../../platform/http/multipart.js';
import { BODY, memberErrors, publicErrors } from '../../platform/http/error-responses.js';
import { isTrue, ProjectParams } from '../../platform/http/schemas.js';
import type { FileCaller, StoredFile } from './files.service.js';
import { DeletedSchema, FileBytes, fileNotFound, FileQuery, UploadedSchema } from './files.schema.js';

/** Every route of files words a missing file Tiledesk's way. */
const wording = { notFound: fileNotFound };
import { acceptAnyBody, readChatUpload } from './files.multipart.js';
import { isInline } from './files.types.js';

const tags = ['files'];

export function filesRoutes({ config, guards, services }: AppContext): FastifyPluginAsyncTypebox {
  // Tiledesk's hasRoleOrTypes('guest', ['bot','subscription']).
  const members = guards.role('guest', { types: ['bot', 'subscription'] });
  const read = { 200: FileBytes, ...memberErrors(404) };

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: members,
        config: wording,
        schema: { tags, params: ProjectParams, querystring: FileQuery, response: read },
      },
      async (request, reply) => {
        const file = await services.files.read(projectOf(request), requiredPath(request.query.path));
        return sendFile(reply, file, isTrue(request.query.as_attachment));
      },
    );

    app.get(
      '/download',
      {
        onRequest: members,
        config: wording,
        schema: { tags, params: ProjectParams, querystring: FileQuery, response: read },
      },
      async (request, reply) =>
        sendFile(reply, await services.files.read(projectOf(request), requiredPath(request.query.path)), true),
    );

    app.delete(
      '/',
      {
        onRequest: members,
        config: wording,
        schema: {
          tags,
          description: 'The uploader, or an admin or owner of the project, deletes the file.',
          params: ProjectParams,
          querystring: FileQuery,
          response: { 200: DeletedSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const filePath = requiredPath(request.query.path);
        const deleted = await services.files.remove(projectOf(request), callerOf(request), filePath);
        return { message: 'File deleted successfully', filename: encodeURIComponent(deleted) };
      },
    );

    // Only the upload route parses multipart bodies.
    await app.register(async (uploads) => {
      await acceptUploads(uploads, config.files.maxUploadBytes);
      acceptAnyBody(uploads, config.bodyLimit);
      uploads.withTypeProvider<TypeBoxTypeProvider>().post(
        '/chat',
        {
          onRequest: members,
          schema: {
            tags,
            description:
              'multipart/form-data with one file in `file`. Answers the stored path, which expires after ' +
              'CHAT_FILE_EXPIRATION_TIME seconds.',
            consumes: ['multipart/form-data'],
            params: ProjectParams,
            response: { 201: UploadedSchema, ...memberErrors(BODY, 404) },
          },
        },
        async (request, reply) => {
          const upload = await readChatUpload(request, config.files.maxUploadBytes);
          const filename = await services.files.uploadChatFile(projectOf(request), callerOf(request), upload);
          return reply.code(201).send({ message: 'File uploaded successfully', filename });
        },
      );
    });
  };
}

/** `GET /files?path=` and `/files/download?path=` without a token, as Tiledesk serves them. */
export function publicFilesRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  const schema = {
    tags,
    security: [],
    querystring: FileQuery,
    response: { 200: FileBytes, ...publicErrors(400, 404, 429) },
  };
  return async (app) => {
    app.get(
      '/',
      {
        config: wording,
        schema: { ...schema, description: 'Whoever knows a path (a message shows it) reads the file.' },
      },
      async (request, reply) => {
        const file = await services.files.readByPath(requiredPath(request.query.path));
        return sendFile(reply, file, isTrue(request.query.as_attachment));
      },
    );
    app.get('/download', { config: wording, schema }, async (request, reply) =>
      sendFile(reply, await services.files.readByPath(requiredPath(request.query.path)), true),
    );
  };
}

function requiredPath(filePath: string | undefined): string {
  if (!filePath) throw errors.badRequestError('Path parameter is required');
  return filePath;
}

function callerOf(request: FastifyRequest): FileCaller {
  const principal = principalOf(request);
  return { id: principal.id, actor: actorId(principal), membership: request.projectUser };
}

/**
 * Uploaded content comes from visitors and is served from the API's origin, so it must never run
 * as a page there (Tiledesk serves it inline with the uploader's type): the stored type only, no
 * sniffing, a sandbox, and everything but images and PDF as a download.
 */
function sendFile(reply: FastifyReply, file: StoredFile, asAttachment: boolean) {
  const disposition = !asAttachment && isInline(file.contentType) ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.content.length)
    .header('content-disposition', contentDisposition(disposition, path.posix.basename(file.path)))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, max-age=3600')
    .send(file.content);
}

/** RFC 6266: an ASCII fallback name and the exact name in UTF-8. */
function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
