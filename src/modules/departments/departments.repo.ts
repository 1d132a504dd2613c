import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { DepartmentsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export function insertDepartment(db: Conn, row: Insertable<DepartmentsTable>) {
  return db.insertInto('departments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findDepartmentById(db: Conn, projectId: string, id: string) {
  return db
    .selectFrom('departments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findDefaultDepartment(db: Conn, projectId: string) {
  return db
    .selectFrom('departments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('is_default', '=', true)
    .executeTakeFirst();
}

export function listDepartments(
  db: Conn,
  projectId: string,
  options: { status?: number; minStatus?: number; sortByName?: boolean },
) {
  let query = db.selectFrom('departments').selectAll().where('project_id', '=', projectId);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  if (options.minStatus !== undefined) query = query.where('status', '>=', options.minStatus);
  query = options.sortByName ? query.orderBy('name') : query.orderBy('created_at');
  return query.orderBy('id').execute();
}

export function findDepartmentsByIds(db: Conn, projectId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('departments').selectAll().where('project_id', '=', projectId).where('id', 'in', ids).execute();
}

export function updateDepartment(db: Conn, projectId: string, id: string, changes: Updateable<DepartmentsTable>) {
  return db
    .updateTable('departments')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteDepartment(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('departments')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
