/**
 * Project membership: the team (owner, admins, agents...) and the end users (guests and external
 * users, known by uuid). Invitations, and the pending ones, are in ./invitations.ts.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json } from '../../platform/db/json.js';
import type { ProjectRow, ProjectUserRow, UserRow } from '../../platform/db/tables.js';
import {
  isRole,
  roleAtLeast,
  roleTypeOf,
  ROLE_TYPE_AGENTS,
  ROLE_TYPE_USERS,
  type Role,
} from '../../platform/auth/roles.js';
import type { Principal } from '../../platform/auth/principal.js';
import { can } from '../../platform/auth/policies.js';
import type { UsersService } from '../users/users.service.js';
import type { GroupsService } from '../groups/groups.service.js';
import { createProjectUsersRepo } from './project-users.repo.js';
import { projectUserToWire, type ProjectUserView } from './project-users.schema.js';
import { createInvitations, type InvitationNotifier } from './invitations.js';

export interface MemberChanges {
  user_available?: boolean;
  profileStatus?: string;
  max_assigned_chat?: number;
  attributes?: Record<string, unknown>;
  tags?: unknown[];
  settings?: Record<string, unknown>;
  presence?: Record<string, unknown>;
  role?: string;
  status?: 'active' | 'disabled';
}

export type ProjectUsersService = ReturnType<typeof createProjectUsersService>;

export function createProjectUsersService(
  platform: Platform,
  deps: { users: UsersService; groups: GroupsService; invitations: InvitationNotifier },
) {
  const { connection, transaction } = platform;
  const repo = createProjectUsersRepo(connection);
  /** Loads users and open-request counts for a set of memberships. */
  async function toViews(projectId: string, rows: ProjectUserRow[]): Promise<ProjectUserView[]> {
    const userIds = rows.map((row) => row.user_id).filter((id): id is string => id !== null);
    const [users, counts] = await Promise.all([
      deps.users.findUsersByIds(userIds),
      repo.countAssignedRequests(projectId, userIds),
    ]);
    const byId = new Map(users.map((user) => [user.id, user]));
    return rows.map((row) => ({
      row,
      user: row.user_id ? byId.get(row.user_id) : undefined,
      assignedCount: row.user_id ? (counts.get(row.user_id) ?? 0) : 0,
    }));
  }

  async function viewOf(projectId: string, row: ProjectUserRow): Promise<ProjectUserView> {
    return (await toViews(projectId, [row]))[0]!; // one view per row
  }

  async function mustFind(
    projectId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ProjectUserRow> {
    const row = await repo.findProjectUserById(projectId, id, options);
    if (!row) throw errors.notFound('projectUser', id);
    return row;
  }

  function columnsFor(changes: MemberChanges) {
    return {
      ...(changes.user_available !== undefined && { user_available: changes.user_available }),
      ...(changes.profileStatus !== undefined && { profile_status: changes.profileStatus }),
      ...(changes.max_assigned_chat !== undefined && { max_assigned_chat: changes.max_assigned_chat }),
      ...(changes.attributes !== undefined && { attributes: json(changes.attributes) }),
      ...(changes.tags !== undefined && { tags: json(changes.tags) }),
      ...(changes.settings !== undefined && { settings: json(changes.settings) }),
      ...(changes.presence !== undefined && { presence: json({ ...changes.presence, changedAt: new Date() }) }),
      ...(changes.role !== undefined && { role: changes.role, role_type: roleTypeOf(changes.role as Role) }),
      ...(changes.status !== undefined && { status: changes.status }),
    };
  }

  /** Only an owner may change or remove an owner (`actor` undefined: a caller outside the team, e.g. a bot). */
  function guardOwner(actor: ProjectUserRow | undefined, target: ProjectUserRow, changes: MemberChanges = {}): void {
    if (!can.changeMember(actor, target, changes.role)) throw errors.roleRequired();
  }

  /**
   * Applies `changes`; `guard`, when given, sees the membership locked inside the same transaction,
   * so a concurrent role change cannot slip between the check and the write.
   */
  async function update(
    project: ProjectRow,
    id: string,
    changes: MemberChanges,
    guard?: (target: ProjectUserRow) => void,
  ): Promise<ProjectUserView> {
    return transaction(async ({ emit }) => {
      if (guard) guard(await mustFind(project.id, id, { forUpdate: true }));
      const row = await repo.updateProjectUser(project.id, id, columnsFor(changes));
      if (!row) throw errors.notFound('projectUser', id);
      const view = await viewOf(project.id, row);
      emit('project_user.update', project.id, projectUserToWire(project, view), { changes: { ...changes } });
      return view;
    });
  }

  /** A team membership for a registered user (owner on project creation, invitations). */
  function addTeamMember(input: {
    projectId: string;
    userId: string;
    role: Role;
    userAvailable?: boolean;
    createdBy: string;
  }): Promise<ProjectUserRow> {
    return repo.insertProjectUser({
      id: newObjectId(),
      project_id: input.projectId,
      user_id: input.userId,
      role: input.role,
      role_type: ROLE_TYPE_AGENTS,
      user_available: input.userAvailable ?? true,
      created_by: input.createdBy,
    });
  }

  return {
    ...createInvitations(platform, {
      repo,
      users: deps.users,
      notifier: deps.invitations,
      viewOf,
      addTeamMember,
    }),

    toViews: (projectId: string, rows: ProjectUserRow[]) => toViews(projectId, rows),

    addTeamMember,

    /**
     * A membership for an anonymous or external end user, known by uuid. `mintedByProjectKey`:
     * the identity comes from a custom token signed with the project's key (not the server).
     */
    addEndUser(input: {
      projectId: string;
      uuid: string;
      role?: 'guest' | 'user';
      attributes?: Record<string, unknown>;
      mintedByProjectKey?: boolean;
    }): Promise<ProjectUserRow> {
      return repo.insertProjectUser({
        id: newObjectId(),
        project_id: input.projectId,
        uuid_user: input.uuid,
        minted_by_project_key: input.mintedByProjectKey ?? false,
        role: input.role ?? 'guest',
        role_type: ROLE_TYPE_USERS,
        user_available: true,
        created_by: input.uuid,
        attributes: input.attributes ? json(input.attributes) : null,
      });
    },

    /** Memberships by id with their users and counts (requesters and followers of requests). */
    async findViewsByIds(projectId: string, ids: string[]): Promise<ProjectUserView[]> {
      return repo.findProjectUserViewsByIds(projectId, [...new Set(ids)]);
    },

    /** Team memberships (not trashed) of these users, with their open-request counts. */
    async findTeamViewsByUsers(projectId: string, userIds: string[]): Promise<ProjectUserView[]> {
      const rows = await repo.listProjectUsers(projectId, {
        roleType: ROLE_TYPE_AGENTS,
        userIds: [...new Set(userIds)],
      });
      return toViews(projectId, rows);
    },

    findMembership(projectId: string, member: { userId?: string; uuid?: string }) {
      return repo.findProjectUserByMember(projectId, member);
    },

    /** The team (roleType 1), as `GET /project_users` lists it. */
    async listTeam(
      project: ProjectRow,
      filter: { includeTrashed?: boolean; roles?: string[]; presence?: string; status?: string } = {},
    ): Promise<ProjectUserView[]> {
      const rows = await repo.listProjectUsers(project.id, {
        roleType: ROLE_TYPE_AGENTS,
        includeTrashed: filter.includeTrashed,
        role: filter.roles,
        presence: filter.presence,
        status: filter.status,
      });
      return toViews(project.id, rows);
    },

    /** Active, non-trashed team members with their open-request counts (routing candidates). */
    async listActiveAgents(project: ProjectRow): Promise<ProjectUserView[]> {
      const rows = await repo.listProjectUsers(project.id, { activeTeam: true });
      return toViews(project.id, rows);
    },

    async getById(project: ProjectRow, id: string): Promise<ProjectUserView> {
      return viewOf(project.id, await mustFind(project.id, id));
    },

    /** By registered user id, or by uuid for end users (GET /project_users/users/:user_id). */
    async getByUser(project: ProjectRow, userIdOrUuid: string): Promise<ProjectUserView> {
      const row =
        (await repo.findProjectUserByMember(project.id, { userId: userIdOrUuid })) ??
        (await repo.findProjectUserByMember(project.id, { uuid: userIdOrUuid }));
      if (!row) throw errors.notFound('projectUser', userIdOrUuid);
      return viewOf(project.id, row);
    },

    async getOwn(project: ProjectRow, membership: ProjectUserRow): Promise<ProjectUserView> {
      return viewOf(project.id, membership);
    },

    /** PUT /project_users: a member changes their own availability, limits, attributes. */
    updateSelf(project: ProjectRow, membership: ProjectUserRow, changes: Omit<MemberChanges, 'role' | 'status'>) {
      // The body schema allows extra keys: a `role` or `status` sent here must not reach the update.
      const { role: _role, status: _status, ...own } = changes as MemberChanges;
      return update(project, membership.id, own);
    },

    /** PUT /project_users/:id by an admin; only an owner may change an owner or grant the owner role. */
    async updateMember(project: ProjectRow, actor: ProjectUserRow | undefined, id: string, changes: MemberChanges) {
      if (changes.role !== undefined && !isRole(changes.role)) throw errors.invalid(`Unknown role: ${changes.role}`);
      return update(project, id, changes, (target) => guardOwner(actor, target, changes));
    },

    /**
     * GET /project_users/users/search?email=: the user id of a registered user with a membership
     * in the project; "not found" whether the email is unknown or belongs to someone outside it.
     */
    async findTeammateByEmail(project: ProjectRow, email: string): Promise<string> {
      const user = await deps.users.findUserByEmail(email);
      const membership = user && (await repo.findProjectUserByMember(project.id, { userId: user.id }));
      if (!user || !membership) throw errors.notFound('user', email);
      return user.id;
    },

    /** DELETE /project_users/:id: soft (trashed, disabled) or hard; either way out of its groups. */
    async remove(project: ProjectRow, actor: ProjectUserRow | undefined, id: string, soft: boolean) {
      return transaction(async ({ emit }) => {
        guardOwner(actor, await mustFind(project.id, id, { forUpdate: true }));
        const row = soft
          ? await repo.updateProjectUser(project.id, id, { trashed: true, status: 'disabled' })
          : await repo.deleteProjectUser(project.id, id);
        if (!row) throw errors.notFound('projectUser', id);
        if (row.user_id) await deps.groups.removeMemberEverywhere(project.id, row.user_id);
        const view = await viewOf(project.id, row);
        emit('project_user.delete', project.id, projectUserToWire(project, view));
        return view;
      });
    },

    async restore(project: ProjectRow, id: string) {
      return transaction(async ({ emit }) => {
        const row = await repo.updateProjectUser(project.id, id, { trashed: false, status: 'active' });
        if (!row) throw errors.notFound('projectUser', id);
        const view = await viewOf(project.id, row);
        const changes = { trashed: false, status: 'active' };
        emit('project_user.update', project.id, projectUserToWire(project, view), { changes });
        return view;
      });
    },
  };
}
