/**
 * How requests reach the team: departments (`/{project_id}/departments`: routing `assigned` to
 * one agent or `pooled` for every available one, an optional bot that answers first, an optional
 * group that narrows the agents) and groups (`/{project_id}/groups`: named sets of members'
 * user ids). Bots are listed for the department's choice.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Department = Json<paths['/{project_id}/departments/allstatus']['get']['responses'][200]>[number];
export type DepartmentInput = Json<paths['/{project_id}/departments']['post']['requestBody']>;
export type Group = Json<paths['/{project_id}/groups']['get']['responses'][200]>[number];
export type GroupInput = Json<paths['/{project_id}/groups']['post']['requestBody']>;

export const ROUTING_MODES = ['assigned', 'pooled'] as const;
export type Routing = (typeof ROUTING_MODES)[number];

export interface Bot {
  id: string;
  name: string;
}

const pathOf = (projectId: string) => ({ path: { project_id: projectId } });

export async function listDepartments(projectId: string): Promise<Department[]> {
  return unwrap(await api.GET('/{project_id}/departments/allstatus', { params: pathOf(projectId) }));
}

export async function saveDepartment(projectId: string, id: string | undefined, input: DepartmentInput) {
  if (!id) return unwrap(await api.POST('/{project_id}/departments', { params: pathOf(projectId), body: input }));
  const path = { project_id: projectId, department_id: id };
  return unwrap(await api.PUT('/{project_id}/departments/{department_id}', { params: { path }, body: input }));
}

export async function deleteDepartment(projectId: string, id: string): Promise<void> {
  const path = { project_id: projectId, department_id: id };
  unwrap(await api.DELETE('/{project_id}/departments/{department_id}', { params: { path } }));
}

export async function listGroups(projectId: string): Promise<Group[]> {
  const groups = unwrap(await api.GET('/{project_id}/groups', { params: pathOf(projectId) }));
  return groups.filter((group) => !group.trashed);
}

export async function saveGroup(projectId: string, id: string | undefined, input: GroupInput): Promise<Group> {
  if (!id) return unwrap(await api.POST('/{project_id}/groups', { params: pathOf(projectId), body: input }));
  const path = { project_id: projectId, group_id: id };
  return unwrap(await api.PUT('/{project_id}/groups/{group_id}', { params: { path }, body: input }));
}

export async function deleteGroup(projectId: string, id: string): Promise<void> {
  const path = { project_id: projectId, group_id: id };
  unwrap(await api.DELETE('/{project_id}/groups/{group_id}', { params: { path } }));
}

export async function listBots(projectId: string): Promise<Bot[]> {
  const bots = unwrap(await api.GET('/{project_id}/faq_kb', { params: pathOf(projectId) }));
  return bots.filter((bot) => !bot.trashed).map((bot) => ({ id: bot._id, name: bot.name }));
}
