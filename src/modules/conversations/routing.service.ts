/**
 * Who serves a request (Tiledesk's departmentService.getOperators + its round robin):
 *
 * - a department with a bot (and no `nobot`): the bot, alone (unless the bot is gone);
 * - `pooled`: nobody (the request waits, visible to the department's agents);
 * - `assigned`: one available agent (`projects.availableAgents` applies availability, the
 *   department's group, opening hours and chat limits), taken round robin after the agent
 *   routing assigned last, skipping agents who abandoned this request.
 *
 * Callers hold the project's routing lock (`projects.nextTicketId` or `lockForRouting`), so two
 * decisions of one project never see the same agent loads.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import type { DepartmentRow, ProjectRow } from '../../platform/db/tables.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { DepartmentsService } from '../departments/departments.service.js';
import type { GroupsService } from '../groups/groups.service.js';
import type { BotsService } from '../bots/bots.service.js';
import { createRequestsRepo } from './requests.repo.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

export interface RoutingDeps {
  projects: ProjectsService;
  projectUsers: ProjectUsersService;
  departments: DepartmentsService;
  groups: GroupsService;
  bots: BotsService;
}

export interface RoutingDecision {
  department: DepartmentRow;
  /** User ids, or `bot_<id>` for a bot. */
  participants: string[];
  /** User ids of every agent the department could route to (snapshot.agents: who may see it). */
  candidates: string[];
  availableAgentsCount: number;
  /** Agents were available but every one of them had abandoned this request. */
  fullyAbandoned: boolean;
}

export function createRoutingService(connection: Connection, deps: RoutingDeps) {
  const repo = createRequestsRepo(connection);
  /** The department by id, or the project's default; an unknown id is invalid input (422). */
  async function resolveDepartment(projectId: string, departmentId?: string): Promise<DepartmentRow> {
    if (!departmentId) return deps.departments.get(projectId, 'default');
    const [department] = await deps.departments.findByIds(projectId, [departmentId]);
    if (!department) throw errors.invalid(`Department not found in this project: ${departmentId}`);
    return department;
  }

  return {
    resolveDepartment,

    async route(
      project: ProjectRow,
      department: DepartmentRow,
      options: { nobot?: boolean; abandonedBy?: string[] } = {},
    ): Promise<RoutingDecision> {
      const team = await deps.projectUsers.listActiveAgents(project);
      const groupMembers = department.id_group
        ? new Set((await deps.groups.membersOf(project.id, department.id_group)) ?? [])
        : undefined;
      const candidates = team
        .map((agent) => agent.row.user_id)
        .filter((id): id is string => id !== null && (!groupMembers || groupMembers.has(id)));
      const available = await deps.projects.availableAgents(project, { departmentId: department.id });
      const decision = { department, candidates, availableAgentsCount: available.length, fullyAbandoned: false };

      // A department whose bot was deleted or trashed routes to humans rather than to nobody.
      const bot =
        department.id_bot && !options.nobot ? await deps.bots.findById(project.id, department.id_bot) : undefined;
      if (bot && !bot.trashed) return { ...decision, participants: [`bot_${bot.id}`] };
      if (department.routing === 'pooled') return { ...decision, participants: [] };

      const abandoned = new Set(options.abandonedBy ?? []);
      const eligible = available.filter((agent) => !abandoned.has(agent.row.id));
      if (eligible.length === 0) return { ...decision, participants: [], fullyAbandoned: available.length > 0 };

      // Round robin in the team's order (membership creation), continuing after the last one picked.
      const order = new Map(team.map((agent, index) => [agent.row.user_id, index]));
      const last = await repo.findLastRoutedAgent(project.id);
      const lastIndex = last !== undefined ? (order.get(last) ?? -1) : -1;
      const next = eligible.find((agent) => (order.get(agent.row.user_id) ?? -1) > lastIndex) ?? eligible[0];
      return { ...decision, participants: [next.row.user_id!] };
    },
  };
}
