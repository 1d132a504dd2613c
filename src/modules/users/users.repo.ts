import type { Insertable, Updateable } from 'kysely';
import type { UsersTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { prepared } from '../../platform/db/prepared.js';

/** Users queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createUsersRepo(connection: Connection) {
  function findUserById(id: string) {
    const db = connection();
    return db.selectFrom('users').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
  }

  /** The password account with this email (custom-token team members are not found by email). */
  function findUserByEmail(email: string) {
    const db = connection();
    return db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .where('external_project_id', 'is', null)
      .where('status', '=', 100)
      .executeTakeFirst();
  }

  /** The team member a project's backend created with a custom token, by the `_id` it gave. */
  function findExternalUser(projectId: string, externalId: string) {
    const db = connection();
    return db
      .selectFrom('users')
      .selectAll()
      .where('external_project_id', '=', projectId)
      .where('external_id', '=', externalId)
      .where('status', '=', 100)
      .executeTakeFirst();
  }

  /** Inserts a password account unless the email is taken; undefined means it was. */
  function insertUser(user: Insertable<UsersTable>) {
    const db = connection();
    return db
      .insertInto('users')
      .values(user)
      .onConflict((oc) => oc.column('email').where('external_project_id', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** Inserts a project's custom-token team member unless that project already has one with that id. */
  function insertExternalUser(user: Insertable<UsersTable>) {
    const db = connection();
    return db
      .insertInto('users')
      .values(user)
      .onConflict((oc) =>
        oc.columns(['external_project_id', 'external_id']).where('external_project_id', 'is not', null).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
  }

  function updateUser(id: string, changes: Updateable<UsersTable>) {
    const db = connection();
    return db
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function findUsersByIds(ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return prepared(db.selectFrom('users').selectAll().where('id', 'in', ids)).execute();
  }

  return {
    findUserById,
    findUserByEmail,
    findExternalUser,
    insertUser,
    insertExternalUser,
    updateUser,
    findUsersByIds,
  };
}
