import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { ProjectsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export function insertProject(db: Conn, row: Insertable<ProjectsTable>) {
  return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findProjectById(db: Conn, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
}

export function updateProject(db: Conn, id: string, changes: Updateable<ProjectsTable>) {
  return db
    .updateTable('projects')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteProject(db: Conn, id: string) {
  return db.deleteFrom('projects').where('id', '=', id).returningAll().executeTakeFirst();
}

/** The caller's active team memberships (their projects are loaded separately). */
export function listTeamMembershipsOfUser(db: Conn, userId: string) {
  return db
    .selectFrom('project_users')
    .selectAll()
    .where('user_id', '=', userId)
    .where('role_type', '=', 1)
    .where('status', '=', 'active')
    .where('trashed', '=', false)
    .execute();
}

export function findProjectsByIds(db: Conn, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('projects').selectAll().where('id', 'in', ids).where('status', '=', 100).execute();
}

/** Hands out the next ticket number of a project (atomic under concurrency). */
export async function nextTicketId(db: Conn, projectId: string): Promise<number> {
  const row = await db
    .updateTable('projects')
    .set({ ticket_seq: sql`ticket_seq + 1` })
    .where('id', '=', projectId)
    .returning('ticket_seq')
    .executeTakeFirstOrThrow();
  return row.ticket_seq;
}

/** Takes the project row lock (the one nextTicketId takes) until the transaction ends. */
export async function lockProject(db: Conn, projectId: string): Promise<void> {
  await db.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
}
