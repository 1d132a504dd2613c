/**
 * The visitor presenter: the one view of a conversation that end users (anonymous guests,
 * custom-token users, members with the `user` or `guest` role) receive, over REST and realtime.
 * It is an allow-list: what is not named here never reaches a visitor, whatever the team adds
 * to requests later.
 *
 * Left out, because they belong to the team: internal notes, tags, followers, priority, working
 * status, the routing snapshot, assignment internals and metrics (smartAssignment, assigned_at,
 * first_response_at, waiting_time, duration, auto_close, draft), the outbound channel, location
 * and user agent, contact details, the agents' emails and profiles (only their names), the
 * bots' endpoints, the department's routing and bots (only its name), the lead's team fields
 * (tags, note, company, phone, address, attributes: only its ids, name and the email the
 * visitor signed in with, as Tiledesk's clients read them), the requester's membership
 * (only its id), and the request's attributes, which agents, bots and integrations write (only
 * `attributes.last_message`, a message of the conversation the visitor reads anyway).
 */
import { Type, type Static } from 'typebox';
import { DateTime, FreeObject } from '../../platform/http/schemas.js';
import { compact, documentSchema } from '../../platform/wire.js';
import { MessageSchema, type MessageWire } from './messages.schema.js';
import type { Caller } from './requests-create.js';
import type { RequestWire } from './requests.schema.js';
import { isVisitor } from '../../platform/auth/policies.js';

const Named = Type.Object({ _id: Type.String(), id: Type.String(), name: Type.Optional(Type.String()) });

const VisitorAgent = Type.Object({
  _id: Type.String(),
  id: Type.String(),
  firstname: Type.Optional(Type.String()),
  lastname: Type.Optional(Type.String()),
  fullName: Type.Optional(Type.String()),
});

const VisitorLead = Type.Object({
  _id: Type.String(),
  id: Type.String(),
  lead_id: Type.String(),
  fullname: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
});

export const VisitorRequestSchema = documentSchema(
  {
    request_id: Type.String(),
    ticket_id: Type.Optional(Type.Number()),
    requester: Type.Optional(Type.String()),
    requester_id: Type.Optional(Type.String()),
    lead: Type.Optional(Type.Union([Type.String(), VisitorLead])),
    subject: Type.Optional(Type.String()),
    first_text: Type.String(),
    status: Type.Number(),
    preflight: Type.Boolean(),
    hasBot: Type.Boolean(),
    participants: Type.Array(Type.String()),
    participantsAgents: Type.Array(Type.String()),
    participantsBots: Type.Array(Type.String()),
    department: Type.Optional(Type.Union([Type.String(), Named])),
    closed_at: Type.Optional(DateTime),
    closed_by: Type.Optional(Type.String()),
    rating: Type.Optional(Type.Number()),
    rating_message: Type.Optional(Type.String()),
    sourcePage: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    channel: FreeObject,
    attributes: Type.Optional(Type.Object({ last_message: Type.Optional(FreeObject) })),
    id_project: Type.String(),
    last_message_at: Type.Optional(DateTime),
    createdBy: Type.Optional(Type.String()),
  },
  { participatingAgents: Type.Optional(Type.Array(VisitorAgent)), participatingBots: Type.Optional(Type.Array(Named)) },
);
export type VisitorRequestWire = Static<typeof VisitorRequestSchema>;

export const VisitorRequestListSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  requests: Type.Array(VisitorRequestSchema),
});

export const VisitorMessageSchema = Type.Object({
  ...MessageSchema.properties,
  request: Type.Optional(VisitorRequestSchema),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const idOnly = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : ((value as { _id?: string } | undefined)?._id ?? undefined);

function named(value: unknown) {
  if (value === undefined || typeof value === 'string') return value;
  const { _id, id, name } = value as { _id: string; id: string; name?: string };
  return compact({ _id, id, name });
}

function lead(value: RequestWire['lead']) {
  if (value === undefined || typeof value === 'string') return value;
  return compact({
    _id: value._id,
    id: value.id,
    lead_id: value.lead_id,
    fullname: value.fullname,
    email: value.email,
  });
}

/** A request as its visitor sees it (see the top of this file for what is left out and why). */
export function requestToVisitorWire(request: RequestWire): VisitorRequestWire {
  const lastMessage = request.attributes?.last_message;
  return compact({
    _id: request._id,
    id: request.id,
    request_id: request.request_id,
    ticket_id: request.ticket_id,
    requester: idOnly(request.requester),
    requester_id: request.requester_id,
    lead: lead(request.lead),
    subject: request.subject,
    first_text: request.first_text,
    status: request.status,
    preflight: request.preflight,
    hasBot: request.hasBot,
    participants: request.participants,
    participantsAgents: request.participantsAgents,
    participantsBots: request.participantsBots,
    department: named(request.department),
    closed_at: request.closed_at,
    closed_by: request.closed_by,
    rating: request.rating,
    rating_message: request.rating_message,
    sourcePage: request.sourcePage,
    language: request.language,
    channel: { name: (request.channel as { name?: unknown }).name },
    attributes: isRecord(lastMessage) ? { last_message: messageToVisitorWire(lastMessage as MessageWire) } : undefined,
    id_project: request.id_project,
    last_message_at: request.last_message_at,
    createdBy: request.createdBy,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    __v: request.__v,
    participatingAgents: request.participatingAgents?.map((agent) =>
      compact({
        _id: agent._id,
        id: agent.id,
        firstname: agent.firstname,
        lastname: agent.lastname,
        fullName: agent.fullName,
      }),
    ),
    participatingBots: request.participatingBots?.map((bot) => named(bot) as Static<typeof Named>),
  }) as VisitorRequestWire;
}

/** A message as a visitor sees it: the message itself, and its request (if embedded) in the visitor view. */
export function messageToVisitorWire(message: MessageWire): Static<typeof VisitorMessageSchema> {
  const { request, ...rest } = message;
  return request ? { ...rest, request: requestToVisitorWire(request) } : rest;
}

/** The view of a request for this caller: the visitor view for end users, the full one for the team. */
export function requestFor(caller: Caller, request: RequestWire): RequestWire | VisitorRequestWire {
  return isVisitor(caller) ? requestToVisitorWire(request) : request;
}

/** The view of a message (and its embedded request) for this caller. */
export function messageFor(caller: Caller, message: MessageWire) {
  return isVisitor(caller) ? messageToVisitorWire(message) : message;
}
