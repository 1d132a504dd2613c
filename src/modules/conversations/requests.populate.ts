/**
 * Mongoose's `populate` for requests: the lead, department, requester (membership with its user),
 * participating agents (users) and bots of a page of requests, in one query per kind.
 */
import type { ProjectRow, RequestRow } from '../../platform/db/tables.js';
import type { UsersService } from '../users/users.service.js';
import type { LeadsService } from '../leads/leads.service.js';
import type { DepartmentsService } from '../departments/departments.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { BotsService } from '../bots/bots.service.js';
import { userToWire } from '../users/users.schema.js';
import { leadToWire } from '../leads/leads.schema.js';
import { departmentToWire } from '../departments/departments.schema.js';
import { projectUserToWire } from '../project-users/project-users.schema.js';
import { botToPublicWire } from '../bots/bots.schema.js';
import type { RequestPopulation } from './requests.schema.js';

export interface PopulateDeps {
  users: UsersService;
  leads: LeadsService;
  departments: DepartmentsService;
  projectUsers: ProjectUsersService;
  bots: BotsService;
}

const present = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];

export function createPopulator(deps: PopulateDeps) {
  return async function populate(project: ProjectRow, rows: RequestRow[]): Promise<RequestPopulation[]> {
    if (rows.length === 0) return [];
    const [leads, departments, requesters, users, bots] = await Promise.all([
      deps.leads.findByIds(project.id, present(rows.map((r) => r.lead_id))),
      deps.departments.findByIds(project.id, present(rows.map((r) => r.department_id))),
      deps.projectUsers.findViewsByIds(project.id, present(rows.map((r) => r.requester_id))),
      deps.users.findUsersByIds(present(rows.flatMap((r) => r.participants_agents))),
      deps.bots.findByIds(project.id, present(rows.flatMap((r) => r.participants_bots))),
    ]);
    const leadById = new Map(leads.map((l) => [l.id, leadToWire(l)]));
    const departmentById = new Map(departments.map((d) => [d.id, departmentToWire(d)]));
    const requesterById = new Map(requesters.map((v) => [v.row.id, projectUserToWire(project, v)]));
    const userById = new Map(users.map((u) => [u.id, userToWire(u)]));
    const botById = new Map(bots.map((b) => [b.id, botToPublicWire(b)]));
    return rows.map((row) => ({
      lead: row.lead_id ? leadById.get(row.lead_id) : undefined,
      department: row.department_id ? departmentById.get(row.department_id) : undefined,
      requester: row.requester_id ? requesterById.get(row.requester_id) : undefined,
      agents: row.participants_agents.map((id) => userById.get(id)).filter((u) => u !== undefined),
      bots: row.participants_bots.map((id) => botById.get(id)).filter((b) => b !== undefined),
    }));
  };
}
