import { sql, type Insertable, type Updateable } from 'kysely';
import type { ProjectsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { activeTeamMember } from '../../platform/auth/team-member.js';

/** Projects queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createProjectsRepo(connection: Connection) {
  function insertProject(row: Insertable<ProjectsTable>) {
    const db = connection();
    return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findProjectById(id: string) {
    const db = connection();
    return db.selectFrom('projects').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
  }

  function updateProject(id: string, changes: Updateable<ProjectsTable>) {
    const db = connection();
    return db
      .updateTable('projects')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteProject(id: string) {
    const db = connection();
    return db.deleteFrom('projects').where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** The caller's active team memberships (their projects are loaded separately). */
  function listTeamMembershipsOfUser(userId: string) {
    const db = connection();
    return db.selectFrom('project_users').selectAll().where('user_id', '=', userId).where(activeTeamMember).execute();
  }

  function findProjectsByIds(ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('projects').selectAll().where('id', 'in', ids).where('status', '=', 100).execute();
  }

  /** Hands out the next ticket number of a project (atomic under concurrency). */
  async function nextTicketId(projectId: string): Promise<number> {
    const db = connection();
    const row = await db
      .updateTable('projects')
      .set({ ticket_seq: sql`ticket_seq + 1` })
      .where('id', '=', projectId)
      .returning('ticket_seq')
      .executeTakeFirstOrThrow();
    return row.ticket_seq;
  }

  /** Takes the project row lock (the one nextTicketId takes) until the transaction ends. */
  async function lockProject(projectId: string): Promise<void> {
    const db = connection();
    await db.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
  }

  return {
    insertProject,
    findProjectById,
    updateProject,
    deleteProject,
    listTeamMembershipsOfUser,
    findProjectsByIds,
    nextTicketId,
    lockProject,
  };
}
