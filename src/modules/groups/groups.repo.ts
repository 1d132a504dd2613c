import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { GroupsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export function insertGroup(db: Conn, row: Insertable<GroupsTable>) {
  return db.insertInto('groups').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findGroupById(db: Conn, projectId: string, id: string) {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listGroups(db: Conn, projectId: string) {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('trashed', '=', false)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function updateGroup(db: Conn, projectId: string, id: string, changes: Updateable<GroupsTable>) {
  return db
    .updateTable('groups')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteGroup(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('groups')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function removeMemberEverywhere(db: Conn, projectId: string, userId: string) {
  return db
    .updateTable('groups')
    .set({ members: sql`array_remove(members, ${userId})`, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where(sql<boolean>`${userId} = ANY(members)`)
    .returningAll()
    .execute();
}
