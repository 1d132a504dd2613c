/**
 * Memberships. `number_assigned_requests` is not stored: it is counted from the requests an
 * agent participates in (open assignments, platform/agent-load.ts), so it is correct by
 * construction even when requests are closed, reopened or reassigned concurrently.
 */
import { expressionBuilder, sql, type Expression, type Insertable, type Updateable } from 'kysely';
import { openAssignment } from '../../platform/agent-load.js';
import { activeTeamMember } from '../../platform/auth/team-member.js';
import type { Database, ProjectUsersTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { userRowFromJson } from '../users/users.schema.js';
import type { ProjectUserView } from './project-users.schema.js';
import { prepared } from '../../platform/db/prepared.js';

/**
 * How many open requests (platform/agent-load.ts) a user takes part in as an agent, as a scalar
 * subquery: 0 for no user. `@>` is what the partial GIN index on open requests' agents serves.
 */
function assignedCount(projectId: Expression<string>, userId: Expression<string | null>) {
  return sql<number>`(SELECT count(*)::int FROM requests
    WHERE requests.project_id = ${projectId}
      AND ${openAssignment(expressionBuilder<Database, 'requests'>())}
      AND requests.participants_agents @> ARRAY[${userId}]::text[])`;
}

export interface ProjectUserFilter {
  /** Active team members only (the activeTeamMember rule). */
  activeTeam?: boolean;
  roleType?: number;
  role?: string[];
  status?: string;
  includeTrashed?: boolean;
  presence?: string;
  userIds?: string[];
  available?: boolean;
}

/** ProjectUsers queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createProjectUsersRepo(connection: Connection) {
  function insertProjectUser(row: Insertable<ProjectUsersTable>) {
    const db = connection();
    return db.insertInto('project_users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findProjectUserById(projectId: string, id: string, options: { forUpdate?: boolean } = {}) {
    const db = connection();
    let query = db.selectFrom('project_users').selectAll().where('project_id', '=', projectId).where('id', '=', id);
    if (options.forUpdate) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /**
   * Memberships by id as views (their users and open-request counts) in one statement: a
   * request's requester is read this way every time a request is shown.
   */
  async function findProjectUserViewsByIds(projectId: string, ids: string[]): Promise<ProjectUserView[]> {
    const db = connection();
    if (ids.length === 0) return [];
    const query = db
      .selectFrom('project_users')
      .leftJoin('users', 'users.id', 'project_users.user_id')
      .selectAll('project_users')
      .select([
        sql<Record<string, unknown> | null>`to_json(users)`.as('user_json'),
        assignedCount(sql.ref('project_users.project_id'), sql.ref('project_users.user_id')).as('assigned_count'),
      ])
      .where('project_users.project_id', '=', projectId)
      // One array parameter: a list from a request body may hold more ids than PostgreSQL takes
      // bind parameters (65,535).
      .where(sql<boolean>`project_users.id = ANY(${ids}::text[])`);
    const rows = await prepared(query).execute();
    return rows.map(({ user_json, assigned_count, ...row }) => ({
      row,
      user: user_json ? userRowFromJson(user_json) : undefined,
      assignedCount: assigned_count,
    }));
  }

  /** By registered user id, or by uuid for guests and external users. */
  function findProjectUserByMember(projectId: string, member: { userId?: string; uuid?: string }) {
    const db = connection();
    let query = db.selectFrom('project_users').selectAll().where('project_id', '=', projectId);
    query = member.userId
      ? query.where('user_id', '=', member.userId)
      : query.where('uuid_user', '=', member.uuid ?? '');
    return query.executeTakeFirst();
  }

  function listProjectUsers(projectId: string, filter: ProjectUserFilter) {
    const db = connection();
    let query = db.selectFrom('project_users').selectAll().where('project_id', '=', projectId);
    if (filter.activeTeam) query = query.where(activeTeamMember);
    if (filter.roleType !== undefined) query = query.where('role_type', '=', filter.roleType);
    if (filter.role?.length) query = query.where('role', 'in', filter.role);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (!filter.includeTrashed) query = query.where('trashed', '=', false);
    if (filter.presence) query = query.where(sql`presence->>'status'`, '=', filter.presence);
    if (filter.userIds) {
      if (filter.userIds.length === 0) return Promise.resolve([]);
      query = query.where(sql<boolean>`user_id = ANY(${filter.userIds}::text[])`);
    }
    if (filter.available !== undefined) query = query.where('user_available', '=', filter.available);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  function updateProjectUser(projectId: string, id: string, changes: Updateable<ProjectUsersTable>) {
    const db = connection();
    return db
      .updateTable('project_users')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteProjectUser(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('project_users')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Open requests each agent takes part in, by user id (0 for agents with none). */
  async function countAssignedRequests(projectId: string, userIds: string[]): Promise<Map<string, number>> {
    const db = connection();
    const counts = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    const rows = await sql<{ agent: string; count: number }>`
    SELECT agent, ${assignedCount(sql`${projectId}`, sql.ref('agent'))} AS count
    FROM unnest(${userIds}::text[]) AS agent`.execute(db);
    for (const row of rows.rows) counts.set(row.agent, row.count);
    return counts;
  }

  function insertPendingInvitation(row: {
    id: string;
    project_id: string;
    email: string;
    role: string;
    user_available: boolean;
    created_by: string;
  }) {
    const db = connection();
    return db
      .insertInto('pending_invitations')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'email'])
          .doUpdateSet({ role: row.role, user_available: row.user_available, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Removes and returns every pending invitation for an email (they become memberships). */
  function takePendingInvitations(email: string) {
    const db = connection();
    return db.deleteFrom('pending_invitations').where('email', '=', email.toLowerCase()).returningAll().execute();
  }

  function listPendingInvitations(projectId: string) {
    const db = connection();
    return db
      .selectFrom('pending_invitations')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .execute();
  }

  function findPendingInvitation(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('pending_invitations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Records that the invitation was sent again (its `updatedAt`). */
  function touchPendingInvitation(projectId: string, id: string) {
    const db = connection();
    return db
      .updateTable('pending_invitations')
      .set({ updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deletePendingInvitation(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('pending_invitations')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  return {
    findPendingInvitation,
    touchPendingInvitation,
    deletePendingInvitation,
    insertProjectUser,
    findProjectUserById,
    findProjectUserViewsByIds,
    findProjectUserByMember,
    listProjectUsers,
    updateProjectUser,
    deleteProjectUser,
    countAssignedRequests,
    insertPendingInvitation,
    takePendingInvitations,
    listPendingInvitations,
  };
}

export type ProjectUsersRepo = ReturnType<typeof createProjectUsersRepo>;
