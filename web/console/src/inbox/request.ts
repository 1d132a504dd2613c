/**
 * A conversation as the inbox shows it: the list API's request (populated: lead, department,
 * agents, bots) or a realtime inbox frame, which may be a reduced summary (`partial`). The
 * helpers read what a row shows (who, what, when, where, whose) from either.
 */
import type { paths } from '../../../shared/api-schema';
import { REQUEST_STATUS } from '../../../shared/request-status.js';

type ListAnswer = paths['/{project_id}/requests']['get']['responses'][200]['content']['application/json'];
export type InboxRequest = ListAnswer['requests'][number] & { partial?: boolean };

export { REQUEST_STATUS };

interface Named {
  _id?: string;
  name?: string;
  fullname?: string;
  email?: string;
  firstname?: string;
  lastname?: string;
}

const isObject = (value: unknown): value is Named => typeof value === 'object' && value !== null;

/** The visitor's name: the lead's, else the requester's snapshot, else nothing (the caller says "Visitor"). */
export function visitorNameOf(request: InboxRequest): string | undefined {
  const lead = isObject(request.lead) ? request.lead : (request.snapshot?.lead as Named | undefined);
  return lead?.fullname?.trim() || lead?.email || undefined;
}

interface LastMessage {
  text?: string;
  sender?: string;
  type?: string;
}

export function lastMessageOf(request: InboxRequest): LastMessage | undefined {
  const last = request.attributes?.last_message;
  return isObject(last) ? (last as LastMessage) : undefined;
}

/** The line under the name: the last message, else the conversation's first text. */
export function previewOf(request: InboxRequest): string {
  const last = lastMessageOf(request);
  return (last?.text || request.first_text || '').replace(/\s+/g, ' ').trim();
}

/** When something last happened that the agent may not have read: the last message, else the start. */
export function activityOf(request: InboxRequest): number {
  return Date.parse(request.last_message_at ?? request.createdAt);
}

/** When the row's time shows: when it closed, else its last message, else its last change. */
export function timeOf(request: InboxRequest): string {
  return request.closed_at ?? request.last_message_at ?? request.updatedAt ?? request.createdAt;
}

export function departmentIdOf(request: InboxRequest): string | undefined {
  const department = request.department;
  return typeof department === 'string' ? department : department?._id;
}

export function departmentNameOf(request: InboxRequest, names: Map<string, string>): string | undefined {
  if (isObject(request.department) && request.department.name) return request.department.name;
  const id = departmentIdOf(request);
  return id ? names.get(id) : undefined;
}

/** The agents (or, failing them, bots) serving it, by name when known. */
export function assigneesOf(request: InboxRequest, agentNames: Map<string, string>): string[] {
  const agents = request.participatingAgents?.length
    ? request.participatingAgents.map((user) => [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email)
    : (request.participantsAgents ?? []).map((id) => agentNames.get(id) ?? '');
  const named = agents.filter(Boolean);
  if (named.length > 0) return named;
  return (request.participatingBots ?? []).map((bot) => bot.name).filter(Boolean);
}

export type StatusBadge = 'waiting' | 'abandoned' | 'bot' | 'assigned' | 'served' | 'closed' | 'other';

export function statusBadgeOf(request: InboxRequest): StatusBadge {
  const status = request.status;
  if (status >= REQUEST_STATUS.CLOSED) return 'closed';
  if (status === REQUEST_STATUS.UNASSIGNED) return 'waiting';
  if (status === REQUEST_STATUS.ABANDONED) return 'abandoned';
  if ((request.participantsBots ?? []).length > 0) return 'bot';
  if (status === REQUEST_STATUS.ASSIGNED) return 'assigned';
  if (status === REQUEST_STATUS.SERVED) return 'served';
  return 'other';
}

export const isOpen = (request: InboxRequest) =>
  request.status > REQUEST_STATUS.TEMP &&
  request.status < REQUEST_STATUS.CLOSED &&
  request.status !== REQUEST_STATUS.ABANDONED;

export const isMine = (request: InboxRequest, userId: string) =>
  isOpen(request) && (request.participants ?? []).includes(userId);

/**
 * A frame's request merged over the row already shown: a summary frame (`partial`) or an
 * unpopulated one keeps the populated lead, department and people the row had.
 */
export function mergeRequest(old: InboxRequest | undefined, next: InboxRequest): InboxRequest {
  if (!old) return next;
  const merged: InboxRequest = { ...old, ...next };
  if (!isObject(next.lead) && isObject(old.lead) && (next.lead === undefined || next.lead === old.lead._id))
    merged.lead = old.lead;
  if (!isObject(next.department) && isObject(old.department) && departmentIdOf(next) === old.department._id)
    merged.department = old.department;
  const sameAgents = (next.participantsAgents ?? []).join() === (old.participantsAgents ?? []).join();
  if (!next.participatingAgents && sameAgents) merged.participatingAgents = old.participatingAgents;
  const sameBots = (next.participantsBots ?? []).join() === (old.participantsBots ?? []).join();
  if (!next.participatingBots && sameBots) merged.participatingBots = old.participatingBots;
  if (next.partial && !next.attributes) merged.attributes = old.attributes;
  if (next.partial) delete merged.partial;
  return merged;
}
