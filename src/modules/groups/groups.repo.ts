import { sql, type Insertable, type Updateable } from 'kysely';
import type { GroupsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { activeTeamMember } from '../../platform/auth/team-member.js';

/** Groups queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createGroupsRepo(connection: Connection) {
  function insertGroup(row: Insertable<GroupsTable>) {
    const db = connection();
    return db.insertInto('groups').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findGroupById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('groups')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function listGroups(projectId: string) {
    const db = connection();
    return db
      .selectFrom('groups')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('trashed', '=', false)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  function updateGroup(projectId: string, id: string, changes: Updateable<GroupsTable>) {
    const db = connection();
    return db
      .updateTable('groups')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteGroup(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('groups')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function removeMemberEverywhere(projectId: string, userId: string) {
    const db = connection();
    return db
      .updateTable('groups')
      .set({ members: sql`array_remove(members, ${userId})`, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where(sql<boolean>`${userId} = ANY(members)`)
      .returningAll()
      .execute();
  }

  /** Which of these users are active team members of the project (a group holds only those). */
  async function findActiveTeamMemberIds(projectId: string, userIds: string[]) {
    const rows = await connection()
      .selectFrom('project_users')
      .select('user_id')
      .where('project_id', '=', projectId)
      .where(activeTeamMember)
      // One array parameter, however many members the body lists.
      .where(sql<boolean>`user_id = ANY(${userIds}::text[])`)
      .execute();
    return rows.map((row) => row.user_id);
  }

  return {
    findActiveTeamMemberIds,
    insertGroup,
    findGroupById,
    listGroups,
    updateGroup,
    deleteGroup,
    removeMemberEverywhere,
  };
}
