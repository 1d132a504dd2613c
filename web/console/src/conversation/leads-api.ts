/** The visitor's lead (contact): its details, tags and attributes, and the conversations it had. */
import { api, unwrap } from '../api/client';
import type { ConversationRequest, Lead } from './types';

const pathOf = (projectId: string, leadId: string) => ({ project_id: projectId, id: leadId });
const asLead = (value: unknown) => value as Lead;

export async function saveLead(projectId: string, leadId: string, fields: Pick<Lead, 'fullname' | 'email' | 'phone'>) {
  return asLead(
    unwrap(await api.PUT('/{project_id}/leads/{id}', { params: { path: pathOf(projectId, leadId) }, body: fields })),
  );
}

export async function addLeadTag(projectId: string, leadId: string, tag: string) {
  return asLead(
    unwrap(await api.PUT('/{project_id}/leads/{id}/tag', { params: { path: pathOf(projectId, leadId) }, body: [tag] })),
  );
}

export async function removeLeadTag(projectId: string, leadId: string, tag: string) {
  return asLead(
    unwrap(
      await api.DELETE('/{project_id}/leads/{id}/tag/{tag}', {
        params: { path: { ...pathOf(projectId, leadId), tag } },
      }),
    ),
  );
}

export async function setLeadAttribute(projectId: string, leadId: string, key: string, value: string) {
  return asLead(
    unwrap(
      await api.PATCH('/{project_id}/leads/{id}/attributes', {
        params: { path: pathOf(projectId, leadId) },
        body: { [key]: value },
      }),
    ),
  );
}

/** The lead's other conversations the agent may see, newest first. */
export async function previousConversations(projectId: string, leadId: string, except: string) {
  const page = unwrap(
    await api.GET('/{project_id}/requests', {
      params: {
        path: { project_id: projectId },
        query: { lead: leadId, status: 'all', sort: 'createdAt', direction: 'desc', limit: 20 },
      },
    }),
  );
  return (page.requests as unknown as ConversationRequest[]).filter((request) => request.request_id !== except);
}
