/**
 * What the inbox reads from the API: a page of a view, the count of every view (the list API's
 * `count`, so each respects the caller's visibility and the filters, which GET /requests/count
 * does not), and the options of the filters (departments, tags, the team's names).
 */
import { api, unwrap } from '../api/client';
import type { InboxRequest } from './request';
import { listQuery, VIEWS, type InboxFilters, type ViewId } from './views';

export const PAGE_SIZE = 40;
/** The API's largest page. */
export const MAX_PAGE_SIZE = 100;

export interface Page {
  requests: InboxRequest[];
  total: number;
}

export async function loadPage(
  projectId: string,
  view: ViewId,
  userId: string,
  filters: InboxFilters,
  page: number,
  limit = PAGE_SIZE,
): Promise<Page> {
  const answer = unwrap(
    await api.GET('/{project_id}/requests', {
      params: { path: { project_id: projectId }, query: { ...listQuery(view, userId, filters), page, limit } },
    }),
  );
  return { requests: answer.requests, total: answer.count };
}

export type Counts = Record<ViewId, number>;

export async function loadCounts(projectId: string, userId: string, filters: InboxFilters): Promise<Counts> {
  const totals = await Promise.all(
    VIEWS.map(async (view) => {
      const query = { ...listQuery(view, userId, filters), limit: 1, no_populate: 'true' as const };
      const answer = unwrap(
        await api.GET('/{project_id}/requests', { params: { path: { project_id: projectId }, query } }),
      );
      return [view, answer.count] as const;
    }),
  );
  return Object.fromEntries(totals) as Counts;
}

export interface Option {
  id: string;
  name: string;
}

export interface InboxOptions {
  departments: Option[];
  tags: string[];
  /** User id -> name, for rows whose agents are not populated. */
  agentNames: Map<string, string>;
  departmentNames: Map<string, string>;
}

export async function loadOptions(projectId: string): Promise<InboxOptions> {
  const path = { project_id: projectId };
  const [departments, tags, members] = await Promise.all([
    api.GET('/{project_id}/departments/allstatus', { params: { path } }).then(unwrap),
    api.GET('/{project_id}/tags', { params: { path } }).then(unwrap),
    api.GET('/{project_id}/project_users', { params: { path } }).then(unwrap),
  ]);
  const agentNames = new Map<string, string>();
  for (const member of members) {
    const user = member.id_user;
    if (user && typeof user !== 'string')
      agentNames.set(user._id, [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email);
  }
  const options = departments.map((department) => ({ id: department._id, name: department.name }));
  return {
    departments: options.sort((a, b) => a.name.localeCompare(b.name)),
    tags: [...new Set(tags.map((tag) => tag.tag))].sort((a, b) => a.localeCompare(b)),
    agentNames,
    departmentNames: new Map(options.map((option) => [option.id, option.name])),
  };
}
