/**
 * The data templates receive (email-kinds.ts), made from rows and from the wire forms events
 * carry. The links here are the only URLs emails contain: all under PUBLIC_URL, and the secrets
 * of account links in the fragment (`#...`), which browsers never send to a server or a referrer.
 */
import type { ProjectRow, UserRow } from '../../platform/db/tables.js';
import { fullNameOf } from '../../platform/auth/principal.js';
import type { MessageView, PersonView, ProjectView, RequestView } from './email-kinds.js';

type Loose = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function personOf(user: Pick<UserRow, 'firstname' | 'lastname' | 'email'>): PersonView {
  return {
    fullName: fullNameOf(user.firstname, user.lastname) || user.email,
    ...(user.firstname && { firstname: user.firstname }),
    ...(user.lastname && { lastname: user.lastname }),
    email: user.email,
  };
}

export function projectOf(project: Pick<ProjectRow, 'id' | 'name'>): ProjectView {
  return { id: project.id, name: project.name };
}

/** The links of emails, under PUBLIC_URL. */
export function emailLinks(publicUrl: string) {
  return {
    verify: (userId: string, code: string) => `${publicUrl}/account/#/verify/${userId}/${code}`,
    resetPassword: (key: string) => `${publicUrl}/account/#/resetpsw/${key}`,
    signup: (email: string) => `${publicUrl}/account/#/signup?email=${encodeURIComponent(email)}`,
    // The agent console (its router decodes each part of the hash).
    signin: () => `${publicUrl}/console/`,
    project: (projectId: string) => `${publicUrl}/console/#/${encodeURIComponent(projectId)}/inbox`,
    conversation: (projectId: string, requestId: string) =>
      `${publicUrl}/console/#/${encodeURIComponent(projectId)}/inbox/${encodeURIComponent(requestId)}`,
    transcript: (requestId: string) => `${publicUrl}/public/requests/${requestId}/messages.html`,
  };
}

export type EmailLinks = ReturnType<typeof emailLinks>;

/** A conversation from its populated wire form (what request events carry). */
export function requestViewOf(request: Loose, links: EmailLinks): RequestView {
  const lead = (request.lead && typeof request.lead === 'object' ? request.lead : {}) as Loose;
  const department = (request.department && typeof request.department === 'object' ? request.department : {}) as Loose;
  const requestId = String(request.request_id);
  const email = text(lead.email);
  const ticketId = typeof request.ticket_id === 'number' ? request.ticket_id : undefined;
  return {
    requestId,
    ...(ticketId !== undefined && { ticketId }),
    ...(text(request.subject) && { subject: text(request.subject) }),
    ...(text(request.first_text) && { firstText: text(request.first_text) }),
    ...(text(department.name) && { departmentName: text(department.name) }),
    requester: { fullName: text(lead.fullname) ?? email ?? 'Visitor', ...(email && { email }) },
    ...(text(request.sourcePage) && { sourcePage: text(request.sourcePage) }),
    url: links.conversation(String(request.id_project), requestId),
  };
}

/** A message from its wire form; `visitorId` tells the visitor's messages apart. */
export function messageViewOf(message: Loose, visitorId: string | undefined): MessageView {
  const createdAt = message.createdAt instanceof Date ? message.createdAt.toISOString() : String(message.createdAt);
  const type = text(message.type) ?? 'text';
  const body = text(message.text) ?? (type === 'text' ? '' : `[${type}]`);
  return {
    senderFullname: text(message.senderFullname) ?? String(message.sender ?? ''),
    text: body,
    createdAt,
    fromVisitor: visitorId !== undefined && message.sender === visitorId,
  };
}
