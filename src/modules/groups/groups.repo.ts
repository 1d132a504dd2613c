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

  /** Whether a department of the project routes to the group (`id_group`, or one of its `groups`). */
  async function isUsedByDepartment(projectId: string, groupId: string): Promise<boolean> {
    const row = await connection()
      .selectFrom('departments')
      .select('id')
      .where('project_id', '=', projectId)
      .where((eb) =>
        eb.or([
          eb('id_group', '=', groupId),
          sql<boolean>`groups @> jsonb_build_array(jsonb_build_object('group_id', ${groupId}::text))`,
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    isUsedByDepartment,
    findActiveTeamMemberIds,
    insertGroup,
    findGroupById,
    listGroups,
    updateGroup,
    deleteGroup,
    removeMemberEverywhere,
  };
}
