/**
 * File uploads (multipart/form-data) for the few routes that take them. Register it inside the
 * plugin that holds those routes only, so no other route accepts multipart bodies.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { errors } from '../errors.js';

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
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const content = await part.toBuffer();
      if (part.fieldname === fileField) upload.file = content;
    } else if (typeof part.value === 'string') {
      upload.fields[part.fieldname] = part.value;
    }
  }
  return upload;
}
