/**
 * The lookups authentication needs: who owns an id, and which live key verifies a token. A key
 * of a deleted project, a trashed bot or a subscription of a deleted project verifies nothing.
 */
import type { Principal } from './principal.js';
import type { Connection } from '../db/unit-of-work.js';
import type { ProjectUserRow } from '../db/tables.js';
import { prepared } from '../db/prepared.js';

const USER_COLUMNS = [
  'id',
  'email',
  'firstname',
  'lastname',
  'emailverified',
  'password_hash',
  'password_changed_at',
] as const;

/** Identity queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createIdentityRepo(connection: Connection) {
  function findActiveUserById(id: string) {
    const db = connection();
    return prepared(
      db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).where('status', '=', 100),
    ).executeTakeFirst();
  }

  /**
   * findActiveUserById and that user's active membership in a project (findActiveMembership's
   * conditions), in one statement: what a user's token on a project's route needs first.
   */
  async function findActiveUserWithMembership(id: string, projectId: string) {
    const db = connection();
    const query = db
      .selectFrom('users')
      .leftJoin('project_users', (join) =>
        join
          .onRef('project_users.user_id', '=', 'users.id')
          .on('project_users.project_id', '=', projectId)
          .on('project_users.status', '=', 'active')
          .on('project_users.trashed', '=', false),
      )
      .selectAll('project_users')
      .select([
        'users.id as account_id',
        'users.email as account_email',
        'users.firstname as account_firstname',
        'users.lastname as account_lastname',
        'users.emailverified as account_emailverified',
        'users.password_hash as account_password_hash',
        'users.password_changed_at as account_password_changed_at',
      ])
      .where('users.id', '=', id)
      .where('users.status', '=', 100);
    const row = await prepared(query).executeTakeFirst();
    if (!row) return undefined;
    const {
      account_id,
      account_email,
      account_firstname,
      account_lastname,
      account_emailverified,
      account_password_hash,
      account_password_changed_at,
      ...membership
    } = row;
    return {
      user: {
        id: account_id,
        email: account_email,
        firstname: account_firstname,
        lastname: account_lastname,
        emailverified: account_emailverified,
        password_hash: account_password_hash,
        password_changed_at: account_password_changed_at,
      },
      // The outer join leaves every membership column null when there is none; else it is a whole row.
      membership: membership.id === null ? undefined : (membership as ProjectUserRow),
    };
  }

  /** Password accounts only: a team member created by a custom token has no password to check. */
  function findActiveUserByEmail(email: string) {
    const db = connection();
    return db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('email', '=', email.toLowerCase())
      .where('external_project_id', 'is', null)
      .where('status', '=', 100)
      .executeTakeFirst();
  }

  function findLiveBotKey(botId: string) {
    const db = connection();
    return db
      .selectFrom('bots')
      .innerJoin('projects', 'projects.id', 'bots.project_id')
      .select(['bots.id', 'bots.project_id', 'bots.name', 'bots.secret'])
      .where('bots.id', '=', botId)
      .where('bots.trashed', '=', false)
      .where('projects.status', '=', 100)
      .executeTakeFirst();
  }

  function findLiveSubscriptionKey(subscriptionId: string) {
    const db = connection();
    return db
      .selectFrom('subscriptions')
      .innerJoin('projects', 'projects.id', 'subscriptions.project_id')
      .select(['subscriptions.id', 'subscriptions.project_id', 'subscriptions.secret'])
      .where('subscriptions.id', '=', subscriptionId)
      .where('projects.status', '=', 100)
      .executeTakeFirst();
  }

  async function findLiveProjectKey(projectId: string): Promise<string | undefined> {
    const db = connection();
    const row = await db
      .selectFrom('projects')
      .select('jwt_secret')
      .where('id', '=', projectId)
      .where('status', '=', 100)
      .executeTakeFirst();
    return row?.jwt_secret ?? undefined;
  }

  /**
   * The active membership of a principal in a project: users by id, end users by uuid. An end user
   * named by a project's key exists only in that project and only as an identity that key minted;
   * the server's anonymous guests are never reachable through a project's key.
   */
  function findActiveMembership(projectId: string, principal: Principal) {
    const db = connection();
    let query = db
      .selectFrom('project_users')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('status', '=', 'active')
      .where('trashed', '=', false);
    if (principal.kind === 'user') {
      query = query.where('user_id', '=', principal.id);
    } else if (principal.kind === 'guest' || principal.kind === 'userexternal') {
      if (principal.projectId !== undefined && principal.projectId !== projectId) return Promise.resolve(undefined);
      query = query
        .where('uuid_user', '=', principal.id)
        .where('minted_by_project_key', '=', principal.projectId !== undefined);
    } else {
      return Promise.resolve(undefined);
    }
    return prepared(query).executeTakeFirst();
  }

  return {
    findActiveUserById,
    findActiveUserWithMembership,
    findActiveUserByEmail,
    findLiveBotKey,
    findLiveSubscriptionKey,
    findLiveProjectKey,
    findActiveMembership,
  };
}
