/** The lookups authentication needs: who owns an id, and which secret verifies a token. */
import type { Db } from '../db/database.js';
import type { Principal } from './principal.js';

export function findActiveUserById(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'firstname', 'lastname', 'emailverified', 'password_hash'])
    .where('id', '=', id)
    .where('status', '=', 100)
    .executeTakeFirst();
}

export function findActiveUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'firstname', 'lastname', 'emailverified', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .where('status', '=', 100)
    .executeTakeFirst();
}

export async function findBotSecret(db: Db, botId: string) {
  return db
    .selectFrom('bots')
    .select(['id', 'project_id', 'name', 'secret'])
    .where('id', '=', botId)
    .executeTakeFirst();
}

export async function findSubscriptionSecret(db: Db, subscriptionId: string) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'project_id', 'secret'])
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
}

export async function findProjectJwtSecret(db: Db, projectId: string): Promise<string | undefined> {
  const row = await db.selectFrom('projects').select('jwt_secret').where('id', '=', projectId).executeTakeFirst();
  return row?.jwt_secret ?? undefined;
}

/** The active membership of a principal in a project (users by id, end users by uuid). */
export function findActiveMembership(db: Db, projectId: string, principal: Principal) {
  const column = principal.kind === 'user' ? 'user_id' : 'uuid_user';
  return db
    .selectFrom('project_users')
    .selectAll()
    .where('project_id', '=', projectId)
    .where(column, '=', principal.id)
    .where('status', '=', 'active')
    .where('trashed', '=', false)
    .executeTakeFirst();
}
