/** Groups of agents; a department restricted to a group routes only to its members. */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { GroupRow, ProjectRow } from '../../platform/db/tables.js';
import { createGroupsRepo } from './groups.repo.js';
import { groupToWire } from './groups.schema.js';

export type GroupsService = ReturnType<typeof createGroupsService>;

export function createGroupsService({ connection, transaction }: Platform) {
  const repo = createGroupsRepo(connection);
  /** Members must be registered users who belong to the project's team (active, not removed). */
  async function checkMembers(projectId: string, members: string[]): Promise<string[]> {
    const unique = [...new Set(members)];
    if (unique.length === 0) return unique;
    const known = new Set(await repo.findActiveTeamMemberIds(projectId, unique));
    const strangers = unique.filter((id) => !known.has(id));
    if (strangers.length > 0) throw errors.invalid(`Not a member of the project: ${strangers.join(', ')}`);
    return unique;
  }

  async function mustFind(projectId: string, id: string): Promise<GroupRow> {
    const group = await repo.findGroupById(projectId, id);
    if (!group) throw errors.notFound('group', id);
    return group;
  }

  return {
    list: (project: ProjectRow) => repo.listGroups(project.id),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    create(project: ProjectRow, createdBy: string, input: { name: string; members?: string[]; enabled?: boolean }) {
      return transaction(async ({ emit }) => {
        const group = await repo.insertGroup({
          id: newObjectId(),
          project_id: project.id,
          name: input.name,
          members: await checkMembers(project.id, input.members ?? []),
          enabled: input.enabled ?? true,
          created_by: createdBy,
        });
        emit('group.create', project.id, groupToWire(group));
        return group;
      });
    },

    update(
      project: ProjectRow,
      id: string,
      input: { name?: string; members?: string[]; enabled?: boolean; trashed?: boolean },
    ) {
      return transaction(async ({ emit }) => {
        const group = await repo.updateGroup(project.id, id, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.enabled !== undefined && { enabled: input.enabled }),
          ...(input.trashed !== undefined && { trashed: input.trashed }),
          ...(input.members !== undefined && { members: await checkMembers(project.id, input.members) }),
        });
        if (!group) throw errors.notFound('group', id);
        emit('group.update', project.id, groupToWire(group));
        return group;
      });
    },

    /**
     * PUT /groups/enable/:id and /disable/:id. As Tiledesk, a group a department routes to cannot
     * be disabled (403).
     */
    setEnabled(project: ProjectRow, id: string, enabled: boolean) {
      return transaction(async ({ emit }) => {
        await mustFind(project.id, id);
        if (!enabled && (await repo.isUsedByDepartment(project.id, id))) {
          throw errors.forbiddenError('Unable to disabled a group associated with a department');
        }
        const group = await repo.updateGroup(project.id, id, { enabled });
        if (!group) throw errors.notFound('group', id);
        emit('group.update', project.id, groupToWire(group));
        return group;
      });
    },

    remove(project: ProjectRow, id: string) {
      return transaction(async ({ emit }) => {
        const group = await repo.deleteGroup(project.id, id);
        if (!group) throw errors.notFound('group', id);
        emit('group.delete', project.id, groupToWire(group));
        return group;
      });
    },

    async removeMemberEverywhere(projectId: string, userId: string): Promise<void> {
      await repo.removeMemberEverywhere(projectId, userId);
    },

    /** The user ids of a group, for routing (undefined when the group does not exist). */
    async membersOf(projectId: string, groupId: string): Promise<string[] | undefined> {
      return (await repo.findGroupById(projectId, groupId))?.members;
    },
  };
}
