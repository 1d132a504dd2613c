/**
 * Reading a chat upload: one file, in the multipart field `file`, as Tiledesk's multer
 * `single('file')`. Every way a body can be wrong is a 4xx with a JSON body: not multipart, no
 * file or a malformed body 400, too large 413; never a 500, never a hang.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../platform/errors.js';
import { multipartError } from '../../platform/http/multipart.js';
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
    throw multipartError(error, maxBytes);
  }
  if (!upload) throw noFile();
  return upload;
}
