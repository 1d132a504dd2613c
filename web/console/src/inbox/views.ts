/**
 * The inbox's views and filters, as the list API's query (GET /:project_id/requests) and as a
 * test on one request, so a live frame can be placed (or removed) before the list is re-read.
 */
import type { paths } from '../../../shared/api-schema';
import { REQUEST_STATUS, departmentIdOf, isMine, isOpen, type InboxRequest } from './request';

export const VIEWS = ['mine', 'unassigned', 'open', 'bot', 'closed'] as const;
export type ViewId = (typeof VIEWS)[number];

export interface InboxFilters {
  /** Full text: the conversation's fields and (open ones) its messages. */
  text: string;
  departmentId: string;
  tag: string;
  channel: string;
  /** Days as `<input type="date">` writes them (YYYY-MM-DD), the browser's time zone. */
  from: string;
  to: string;
}

export const NO_FILTERS: InboxFilters = { text: '', departmentId: '', tag: '', channel: '', from: '', to: '' };

export const hasFilters = (filters: InboxFilters) => Object.values(filters).some((value) => value !== '');

export type ListQuery = NonNullable<paths['/{project_id}/requests']['get']['parameters']['query']>;

function viewQuery(view: ViewId, userId: string): ListQuery {
  switch (view) {
    case 'mine':
      return { participant: userId, sort: 'updatedAt' };
    case 'unassigned':
      return { status: String(REQUEST_STATUS.UNASSIGNED), sort: 'updatedAt' };
    case 'open':
      return { sort: 'updatedAt' };
    case 'bot':
      return { hasbot: 'true', sort: 'updatedAt' };
    case 'closed':
      return { status: String(REQUEST_STATUS.CLOSED), sort: 'closed_at' };
  }
}

/** The server reads dates as `YYYY/MM/DD` in the time zone it is given. */
const serverDay = (day: string) => day.replaceAll('-', '/');

function filterQuery(filters: InboxFilters): ListQuery {
  const query: ListQuery = {};
  if (filters.text.trim()) query.full_text = filters.text.trim();
  if (filters.departmentId) query.dept_id = filters.departmentId;
  if (filters.tag) query.tags = filters.tag;
  if (filters.channel) query.channel = filters.channel;
  if (filters.from) query.start_date = serverDay(filters.from);
  if (filters.to) query.end_date = serverDay(filters.to);
  if (filters.from || filters.to) query.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return query;
}

export function listQuery(view: ViewId, userId: string, filters: InboxFilters): ListQuery {
  return { ...viewQuery(view, userId), ...filterQuery(filters), direction: 'desc', draft: 'false' };
}

function inViewAlone(view: ViewId, request: InboxRequest, userId: string): boolean {
  switch (view) {
    case 'mine':
      return isMine(request, userId);
    case 'unassigned':
      return request.status === REQUEST_STATUS.UNASSIGNED;
    case 'open':
      return isOpen(request);
    case 'bot':
      return isOpen(request) && request.hasBot;
    case 'closed':
      return request.status >= REQUEST_STATUS.CLOSED;
  }
}

/**
 * Whether a request belongs in the view with these filters, or `undefined` when only the server
 * can tell (full text, dates): the list is re-read shortly after every frame anyway.
 */
export function belongs(
  view: ViewId,
  request: InboxRequest,
  userId: string,
  filters: InboxFilters,
): boolean | undefined {
  if (!inViewAlone(view, request, userId) || request.preflight || request.draft) return false;
  if (filters.departmentId && departmentIdOf(request) !== filters.departmentId) return false;
  if (filters.tag && !(request.tags ?? []).some((tag) => tag.tag === filters.tag)) return false;
  if (filters.channel && (request.channel as { name?: string }).name !== filters.channel) return false;
  if (filters.text.trim() || filters.from || filters.to) return undefined;
  return true;
}
