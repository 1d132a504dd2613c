import { sql, type Insertable } from 'kysely';
import type { FilesTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** Expired rows are deleted in batches of this many (by whichever instance gets there). */
const SWEEP_BATCH = 100;

const live = sql<boolean>`files.expires_at > now()`;

/** Files queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createFilesRepo(connection: Connection) {
  /** A file that expires `expiresInSeconds` from now, by the database's clock (shared by every instance). */
  function insertFile(row: Omit<Insertable<FilesTable>, 'expires_at' | 'created_at'>, expiresInSeconds: number) {
    const db = connection();
    return db
      .insertInto('files')
      .values({ ...row, expires_at: sql<Date>`now() + make_interval(secs => ${expiresInSeconds})` })
      .returning(['path', 'project_id', 'size', 'content_type', 'created_by'])
      .executeTakeFirstOrThrow();
  }

  /** An unexpired file of the project, bytes included. */
  function findLiveFile(projectId: string, path: string) {
    const db = connection();
    return db
      .selectFrom('files')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('path', '=', path)
      .where(live)
      .executeTakeFirst();
  }

  /** An unexpired file of any live project: the public route, which knows only the path. */
  function findLiveFileInLiveProject(path: string) {
    const db = connection();
    return db
      .selectFrom('files')
      .innerJoin('projects', 'projects.id', 'files.project_id')
      .selectAll('files')
      .where('files.path', '=', path)
      .where('projects.status', '=', 100)
      .where(live)
      .executeTakeFirst();
  }

  /** Who uploaded an unexpired file of the project (the bytes are not read). */
  function findLiveFileOwner(projectId: string, path: string) {
    const db = connection();
    return db
      .selectFrom('files')
      .select(['path', 'created_by'])
      .where('project_id', '=', projectId)
      .where('path', '=', path)
      .where(live)
      .executeTakeFirst();
  }

  function deleteFile(projectId: string, path: string) {
    const db = connection();
    return db
      .deleteFrom('files')
      .where('project_id', '=', projectId)
      .where('path', '=', path)
      .returning('path')
      .executeTakeFirst();
  }

  /**
   * Deletes a batch of expired files of every project. Rows another instance is deleting are
   * skipped, so instances sweeping at once neither wait for each other nor fail.
   */
  async function deleteExpiredFiles(): Promise<number> {
    const db = connection();
    const { numAffectedRows } = await sql`
    DELETE FROM files WHERE path IN (
      SELECT path FROM files WHERE expires_at <= now() ORDER BY expires_at LIMIT ${SWEEP_BATCH}
      FOR UPDATE SKIP LOCKED
    )
  `.execute(db);
    return Number(numAffectedRows ?? 0);
  }

  return { insertFile, findLiveFile, findLiveFileInLiveProject, findLiveFileOwner, deleteFile, deleteExpiredFiles };
}
