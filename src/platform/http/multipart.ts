/**
 * File uploads (multipart/form-data) for the few routes that take them. Register it inside the
 * plugin that holds those routes only, so no other route accepts multipart bodies. Every way a
 * form can be wrong is a 4xx with a JSON body: a file over the limit 413, a malformed form (no
 * closing boundary, no boundary at all, garbage) 400, a field that cannot be stored 422.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError, errors } from '../errors.js';
import { textProblem } from '../text.js';

export async function acceptUploads(app: FastifyInstance, fileSizeLimit: number): Promise<void> {
  await app.register(multipart, { limits: { fileSize: fileSizeLimit, files: 1, fields: 20, parts: 21 } });
}

export interface Upload {
  /** The text fields of the form. */
  fields: Record<string, string>;
  /** The content of the file field named as asked, if the form had one. */
  file?: Buffer;
}

/** Reads the whole form; a file over the limit is a 413, a form without the file is the caller's call. */
export async function readUpload(request: FastifyRequest, fileField: string): Promise<Upload> {
  if (!request.isMultipart()) throw errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
  const upload: Upload = { fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.fieldname === fileField) upload.file = content;
      } else if (typeof part.value === 'string') {
        upload.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    throw multipartError(error, request.routeOptions.bodyLimit ?? 0);
  }
  for (const [name, value] of Object.entries(upload.fields)) {
    const reason = textProblem(name) ?? textProblem(value);
    if (reason) throw errors.validation([{ value, msg: 'Invalid value', param: name, location: 'body', reason }]);
  }
  return upload;
}

/** What a failure while reading a form means to the client. */
export function multipartError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
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
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status === 413) return errors.bodyTooLarge(maxBytes);
  const detail = error instanceof Error ? error.message : String(error);
  return errors.badRequestError(`Malformed multipart body: ${detail}`);
}
