/**
 * Chat files: what a project member (a visitor too), bot or subscription may upload, where it is
 * kept and who may read and delete it. The rules are Tiledesk's (routes/filesp.js): an allowed
 * extension (the project's widget list for visitors, its settings list for the team), a declared
 * type and bytes that match that extension, a size limit, an expiry. Beyond Tiledesk, a file is
 * read through its own project only, and deleted by its uploader or an admin.
 */
import path from 'node:path';
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newUuid } from '../../platform/ids.js';
import { can, uploadsAsVisitor } from '../../platform/auth/policies.js';
import type { FileRow, ProjectRow } from '../../platform/db/tables.js';
import { createFilesRepo } from './files.repo.js';
import { allowsExtension, detectedType, knownType, OPAQUE_CONTENT_TYPE } from './files.types.js';

/** Who is calling, as the routes know them. */
export interface FileCaller {
  /** The principal's id: the folder of their uploads (`uploads/users/<id>/...`, as Tiledesk). */
  id: string;
  /** What `created_by` holds (a bot appears as `bot_<id>`). */
  actor: string;
  /** Their membership in the project; none for bots and subscriptions. */
  membership?: { role: string; role_type: number };
}

export interface UploadedFile {
  filename: string;
  /** The type the client declared for the part. */
  mimetype: string;
  content: Buffer;
}

/** A file as it is served. */
export interface StoredFile {
  path: string;
  contentType: string;
  content: Buffer;
}

const MAX_NAME_LENGTH = 200;

export function createFilesService({ connection, config }: Platform) {
  const repo = createFilesRepo(connection);
  const settings = config.files;

  /** Visitors get the widget's list, the team (bots and subscriptions too) the project settings' list. */
  function allowListFor(project: ProjectRow, caller: FileCaller): string {
    const override = uploadsAsVisitor(caller.membership)
      ? project.widget?.allowedUploadExtentions
      : project.settings?.allowed_upload_extentions;
    return typeof override === 'string' && override.trim() ? override : settings.chatAllowList;
  }

  /** The content type the file is kept with, once its name, declared type and bytes agree. */
  function checkedContentType(project: ProjectRow, caller: FileCaller, name: string, file: UploadedFile): string {
    const extension = path.extname(name).toLowerCase();
    if (!allowsExtension(allowListFor(project, caller), extension)) {
      throw errors.forbiddenError(`File extension ${extension} is not allowed`);
    }
    const type = knownType(extension);
    if (!type) return OPAQUE_CONTENT_TYPE;
    const declared = (file.mimetype.split(';')[0] ?? '').trim().toLowerCase();
    if (!type.declared.includes(declared)) {
      throw errors.forbiddenError(
        `File mimetype does not match its extension. Declared: ${declared}, expected: ${type.declared[0]}`,
      );
    }
    if (!type.matches(file.content)) {
      const detected = type.inline ? detectedType(file.content) : 'not valid UTF-8 text';
      throw errors.forbiddenError(`File content does not match mimetype. Detected: ${detected}, provided: ${declared}`);
    }
    return type.contentType;
  }

  return {
    /** POST /files/chat: checks the file, stores it under a fresh folder and answers its path. */
    async uploadChatFile(project: ProjectRow, caller: FileCaller, file: UploadedFile): Promise<string> {
      const name = safeFileName(file.filename);
      const contentType = checkedContentType(project, caller, name, file);
      // Expired files are never served; each upload also clears a batch of them away.
      await repo.deleteExpiredFiles();
      const stored = await repo.insertFile(
        {
          path: `uploads/users/${caller.id}/files/${newUuid()}/${name}`,
          project_id: project.id,
          content_type: contentType,
          size: file.content.length,
          data: file.content,
          created_by: caller.actor,
        },
        settings.chatExpirationSeconds,
      );
      return stored.path;
    },

    /** A live file of the project; another project's path is as unknown as a wrong one. */
    async read(project: ProjectRow, filePath: string): Promise<StoredFile> {
      const file = await repo.findLiveFile(project.id, filePath);
      if (!file) throw errors.notFound('file', filePath);
      return toStored(file);
    },

    /** The public route: the path alone, which carries a random uuid, is the capability. */
    async readByPath(filePath: string): Promise<StoredFile> {
      const file = await repo.findLiveFileInLiveProject(filePath);
      if (!file) throw errors.notFound('file', filePath);
      return toStored(file);
    },

    /** DELETE /files: the uploader, or an admin or owner of the project. */
    async remove(project: ProjectRow, caller: FileCaller, filePath: string): Promise<string> {
      const file = await repo.findLiveFileOwner(project.id, filePath);
      if (!file) throw errors.notFound('file', filePath);
      if (!can.deleteFile(caller, file)) throw errors.roleRequired();
      const deleted = await repo.deleteFile(project.id, filePath);
      // Deleted by someone else since it was read.
      if (!deleted) throw errors.notFound('file', filePath);
      return deleted.path;
    },
  };
}

function toStored(file: FileRow): StoredFile {
  const { data } = file;
  return {
    path: file.path,
    contentType: file.content_type,
    content: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  };
}

/**
 * The uploaded name as one path segment: its last segment (either slash), no control characters,
 * at most MAX_NAME_LENGTH characters (the extension kept), never empty, "." or "..".
 */
function safeFileName(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  const name = /^\.*$/.test(clean) ? 'file' : clean;
  const chars = [...name];
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const extension = [...path.extname(name)];
  const keep = extension.length < 20 ? extension : [];
  return chars.slice(0, MAX_NAME_LENGTH - keep.length).join('') + keep.join('');
}
