/** What the filters offer: the project's departments and its agents (with their names for the table). */
import { api, unwrap } from '../api/client';

export interface Option {
  id: string;
  name: string;
}

export interface Team {
  departments: Option[];
  agents: Option[];
}

export async function loadTeam(projectId: string): Promise<Team> {
  const path = { project_id: projectId };
  const [departments, members] = await Promise.all([
    api.GET('/{project_id}/departments/allstatus', { params: { path } }).then(unwrap),
    api.GET('/{project_id}/project_users', { params: { path } }).then(unwrap),
  ]);
  const agents = members.flatMap((member) => {
    const user = member.id_user;
    if (!user || typeof user === 'string') return [];
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;
    return [{ id: user._id, name }];
  });
  return {
    departments: departments.map((department) => ({ id: department._id, name: department.name })),
    agents: agents.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
