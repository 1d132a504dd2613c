/**
 * Reading a chat upload: one file, in the multipart field `file`, as Tiledesk's multer
 * `single('file')`. Every way a body can be wrong is a 4xx with a JSON body: not multipart, no
 * file or a malformed body 400, too large 413; never a 500, never a hang.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errors } from '../../platform/errors.js';
import type { UploadedFile } from './files.service.js';

const FIELD = 'file';
const noFile = () =>
  errors.badRequestError('No file uploaded: send multipart/form-data with the file in the field "file".');

/**
 * Bodies of any other content type reach the handler (to be refused with a 400 there) instead of
 * being a 415; they are read and dropped, up to `bodyLimit`.
 */
export function acceptAnyBody(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, _body, done) => done(null, undefined));
}

export async function readChatUpload(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!request.isMultipart()) throw noFile();
  let upload: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      // Every file part is read to its end (within the size limit), so the body is consumed.
      const content = await part.toBuffer();
      if (part.fieldname === FIELD && part.filename) {
        upload = { filename: part.filename, mimetype: part.mimetype, content };
      }
    }
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
  if (!upload) throw noFile();
  return upload;
}

function uploadError(error: unknown, maxBytes: number): AppError {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    // Tiledesk's body for multer's LIMIT_FILE_SIZE, with the limit.
    return new AppError('bodyTooLarge', 413, {
      success: false,
      error: 'File too large',
      code: 'LIMIT_FILE_SIZE',
      limit: maxBytes,
    });
  }
  if (code === 'FST_FILES_LIMIT') return errors.badRequestError('Only one file may be uploaded.');
  const detail = error instanceof Error ? error.message : String(error);
  return errors.badRequestError(`Malformed multipart body: ${detail}`);
}
