import type { Insertable, Updateable } from 'kysely';
import type { TagsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** Tags queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createTagsRepo(connection: Connection) {
  /** Inserts the tag unless the project already has one with that name (then undefined). */
  function insertTag(row: Insertable<TagsTable>) {
    const db = connection();
    return db
      .insertInto('tags')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'tag']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  function findTagById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('tags')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findTagByName(projectId: string, tag: string) {
    const db = connection();
    return db
      .selectFrom('tags')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('tag', '=', tag)
      .executeTakeFirst();
  }

  function listTags(
    projectId: string,
    page: { sort: 'created_at' | 'updated_at' | 'tag'; descending: boolean; offset: number; limit: number },
  ) {
    const db = connection();
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

  function updateTag(projectId: string, id: string, changes: Updateable<TagsTable>) {
    const db = connection();
    return db
      .updateTable('tags')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteTag(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('tags')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  return { insertTag, findTagById, findTagByName, listTags, updateTag, deleteTag };
}
