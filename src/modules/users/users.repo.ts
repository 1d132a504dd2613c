import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { UsersTable } from '../../platform/db/tables.js';

export function findUserById(db: Db | Trx, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
}

/** The password account with this email (custom-token team members are not found by email). */
export function findUserByEmail(db: Db | Trx, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('external_project_id', 'is', null)
    .where('status', '=', 100)
    .executeTakeFirst();
}

/** The team member a project's backend created with a custom token, by the `_id` it gave. */
export function findExternalUser(db: Db | Trx, projectId: string, externalId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('external_project_id', '=', projectId)
    .where('external_id', '=', externalId)
    .where('status', '=', 100)
    .executeTakeFirst();
}

/** Inserts a password account unless the email is taken; undefined means it was. */
export function insertUser(db: Db | Trx, user: Insertable<UsersTable>) {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('email').where('external_project_id', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Inserts a project's custom-token team member unless that project already has one with that id. */
export function insertExternalUser(db: Db | Trx, user: Insertable<UsersTable>) {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) =>
      oc.columns(['external_project_id', 'external_id']).where('external_project_id', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
}

export function updateUser(db: Db | Trx, id: string, changes: Updateable<UsersTable>) {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function findUsersByIds(db: Db | Trx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}
