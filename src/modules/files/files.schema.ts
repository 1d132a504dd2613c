/** Chat files on the wire: Tiledesk's upload and delete answers, the `?path=` query, the bytes. */
import { Type } from 'typebox';
import type { NotFoundWording } from '../../platform/errors.js';

export const UploadedSchema = Type.Object({
  message: Type.String(),
  /** The stored path: pass it as `?path=` to read, download or delete the file. */
  filename: Type.String(),
});

export const DeletedSchema = Type.Object({
  message: Type.String(),
  /** The deleted path, URI-encoded as Tiledesk answers it. */
  filename: Type.String(),
});

/** `path` is required; without it the answer is Tiledesk's 400, not a validation 422. */
export const FileQuery = Type.Object({
  path: Type.Optional(Type.String({ description: 'The path an upload answered (`filename`).' })),
  as_attachment: Type.Optional(Type.String({ description: '`true`: download instead of showing inline.' })),
});

export const FileBytes = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file.' });

/** How Tiledesk words a missing file. */
export const fileNotFound: NotFoundWording = { file: () => ({ success: false, error: 'File not found.' }) };
