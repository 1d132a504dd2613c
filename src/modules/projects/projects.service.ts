/**
 * Projects (tenants). Creating one also creates, in the same transaction, the owner's membership
 * and the default department (routing `assigned`), so a new project can take requests at once.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { BannedUser, ProjectRow, ProjectUserRow } from '../../platform/db/tables.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import { chatLimitOf, type ProjectUserView } from '../project-users/project-users.schema.js';
import type { DepartmentsService } from '../departments/departments.service.js';
import type { GroupsService } from '../groups/groups.service.js';
import { createProjectsRepo } from './projects.repo.js';
import { defaultProfile, MAX_BANNED_USERS, projectToWire, type ProjectChanges } from './projects.schema.js';
import { isProjectOpen, parseWeeklyHours } from './operating-hours.js';
import { settingsKeepingSecrets } from './project-secrets.js';

/** Path segments that could reach Object.prototype, or that no client means. */
const UNSAFE_PATH_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype', '']);

/** A copy of `target` with `value` at `path`, creating (or replacing non-object) levels on the way. */
function withPath(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return target; // an empty path names no field (`settings.` is refused before)
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  const level = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
  return { ...target, [head]: withPath(level as Record<string, unknown>, rest, value) };
}

/**
 * A `bannedUsers` entry as Tiledesk's schema keeps it: `id` and `ip` (strings), and an `_id` that
 * names the entry for `DELETE /projects/:id/ban/:ban_id`, given one when it has none.
 */
function banEntry(entry: Record<string, unknown>): BannedUser {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { _id: text(entry._id) || newObjectId(), id: text(entry.id), ip: text(entry.ip) };
}

export interface ProjectsDeps {
  projectUsers: ProjectUsersService;
  departments: DepartmentsService;
  groups: GroupsService;
}

export type ProjectsService = ReturnType<typeof createProjectsService>;

/** The time zone of the project's office hours; UTC when it has none (dates in emails, reports). */
export function projectTimeZone(project: Pick<ProjectRow, 'operating_hours'>): string {
  const hours = project.operating_hours ? parseWeeklyHours(project.operating_hours, 6) : undefined;
  return hours && 'tzname' in hours ? hours.tzname : 'UTC';
}

export function createProjectsService({ connection, transaction, config }: Platform, deps: ProjectsDeps) {
  const repo = createProjectsRepo(connection);
  function validateHours(changes: ProjectChanges): void {
    const problems: string[] = [];
    if (typeof changes.operatingHours === 'string' && changes.operatingHours !== '') {
      const parsed = parseWeeklyHours(changes.operatingHours, 6);
      if ('problems' in parsed) problems.push(...parsed.problems.map((p) => `operatingHours: ${p}`));
    }
    for (const [id, slot] of Object.entries(changes.timeSlots ?? {})) {
      // isProjectOpen reads `hours` as a JSON string: anything else would silently mean "closed".
      if (typeof slot !== 'object' || slot === null || Array.isArray(slot)) {
        problems.push(`timeSlots.${id}: must be an object`);
        continue;
      }
      const hours = (slot as { hours?: unknown }).hours;
      if (hours === undefined || hours === null || hours === '') continue;
      const parsed =
        typeof hours === 'string' ? parseWeeklyHours(hours, 7) : { problems: ['hours must be a JSON string'] };
      if ('problems' in parsed) problems.push(...parsed.problems.map((p) => `timeSlots.${id}: ${p}`));
    }
    if (problems.length > 0) throw errors.invalid(problems.join('; '));
  }

  /**
   * Whitelisted fields, plus Tiledesk's `settings.<path>` dotted keys, which are MongoDB update
   * paths: `settings.email.from` sets `settings.email.from`, keeping the rest of `settings.email`.
   */
  function columnsFor(project: ProjectRow, changes: ProjectChanges) {
    const dotted = Object.entries(changes)
      .filter(([key]) => key.startsWith('settings.'))
      .map(([key, value]) => ({ path: key.split('.').slice(1), value }))
      .filter(({ path }) => path.every((segment) => !UNSAFE_PATH_SEGMENTS.has(segment)));
    const settings =
      changes.settings !== undefined || dotted.length > 0
        ? dotted.reduce(
            (merged, { path, value }) => withPath(merged, path, value),
            (changes.settings ?? project.settings ?? {}) as Record<string, unknown>,
          )
        : undefined;
    return {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.activeOperatingHours !== undefined && { active_operating_hours: changes.activeOperatingHours }),
      ...(changes.operatingHours !== undefined && { operating_hours: changes.operatingHours }),
      ...(changes.timeSlots !== undefined && { time_slots: jsonOrNull(changes.timeSlots) }),
      ...(settings !== undefined && { settings: json(settingsKeepingSecrets(project.settings, settings)) }),
      ...(changes.widget !== undefined && { widget: jsonOrNull(changes.widget) }),
      ...(changes.versions !== undefined && { versions: changes.versions }),
      ...(changes.channels !== undefined && { channels: json(changes.channels) }),
      ...(changes.ipFilterEnabled !== undefined && { ip_filter_enabled: changes.ipFilterEnabled }),
      ...(changes.ipFilter !== undefined && { ip_filter: json(changes.ipFilter) }),
      ...(changes.ipFilterDenyEnabled !== undefined && { ip_filter_deny_enabled: changes.ipFilterDenyEnabled }),
      ...(changes.ipFilterDeny !== undefined && { ip_filter_deny: json(changes.ipFilterDeny) }),
      ...(changes.bannedUsers !== undefined && { banned_users: json(changes.bannedUsers.map(banEntry)) }),
      ...(changes.attributes !== undefined && { attributes: jsonOrNull(changes.attributes) }),
    };
  }

  return {
    async createProject(userId: string, name: string): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const now = new Date();
        const project = await repo.insertProject({
          id: newObjectId(),
          name,
          profile: json(defaultProfile(now)),
          versions: 20115,
          created_by: userId,
        });
        await deps.projectUsers.addTeamMember({ projectId: project.id, userId, role: 'owner', createdBy: userId });
        await deps.departments.createDefault(project.id, userId);
        emit('project.create', project.id, projectToWire(project));
        return project;
      });
    },

    /** GET /projects: the caller's team memberships, newest-updated project first. */
    async listForUser(userId: string): Promise<Array<{ membership: ProjectUserView; project: ProjectRow }>> {
      const memberships = await repo.listTeamMembershipsOfUser(userId);
      const projects = await repo.findProjectsByIds(memberships.map((m) => m.project_id));
      const byId = new Map(projects.map((p) => [p.id, p]));
      const result: Array<{ membership: ProjectUserView; project: ProjectRow }> = [];
      for (const membership of memberships) {
        const project = byId.get(membership.project_id);
        if (!project) continue;
        const [view] = await deps.projectUsers.toViews(project.id, [membership]);
        result.push({ membership: view!, project }); // toViews gives one view per row
      }
      return result.sort((a, b) => b.project.updated_at.getTime() - a.project.updated_at.getTime());
    },

    findLive: (id: string) => repo.findProjectById(id),

    async update(project: ProjectRow, changes: ProjectChanges): Promise<ProjectRow> {
      if (changes.profile !== undefined) throw errors.profileChangeForbidden();
      validateHours(changes);
      return transaction(async ({ emit }) => {
        const updated = await repo.updateProject(project.id, columnsFor(project, changes));
        if (!updated) throw errors.notFound('project', project.id);
        emit('project.update', project.id, projectToWire(updated));
        return updated;
      });
    },

    /** PATCH /projects/:id/attributes: the body's keys merged into the attributes (bounded in size). */
    mergeAttributes(project: ProjectRow, data: Record<string, unknown>): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const updated = await repo.mergeAttributes(project.id, json(data), config.attributesMaxBytes);
        if (!updated) {
          if (!(await repo.findProjectById(project.id))) throw errors.notFound('project', project.id);
          throw errors.invalid(`The project's attributes would exceed ${config.attributesMaxBytes} bytes as JSON.`);
        }
        emit('project.update', project.id, projectToWire(updated));
        return updated;
      });
    },

    /**
     * POST /projects/:id/ban: adds `{_id, id, ip}` to `bannedUsers`; from then on a token naming
     * `id` is refused on the project's routes (platform/http/project-scope.ts). A user already
     * banned stays banned once; the list holds at most MAX_BANNED_USERS entries.
     */
    ban(project: ProjectRow, input: { id: string; ip?: string }): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const entry = banEntry({ id: input.id, ip: input.ip });
        const updated = await repo.appendBan(project.id, input.id, json(entry), MAX_BANNED_USERS);
        if (updated) {
          emit('project.update', project.id, projectToWire(updated));
          return updated;
        }
        const current = await repo.findProjectById(project.id);
        if (!current) throw errors.notFound('project', project.id);
        if (current.banned_users.some((ban) => ban?.id === input.id)) return current;
        throw errors.invalid(`A project bans at most ${MAX_BANNED_USERS} users: unban some first.`);
      });
    },

    /** DELETE /projects/:id/ban/:ban_id: removes that entry of `bannedUsers`. */
    unban(project: ProjectRow, banId: string): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const updated = await repo.removeBan(project.id, banId);
        if (!updated) throw errors.notFound('ban', banId);
        emit('project.update', project.id, projectToWire(updated));
        return updated;
      });
    },

    /** GET /projects/all: a page of every project of the server, newest first. */
    listAll: (page: { page: number; limit: number }) =>
      repo.listAllProjects({ offset: page.page * page.limit, limit: page.limit }),

    /** DELETE /projects/:id: the project stops answering (status 0); its data stays. */
    softDelete(project: ProjectRow): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const updated = await repo.updateProject(project.id, { status: 0 });
        if (!updated) throw errors.notFound('project', project.id);
        emit('project.delete', project.id, projectToWire(updated));
        return updated;
      });
    },

    /** DELETE /projects/:id/physical: the project and everything in it. */
    hardDelete(project: ProjectRow): Promise<ProjectRow> {
      return transaction(async ({ emit }) => {
        const deleted = await repo.deleteProject(project.id);
        if (!deleted) throw errors.notFound('project', project.id);
        emit('project.delete', project.id, projectToWire(deleted));
        return deleted;
      });
    },

    /** Replaces the project's secret for custom (external user) tokens. */
    async rotateJwtSecret(project: ProjectRow, secret: string): Promise<void> {
      await repo.updateProject(project.id, { jwt_secret: secret });
    },

    nextTicketId: (projectId: string) => repo.nextTicketId(projectId),

    /**
     * Serializes routing decisions of a project: the same row lock as nextTicketId, for
     * re-routing an existing request (which takes no ticket number).
     */
    lockForRouting: (projectId: string) => repo.lockProject(projectId),

    isOpen: (project: ProjectRow, timeSlotId?: string, now = new Date()) => isProjectOpen(project, now, timeSlotId),

    /**
     * Agents who can take a request now: active team members with `user_available`, members of
     * the department's group when it has one, none while the project is closed (unless `raw`),
     * and none at their chat limit. Ordered by membership creation, the round-robin order.
     */
    async availableAgents(
      project: ProjectRow,
      options: { departmentId?: string; raw?: boolean } = {},
    ): Promise<ProjectUserView[]> {
      if (!options.raw && !isProjectOpen(project, new Date())) return [];
      let groupMembers: Set<string> | undefined;
      if (options.departmentId) {
        const department = await deps.departments.get(project.id, options.departmentId);
        if (department.id_group) {
          groupMembers = new Set((await deps.groups.membersOf(project.id, department.id_group)) ?? []);
        }
      }
      const agents = await deps.projectUsers.listActiveAgents(project);
      return agents.filter(({ row, assignedCount }: { row: ProjectUserRow; assignedCount: number }) => {
        if (!row.user_available || !row.user_id) return false;
        if (groupMembers && !groupMembers.has(row.user_id)) return false;
        const limit = chatLimitOf(project, row);
        return limit === undefined || assignedCount < limit;
      });
    },
  };
}
