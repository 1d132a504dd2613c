/**
 * A request (conversation) as Tiledesk presents it. Unpopulated, `requester`, `lead` and
 * `department` are id strings; populated, they are the documents, and the virtuals
 * `participatingAgents` (users) and `participatingBots` (bots) appear.
 * `snapshot.agents` (the candidate agents at routing time) is internal and never sent.
 */
import { Type, type Static } from 'typebox';
import { DateTime, FreeObject } from '../../platform/http/schemas.js';
import type { RequestRow } from '../../platform/db/tables.js';
import type { NotFoundWording } from '../../platform/errors.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';
import { UserSchema, type UserWire } from '../users/users.schema.js';
import { LeadSchema, type LeadWire } from '../leads/leads.schema.js';
import { DepartmentSchema, type DepartmentWire } from '../departments/departments.schema.js';
import { ProjectUserSchema, type ProjectUserWire } from '../project-users/project-users.schema.js';
import { BotPublicSchema, type BotPublicWire } from '../bots/bots.schema.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export const KNOWN_STATUSES = Object.values(REQUEST_STATUS);

const Tag = Type.Object(
  {
    _id: Type.String(),
    tag: Type.String(),
    color: Type.Optional(Type.String()),
    attributes: Type.Optional(FreeObject),
  },
  { additionalProperties: true },
);
const Note = Type.Object(
  {
    _id: Type.String(),
    text: Type.String(),
    attributes: Type.Optional(FreeObject),
    createdBy: Type.String(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { additionalProperties: true },
);

export const RequestSchema = documentSchema(
  {
    request_id: Type.String(),
    ticket_id: Type.Optional(Type.Number()),
    requester: Type.Optional(Type.Union([Type.String(), ProjectUserSchema])),
    lead: Type.Optional(Type.Union([Type.String(), LeadSchema])),
    requester_id: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
    first_text: Type.String(),
    status: Type.Number(),
    preflight: Type.Boolean(),
    hasBot: Type.Boolean(),
    participants: Type.Array(Type.String()),
    participantsAgents: Type.Array(Type.String()),
    participantsBots: Type.Array(Type.String()),
    priority: Type.String(),
    followers: Type.Array(Type.String()),
    department: Type.Optional(Type.Union([Type.String(), DepartmentSchema])),
    transcript: Type.Optional(Type.String()),
    first_response_at: Type.Optional(DateTime),
    assigned_at: Type.Optional(DateTime),
    waiting_time: Type.Optional(Type.Number()),
    closed_at: Type.Optional(DateTime),
    closed_by: Type.Optional(Type.String()),
    duration: Type.Optional(Type.Number()),
    tags: Type.Array(Tag),
    notes: Type.Array(Note),
    rating: Type.Optional(Type.Number()),
    rating_message: Type.Optional(Type.String()),
    snapshot: FreeObject,
    sourcePage: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    userAgent: Type.Optional(Type.String()),
    channel: FreeObject,
    channelOutbound: FreeObject,
    attributes: Type.Optional(FreeObject),
    location: Type.Optional(FreeObject),
    auto_close: Type.Optional(Type.Number()),
    id_project: Type.String(),
    smartAssignment: Type.Boolean(),
    workingStatus: Type.Optional(Type.String()),
    draft: Type.Boolean(),
    contact: Type.Optional(FreeObject),
    last_message_at: Type.Optional(DateTime),
    createdBy: Type.Optional(Type.String()),
  },
  {
    participatingAgents: Type.Optional(Type.Array(UserSchema)),
    participatingBots: Type.Optional(Type.Array(BotPublicSchema)),
    score: Type.Optional(Type.Number()),
  },
);
export type RequestWire = Static<typeof RequestSchema>;

/** The documents a populated request embeds. */
export interface RequestPopulation {
  requester?: ProjectUserWire;
  lead?: LeadWire;
  department?: DepartmentWire;
  agents: UserWire[];
  bots: BotPublicWire[];
}

export function requestToWire(row: RequestRow & { score?: number }, population?: RequestPopulation): RequestWire {
  const { agents: _agents, ...snapshot } = (row.snapshot ?? {}) as Record<string, unknown>;
  return compact(
    documentOf(
      row,
      {
        request_id: row.request_id,
        ticket_id: row.ticket_id,
        requester: population ? (population.requester ?? row.requester_id) : row.requester_id,
        lead: population ? (population.lead ?? row.lead_id) : row.lead_id,
        requester_id: row.lead_id,
        subject: row.subject,
        first_text: row.first_text,
        status: row.status,
        preflight: row.preflight,
        hasBot: row.has_bot,
        participants: row.participants,
        participantsAgents: row.participants_agents,
        participantsBots: row.participants_bots,
        priority: row.priority,
        followers: row.followers,
        department: population ? (population.department ?? row.department_id) : row.department_id,
        transcript: row.transcript,
        first_response_at: iso(row.first_response_at),
        assigned_at: iso(row.assigned_at),
        waiting_time: row.waiting_time === null ? null : Number(row.waiting_time),
        closed_at: iso(row.closed_at),
        closed_by: row.closed_by,
        duration: row.duration === null ? null : Number(row.duration),
        tags: row.tags ?? [],
        notes: row.notes ?? [],
        rating: row.rating,
        rating_message: row.rating_message,
        snapshot,
        sourcePage: row.source_page,
        language: row.language,
        userAgent: row.user_agent,
        channel: row.channel,
        channelOutbound: row.channel_outbound,
        attributes: row.attributes,
        location: row.location,
        auto_close: row.auto_close,
        id_project: row.project_id,
        smartAssignment: row.smart_assignment,
        workingStatus: row.working_status,
        draft: row.draft,
        contact: row.contact,
        last_message_at: iso(row.last_message_at),
        createdBy: row.created_by,
      },
      { participatingAgents: population?.agents, participatingBots: population?.bots, score: row.score },
    ),
  ) as RequestWire;
}

export const RequestListSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  requests: Type.Array(RequestSchema),
});

export const RequestCountSchema = Type.Object({
  unassigned: Type.Optional(Type.Number()),
  assigned: Type.Optional(Type.Number()),
  bot_assigned: Type.Optional(Type.Number()),
  open: Type.Optional(Type.Number()),
  closed: Type.Optional(Type.Number()),
  slot: Type.Optional(Type.Object({ startDate: Type.String(), endDate: Type.String() })),
});

/** User ids of the agents a request was routed among (`snapshot.agents`, stored as `[{id_user}]`). */
export function candidateAgentsOf(row: RequestRow): string[] {
  const agents = (row.snapshot?.agents ?? []) as Array<{ id_user?: unknown }>;
  return agents.map((agent) => agent.id_user).filter((id): id is string => typeof id === 'string');
}

/** Characters of `first_text` and of the last message's text that lists and the realtime inbox carry. */
const PREVIEW_LENGTH = 500;

/** The start of a long text, cut between characters (never inside a surrogate pair), with an ellipsis. */
function preview(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return text;
  const end = /[\uD800-\uDBFF]/.test(text[PREVIEW_LENGTH - 1]!) ? PREVIEW_LENGTH - 1 : PREVIEW_LENGTH;
  return `${text.slice(0, end)}…`;
}

/**
 * A request as lists and the inbox show it: `first_text` and `attributes.last_message.text`
 * shortened to a preview, so a page of requests stays small whatever visitors wrote (the full
 * texts are in GET /requests/:id and the messages).
 */
export function withPreviews<T extends Pick<RequestWire, 'first_text' | 'attributes'>>(wire: T): T {
  const last = wire.attributes?.last_message as { text?: unknown } | undefined;
  const longLast =
    typeof last === 'object' && last !== null && typeof last.text === 'string' && last.text.length > PREVIEW_LENGTH;
  if (wire.first_text.length <= PREVIEW_LENGTH && !longLast) return wire;
  return {
    ...wire,
    first_text: preview(wire.first_text),
    ...(longLast && {
      attributes: { ...wire.attributes, last_message: { ...last, text: preview(last.text as string) } },
    }),
  };
}

/**
 * A request in the realtime inbox (`/<project>/requests`), as Tiledesk's WebSocket sends it: the
 * snapshot reduced to the candidate agents' ids, who decide which agents see it; texts previewed.
 */
export function requestToInboxFrame(wire: RequestWire, candidateAgents: string[]) {
  return { ...withPreviews(wire), snapshot: { agents: candidateAgents.map((id) => ({ id_user: id })) } };
}

/**
 * A request of the inbox's first frame reduced to bounded fields (ids, statuses, dates, text
 * previews), for one too big to be sent whole: `partial: true` says to read it with GET
 * /requests/:id. Free-form content (attributes, the populated lead and requester, the routing
 * snapshot, location) is what visitors can make big, and what is left out.
 */
export function requestToInboxSummary(item: RequestWire) {
  const idOf = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as { _id?: unknown })._id : value;
  return compact({
    _id: item._id,
    id: item.id,
    request_id: item.request_id,
    ticket_id: item.ticket_id,
    requester: idOf(item.requester),
    lead: idOf(item.lead),
    department: idOf(item.department),
    subject: item.subject === undefined ? undefined : preview(item.subject),
    first_text: item.first_text,
    status: item.status,
    preflight: item.preflight,
    hasBot: item.hasBot,
    participants: item.participants,
    participantsAgents: item.participantsAgents,
    participantsBots: item.participantsBots,
    priority: item.priority,
    channel: { name: (item.channel as { name?: unknown }).name },
    id_project: item.id_project,
    draft: item.draft,
    workingStatus: item.workingStatus,
    last_message_at: item.last_message_at,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    snapshot: { agents: item.snapshot.agents },
    partial: true,
  });
}

/**
 * A request in the inbox's first frame: the whole snapshot (Tiledesk's list keeps it), its
 * requester marked `isAuthenticated` (not a guest), the candidate agents reduced to ids, and
 * texts previewed.
 */
export function requestToInboxItem(wire: RequestWire, candidateAgents: string[]) {
  const requester = wire.snapshot.requester as { role?: unknown } | undefined;
  return {
    ...withPreviews(wire),
    snapshot: {
      ...wire.snapshot,
      ...(requester && { requester: { ...requester, isAuthenticated: requester.role !== 'guest' } }),
      agents: candidateAgents.map((id) => ({ id_user: id })),
    },
  };
}

// --- how Tiledesk words a missing request, by route (`Object not found.` elsewhere) ----------

export const requestNotFound = {
  /** `PATCH /:request_id` and `/:request_id/rating`. */
  patch: { request: () => ({ success: false, msg: 'Request not found' }) },
  /** `PUT /:request_id/close`. */
  close: { request: () => ({ success: false, error: 'Request not found' }) },
  /** `/:request_id/notes`. */
  notes: { request: ({ id }) => ({ success: false, error: `Request with id ${id} not found.` }) },
  /** `/:request_id/tag`. */
  tags: { request: ({ id }) => ({ success: false, error: `Request not found with id ${id}` }) },
  /** `PUT /:request_id/replace`: the bot named in the body. */
  replaceBot: {
    bot: ({ id, where }) => ({ success: false, error: `Chatbot with ${where ?? 'id'} '${id}' not found` }),
  },
  /** `POST /:request_id/messages/multi`. */
  importHistory: { request: () => ({ success: false, msg: "Request doesn't exist." }) },
} satisfies Record<string, NotFoundWording>;

/** `PUT /:request_id/replace`: the request, and the bot now in it (Tiledesk's analytics attribute the switch to it). */
export const ReplacedBotSchema = Type.Object({ ...RequestSchema.properties, replaced_bot_root_id: Type.String() });
