import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { TagsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

/** Inserts the tag unless the project already has one with that name (then undefined). */
export function insertTag(db: Conn, row: Insertable<TagsTable>) {
  return db
    .insertInto('tags')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'tag']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findTagById(db: Conn, projectId: string, id: string) {
  return db.selectFrom('tags').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export function findTagByName(db: Conn, projectId: string, tag: string) {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('tag', '=', tag)
    .executeTakeFirst();
}

export function listTags(
  db: Conn,
  projectId: string,
  page: { sort: 'created_at' | 'updated_at' | 'tag'; descending: boolean; offset: number; limit: number },
) {
  const direction = page.descending ? 'desc' : 'asc';
  return db
    .selectFrom('tags')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy(page.sort, direction)
    .orderBy('id', direction)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export function updateTag(db: Conn, projectId: string, id: string, changes: Updateable<TagsTable>) {
  return db
    .updateTable('tags')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteTag(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('tags')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
