import type { Insertable, Updateable } from 'kysely';
import type { CannedResponsesTable } from '../../platform/db/tables.js';
import { CANNED_STATUS } from './canned.schema.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

export interface CannedResponseFilters {
  /** Only the shared responses and this user's own (undefined: all of them). */
  visibleTo?: string;
  /** A substring of the title or the text, any case. */
  search?: string;
  offset: number;
  limit: number;
}

/** Canned queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createCannedRepo(connection: Connection) {
  function insertCannedResponse(row: Insertable<CannedResponsesTable>) {
    const db = connection();
    return db.insertInto('canned_responses').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Whatever its status: the service decides who may see a deleted one. */
  function findCannedResponseById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('canned_responses')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Live responses, newest first. */
  function listCannedResponses(projectId: string, filters: CannedResponseFilters) {
    const db = connection();
    const { visibleTo, search } = filters;
    let query = db
      .selectFrom('canned_responses')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('status', '=', CANNED_STATUS.live);
    if (visibleTo !== undefined) {
      query = query.where((eb) => eb.or([eb('shared', '=', true), eb('created_by', '=', visibleTo)]));
    }
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      query = query.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('text', 'ilike', pattern)]));
    }
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(filters.offset)
      .limit(filters.limit)
      .execute();
  }

  /** Changes a live response only: one deleted meanwhile stays as it is (undefined). */
  function updateLiveCannedResponse(projectId: string, id: string, changes: Updateable<CannedResponsesTable>) {
    const db = connection();
    return db
      .updateTable('canned_responses')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('status', '=', CANNED_STATUS.live)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteCannedResponse(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('canned_responses')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  return {
    insertCannedResponse,
    findCannedResponseById,
    listCannedResponses,
    updateLiveCannedResponse,
    deleteCannedResponse,
  };
}
