/**
 * Who can take a conversation: the project's agents (for transfer, followers and names in the
 * history), its departments and its bots (for handing back). Loaded once per view; a part that
 * fails to load (bots are for admins) leaves that list empty rather than the view broken.
 */
import { api, unwrap } from '../api/client';

export interface Option {
  id: string;
  name: string;
}

export interface Team {
  agents: Option[];
  departments: Option[];
  bots: Option[];
}

const byName = (a: Option, b: Option) => a.name.localeCompare(b.name);

async function agentsOf(projectId: string): Promise<Option[]> {
  const members = unwrap(await api.GET('/{project_id}/project_users', { params: { path: { project_id: projectId } } }));
  return members
    .flatMap((member) => {
      const user = member.id_user;
      if (!user || typeof user === 'string') return [];
      return [{ id: user._id, name: [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email }];
    })
    .sort(byName);
}

async function departmentsOf(projectId: string): Promise<Option[]> {
  const list = unwrap(
    await api.GET('/{project_id}/departments/allstatus', { params: { path: { project_id: projectId } } }),
  );
  return list.map((department) => ({ id: department._id, name: department.name })).sort(byName);
}

async function botsOf(projectId: string): Promise<Option[]> {
  const list = unwrap(await api.GET('/{project_id}/bots', { params: { path: { project_id: projectId } } }));
  return (list as Array<{ _id: string; name: string }>).map((bot) => ({ id: bot._id, name: bot.name })).sort(byName);
}

export async function loadTeam(projectId: string): Promise<Team> {
  const settled = await Promise.allSettled([agentsOf(projectId), departmentsOf(projectId), botsOf(projectId)]);
  const [agents, departments, bots] = settled.map((result) => (result.status === 'fulfilled' ? result.value : []));
  return { agents: agents ?? [], departments: departments ?? [], bots: bots ?? [] };
}

/** The name of a participant id (a user id, or `bot_<id>`), or the id itself when unknown. */
export function nameOf(team: Team | undefined, id: string): string {
  if (id.startsWith('bot_')) return team?.bots.find((bot) => bot.id === id.slice(4))?.name ?? id.slice(4);
  return team?.agents.find((agent) => agent.id === id)?.name ?? id;
}
