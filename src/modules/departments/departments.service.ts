/**
 * Departments decide how a new request is routed: `assigned` (one available agent, round robin),
 * `pooled` (nobody assigned, visible to all agents), a bot first when `id_bot` is set, and only
 * members of `id_group` when a group is set. Every project has exactly one default department.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { DepartmentRow, ProjectRow } from '../../platform/db/tables.js';
import type { GroupsService } from '../groups/groups.service.js';
import { createDepartmentsRepo } from './departments.repo.js';
import { departmentToWire, type DepartmentInput } from './departments.schema.js';

export interface DepartmentsDeps {
  groups: GroupsService;
  /** Whether a bot exists in the project (the bots area answers). */
  botExists(projectId: string, botId: string): Promise<boolean>;
}

export type DepartmentsService = ReturnType<typeof createDepartmentsService>;

export function createDepartmentsService({ connection, transaction }: Platform, deps: DepartmentsDeps) {
  const repo = createDepartmentsRepo(connection);
  /** References to bots and groups must point inside the same project. */
  async function checkReferences(projectId: string, input: DepartmentInput): Promise<void> {
    if (input.id_bot && !(await deps.botExists(projectId, input.id_bot))) {
      throw errors.invalid(`Bot not found in this project: ${input.id_bot}`);
    }
    if (input.id_group && !(await deps.groups.membersOf(projectId, input.id_group))) {
      throw errors.invalid(`Group not found in this project: ${input.id_group}`);
    }
  }

  function columnsFor(input: DepartmentInput) {
    return {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.routing !== undefined && { routing: input.routing }),
      ...(input.id_bot !== undefined && { id_bot: input.id_bot || null }),
      ...(input.bot_only !== undefined && { bot_only: input.bot_only }),
      ...(input.id_group !== undefined && { id_group: input.id_group || null }),
      ...(input.groups !== undefined && { groups: json(input.groups) }),
      ...(input.online_msg !== undefined && { online_msg: input.online_msg }),
      ...(input.offline_msg !== undefined && { offline_msg: input.offline_msg }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.tags !== undefined && { tags: json(input.tags) }),
      ...(input.attributes !== undefined && { attributes: jsonOrNull(input.attributes) }),
    };
  }

  async function get(projectId: string, idOrDefault: string): Promise<DepartmentRow> {
    const department =
      idOrDefault === 'default'
        ? await repo.findDefaultDepartment(projectId)
        : await repo.findDepartmentById(projectId, idOrDefault);
    if (!department) throw errors.notFound('department', idOrDefault);
    return department;
  }

  return {
    /** The "Default Department" every new project gets, routing `assigned`. */
    createDefault(projectId: string, createdBy: string): Promise<DepartmentRow> {
      return repo.insertDepartment({
        id: newObjectId(),
        project_id: projectId,
        name: 'Default Department',
        routing: 'assigned',
        is_default: true,
        created_by: createdBy,
      });
    },

    /**
     * Public list (status 1 only) or, for agents, every department but those hidden from the
     * dashboard too (status -1), as Tiledesk's /allstatus does.
     */
    list(project: ProjectRow, options: { allStatuses?: boolean; sortByName?: boolean } = {}) {
      return repo.listDepartments(project.id, {
        ...(options.allStatuses ? { minStatus: 0 } : { status: 1 }),
        sortByName: options.sortByName,
      });
    },

    /** By id, or the project's default for the alias "default". */
    get: (projectId: string, idOrDefault: string) => get(projectId, idOrDefault),

    findByIds: (projectId: string, ids: string[]) => repo.findDepartmentsByIds(projectId, ids),

    async create(project: ProjectRow, createdBy: string, input: DepartmentInput & { name: string }) {
      await checkReferences(project.id, input);
      return transaction(async ({ emit }) => {
        const department = await repo.insertDepartment({
          id: newObjectId(),
          project_id: project.id,
          created_by: createdBy,
          ...columnsFor(input),
          name: input.name,
        });
        emit('department.create', project.id, departmentToWire(department));
        return department;
      });
    },

    async update(project: ProjectRow, idOrDefault: string, input: DepartmentInput) {
      const existing = await get(project.id, idOrDefault);
      await checkReferences(project.id, input);
      return transaction(async ({ emit }) => {
        const department = await repo.updateDepartment(project.id, existing.id, columnsFor(input));
        if (!department) throw errors.notFound('department', existing.id);
        emit('department.update', project.id, departmentToWire(department));
        return department;
      });
    },

    async remove(project: ProjectRow, idOrDefault: string) {
      const existing = await get(project.id, idOrDefault);
      if (existing.is_default) throw errors.forbidden('The default department cannot be deleted.');
      return transaction(async ({ emit }) => {
        const department = await repo.deleteDepartment(project.id, existing.id);
        if (!department) throw errors.notFound('department', existing.id);
        emit('department.delete', project.id, departmentToWire(department));
        return department;
      });
    },
  };
}
