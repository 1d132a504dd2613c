/**
 * The contacts' calls to the API (`/:project_id/leads`, and the requests of one lead): typed by the
 * server's own OpenAPI document, so a field the server does not have fails the type check.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

export type Lead = paths['/{project_id}/leads/{id}']['get']['responses'][200]['content']['application/json'];
export type Conversation =
  paths['/{project_id}/requests']['get']['responses'][200]['content']['application/json']['requests'][number];

/** Contacts shown per page of the list. */
export const PAGE_SIZE = 20;

export interface LeadPage {
  leads: Lead[];
  count: number;
}

/** The orders the list offers: a sort key of the API and a direction. */
export const SORTS = {
  newest: { sort: 'createdAt', direction: 'desc' },
  oldest: { sort: 'createdAt', direction: 'asc' },
  name: { sort: 'fullname', direction: 'asc' },
  updated: { sort: 'updatedAt', direction: 'desc' },
} as const;
export type SortChoice = keyof typeof SORTS;

/** One page of the project's contacts in the chosen order, narrowed by a full-text search when given. */
export async function listLeads(projectId: string, search: string, order: SortChoice, page: number): Promise<LeadPage> {
  const query = { page, limit: PAGE_SIZE, ...SORTS[order], ...(search.trim() && { full_text: search }) };
  const { leads, count } = unwrap(
    await api.GET('/{project_id}/leads', { params: { path: { project_id: projectId }, query } }),
  );
  return { leads, count };
}

export async function getLead(projectId: string, id: string): Promise<Lead> {
  return unwrap(await api.GET('/{project_id}/leads/{id}', { params: { path: { project_id: projectId, id } } }));
}

/** The contact details a contact's form edits (a PUT replaces the attributes as a whole). */
export interface LeadChanges {
  fullname: string;
  email: string;
  phone: string;
  company: string;
  attributes: Record<string, unknown>;
}

export async function updateLead(projectId: string, id: string, changes: LeadChanges): Promise<Lead> {
  return unwrap(
    await api.PUT('/{project_id}/leads/{id}', { params: { path: { project_id: projectId, id } }, body: changes }),
  );
}

export async function addTag(projectId: string, id: string, tag: string): Promise<Lead> {
  return unwrap(
    await api.PUT('/{project_id}/leads/{id}/tag', { params: { path: { project_id: projectId, id } }, body: [tag] }),
  );
}

export async function removeTag(projectId: string, id: string, tag: string): Promise<Lead> {
  return unwrap(
    await api.DELETE('/{project_id}/leads/{id}/tag/{tag}', {
      params: { path: { project_id: projectId, id, tag } },
    }),
  );
}

/** Deletes the contact as Tiledesk does: it stays, marked deleted, out of the lists. */
export async function deleteLead(projectId: string, id: string): Promise<Lead> {
  return unwrap(await api.DELETE('/{project_id}/leads/{id}', { params: { path: { project_id: projectId, id } } }));
}

/** The contact's conversations, open and closed, newest first (those the caller may see). */
export async function conversationsOf(projectId: string, leadId: string): Promise<Conversation[]> {
  const query = { lead: leadId, status: 'all', no_populate: 'true' as const, limit: 50 };
  return unwrap(await api.GET('/{project_id}/requests', { params: { path: { project_id: projectId }, query } }))
    .requests;
}

/**
 * The server's CSV of the contacts matching `search`, in the list's order, as a file. Fetched through the API client
 * (a plain link would not carry the token) and handed to the browser as a download.
 */
export async function downloadLeadsCsv(projectId: string, search: string, order: SortChoice): Promise<void> {
  const query = { ...SORTS[order], ...(search.trim() && { full_text: search }) };
  const blob = unwrap(
    await api.GET('/{project_id}/leads/csv', {
      params: { path: { project_id: projectId }, query },
      parseAs: 'blob',
    }),
  ) as Blob;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'leads.csv';
  link.click();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
