import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { CannedResponsesTable } from '../../platform/db/tables.js';
import { CANNED_STATUS } from './canned.schema.js';

type Conn = Db | Trx;

export function insertCannedResponse(db: Conn, row: Insertable<CannedResponsesTable>) {
  return db.insertInto('canned_responses').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Whatever its status: the service decides who may see a deleted one. */
export function findCannedResponseById(db: Conn, projectId: string, id: string) {
  return db
    .selectFrom('canned_responses')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface CannedResponseFilters {
  /** Only the shared responses and this user's own (undefined: all of them). */
  visibleTo?: string;
  /** A substring of the title or the text, any case. */
  search?: string;
  offset: number;
  limit: number;
}

/** Live responses, newest first. */
export function listCannedResponses(db: Conn, projectId: string, filters: CannedResponseFilters) {
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
export function updateLiveCannedResponse(
  db: Conn,
  projectId: string,
  id: string,
  changes: Updateable<CannedResponsesTable>,
) {
  return db
    .updateTable('canned_responses')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('status', '=', CANNED_STATUS.live)
    .returningAll()
    .executeTakeFirst();
}

export function deleteCannedResponse(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('canned_responses')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
