/**
 * Who serves a request (Tiledesk's departmentService.getOperators + its round robin); the rules
 * themselves are in ./routing-decision.ts, this gathers their inputs:
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
import { errors } from '../../platform/errors.js';
import type { DepartmentRow, ProjectRow } from '../../platform/db/tables.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { DepartmentsService } from '../departments/departments.service.js';
import type { GroupsService } from '../groups/groups.service.js';
import type { BotsService } from '../bots/bots.service.js';
import { createRequestsRepo } from './requests.repo.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { decideRouting } from './routing-decision.js';

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

  /** What the decision reads, and the decision. */
  async function decide(
    project: ProjectRow,
    department: DepartmentRow,
    options: { nobot?: boolean; abandonedBy?: string[] },
  ) {
    const team = await deps.projectUsers.listActiveAgents(project);
    const groupMembers = department.id_group
      ? new Set((await deps.groups.membersOf(project.id, department.id_group)) ?? [])
      : undefined;
    const available = await deps.projects.availableAgents(project, { departmentId: department.id });
    const bot =
      department.id_bot && !options.nobot ? await deps.bots.findById(project.id, department.id_bot) : undefined;
    const lastAssigned = await repo.findLastRoutedAgent(project.id);
    const choice = decideRouting({
      department,
      bot,
      team,
      groupMembers,
      available,
      abandonedBy: options.abandonedBy,
      lastAssigned,
    });
    return { team, available, choice };
  }

  return {
    resolveDepartment,

    async route(
      project: ProjectRow,
      department: DepartmentRow,
      options: { nobot?: boolean; abandonedBy?: string[] } = {},
    ): Promise<RoutingDecision> {
      const { available, choice } = await decide(project, department, options);
      return { department, availableAgentsCount: available.length, ...choice };
    },

    /**
     * The decision a new request of this department (`default`: the project's) would get now,
     * with the team and the available agents it chose among: Tiledesk's getOperators, for
     * `GET /departments/:id/operators`. A dry run: nothing is locked, assigned or stored.
     */
    async preview(project: ProjectRow, departmentIdOrDefault: string, options: { nobot?: boolean } = {}) {
      const department = await deps.departments.get(project.id, departmentIdOrDefault);
      const { team, available, choice } = await decide(project, department, options);
      return { department, team, available, participants: choice.participants };
    },
  };
}
