/** Groups of agents; a department restricted to a group routes only to its members. */
import { sql } from 'kysely';
import type { Platform } from '../../platform/context.js';
import type { Trx } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { GroupRow, ProjectRow } from '../../platform/db/tables.js';
import * as repo from './groups.repo.js';
import { groupToWire } from './groups.schema.js';

export type GroupsService = ReturnType<typeof createGroupsService>;

export function createGroupsService({ db, events }: Platform) {
  /** Members must be registered users who belong to the project's team (active, not removed). */
  async function checkMembers(trx: Trx, projectId: string, members: string[]): Promise<string[]> {
    const unique = [...new Set(members)];
    if (unique.length === 0) return unique;
    const found = await trx
      .selectFrom('project_users')
      .select('user_id')
      .where('project_id', '=', projectId)
      .where('role_type', '=', 1)
      .where('status', '=', 'active')
      .where('trashed', '=', false)
      // One array parameter, however many members the body lists.
      .where(sql<boolean>`user_id = ANY(${unique}::text[])`)
      .execute();
    const known = new Set(found.map((row) => row.user_id));
    const strangers = unique.filter((id) => !known.has(id));
    if (strangers.length > 0) throw errors.invalid(`Not a member of the project: ${strangers.join(', ')}`);
    return unique;
  }

  async function mustFind(projectId: string, id: string): Promise<GroupRow> {
    const group = await repo.findGroupById(db, projectId, id);
    if (!group) throw errors.objectNotFound();
    return group;
  }

  return {
    list: (project: ProjectRow) => repo.listGroups(db, project.id),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    create(project: ProjectRow, createdBy: string, input: { name: string; members?: string[]; enabled?: boolean }) {
      return events.transaction(async (trx, emit) => {
        const group = await repo.insertGroup(trx, {
          id: newObjectId(),
          project_id: project.id,
          name: input.name,
          members: await checkMembers(trx, project.id, input.members ?? []),
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
      return events.transaction(async (trx, emit) => {
        const group = await repo.updateGroup(trx, project.id, id, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.enabled !== undefined && { enabled: input.enabled }),
          ...(input.trashed !== undefined && { trashed: input.trashed }),
          ...(input.members !== undefined && { members: await checkMembers(trx, project.id, input.members) }),
        });
        if (!group) throw errors.objectNotFound();
        emit('group.update', project.id, groupToWire(group));
        return group;
      });
    },

    remove(project: ProjectRow, id: string) {
      return events.transaction(async (trx, emit) => {
        const group = await repo.deleteGroup(trx, project.id, id);
        if (!group) throw errors.objectNotFound();
        emit('group.delete', project.id, groupToWire(group));
        return group;
      });
    },

    async removeMemberEverywhere(trx: Trx, projectId: string, userId: string): Promise<void> {
      await repo.removeMemberEverywhere(trx, projectId, userId);
    },

    /** The user ids of a group, for routing (undefined when the group does not exist). */
    async membersOf(
      projectId: string,
      groupId: string,
      conn: Platform['db'] | Trx = db,
    ): Promise<string[] | undefined> {
      return (await repo.findGroupById(conn, projectId, groupId))?.members;
    },
  };
}
