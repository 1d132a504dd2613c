import type { Insertable, Updateable } from 'kysely';
import type { DepartmentsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { prepared } from '../../platform/db/prepared.js';

/** Departments queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createDepartmentsRepo(connection: Connection) {
  function insertDepartment(row: Insertable<DepartmentsTable>) {
    const db = connection();
    return db.insertInto('departments').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findDepartmentById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('departments')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findDefaultDepartment(projectId: string) {
    const db = connection();
    return db
      .selectFrom('departments')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('is_default', '=', true)
      .executeTakeFirst();
  }

  function listDepartments(projectId: string, options: { status?: number; minStatus?: number; sortByName?: boolean }) {
    const db = connection();
    let query = db.selectFrom('departments').selectAll().where('project_id', '=', projectId);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.minStatus !== undefined) query = query.where('status', '>=', options.minStatus);
    query = options.sortByName ? query.orderBy('name') : query.orderBy('created_at');
    return query.orderBy('id').execute();
  }

  function findDepartmentsByIds(projectId: string, ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return prepared(
      db.selectFrom('departments').selectAll().where('project_id', '=', projectId).where('id', 'in', ids),
    ).execute();
  }

  function updateDepartment(projectId: string, id: string, changes: Updateable<DepartmentsTable>) {
    const db = connection();
    return db
      .updateTable('departments')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteDepartment(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('departments')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  return {
    insertDepartment,
    findDepartmentById,
    findDefaultDepartment,
    listDepartments,
    findDepartmentsByIds,
    updateDepartment,
    deleteDepartment,
  };
}
