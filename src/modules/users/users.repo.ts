import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { UsersTable } from '../../platform/db/tables.js';

export function findUserById(db: Db | Trx, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
}

export function findUserByEmail(db: Db | Trx, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('status', '=', 100)
    .executeTakeFirst();
}

/** Inserts unless the email is taken; undefined means it was. */
export function insertUser(db: Db | Trx, user: Insertable<UsersTable>) {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('email').doNothing())
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
