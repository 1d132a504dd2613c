/**
 * Which domain events become activities, with which of Tiledesk's verbs (its activityArchiver):
 * membership changes, invitations and removals, a conversation's creation, assignments and close,
 * chatbots created and deleted; and, where Tiledesk records nothing, the deletion of requests,
 * departments, groups and leads. Pure: a transaction's events in, the activities to store out.
 *
 * Targets keep a few fields of the entity, never the whole document (a bot's secret stays out,
 * and a conversation's text is cut short): the trail says who did what, it is no second copy.
 */
import type { DomainEvent } from '../../platform/events/event-bus.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/events/actor.js';

export interface ActivityTarget {
  type: string;
  id?: string;
  object?: Record<string, unknown>;
}

/** Tiledesk's `related`: the third party of an assignment (the assignee, the unassigned agent). */
export interface ActivityRelated {
  role: 'assignee' | 'unassigned_user';
  type: 'user' | 'bot';
  id: string;
  name?: string;
}

export interface NewActivity {
  projectId: string;
  verb: string;
  actor: Actor;
  target: ActivityTarget;
  action?: Record<string, unknown>;
  related?: ActivityRelated;
}

type Wire = Record<string, unknown>;

/** The membership fields whose change is recorded (a PUT of only attributes or presence is not). */
const AUDITED_MEMBER_FIELDS = ['user_available', 'profileStatus', 'role', 'status', 'max_assigned_chat', 'trashed'];
const FIRST_TEXT_KEPT = 200;
const BOT_PREFIX = 'bot_';

const asWire = (value: unknown): Wire => (value && typeof value === 'object' ? (value as Wire) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const pick = (object: Wire, keys: string[]): Wire =>
  Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key]]));
const isBot = (member: string) => member.startsWith(BOT_PREFIX);

/** The user of a membership: the populated `id_user` document or its id. */
function memberUser(projectUser: Wire): Wire | undefined {
  const user = projectUser.id_user;
  if (typeof user === 'string') return { _id: user };
  return user && typeof user === 'object' ? pick(asWire(user), ['_id', 'firstname', 'lastname', 'email']) : undefined;
}

export function memberUserId(projectUser: Wire): string | undefined {
  return text(memberUser(projectUser)?._id);
}

function projectUserTarget(payload: Wire): ActivityTarget {
  const object = pick(payload, ['_id', 'id_project', 'uuid_user', 'role', 'user_available', 'profileStatus', 'status']);
  return {
    type: 'project_user',
    id: text(payload._id),
    object: { ...object, id_user: memberUser(payload), trashed: payload.trashed },
  };
}

function requestTarget(payload: Wire): ActivityTarget {
  const object = pick(payload, [
    '_id',
    'request_id',
    'id_project',
    'status',
    'participants',
    'participantsAgents',
    'participantsBots',
    'requester_id',
    'closed_by',
    'createdAt',
  ]);
  const firstText = text(payload.first_text);
  const department = payload.department;
  return {
    type: 'request',
    id: text(payload._id),
    object: {
      ...object,
      ...(firstText !== undefined && { first_text: firstText.slice(0, FIRST_TEXT_KEPT) }),
      ...(department !== undefined && { department: typeof department === 'string' ? department : asWire(department)._id }),
    },
  };
}

/** Tiledesk's `availabilityStatusLabel`: the profile status, else available / unavailable. */
function availabilityLabel(payload: Wire): string {
  const status = text(payload.profileStatus);
  if (status) return status;
  return payload.user_available === true ? 'available' : payload.user_available === false ? 'unavailable' : 'unknown';
}

/** project_user.update: availability (self, by the system, by an admin), role and status changes. */
function memberUpdate(event: DomainEvent, actor: Actor): NewActivity | undefined {
  const changes = event.context?.changes;
  const audited = changes && pick(changes, AUDITED_MEMBER_FIELDS);
  if (!audited || Object.keys(audited).length === 0) return undefined;
  const payload = asWire(event.payload);
  const updateType = actor.type === 'system' ? 'system' : actor.id === memberUserId(payload) ? 'self' : 'admin';
  const availability = audited.user_available !== undefined || audited.profileStatus !== undefined;
  const verb = !availability
    ? 'PROJECT_USER_UPDATE'
    : updateType === 'system'
      ? 'PROJECT_USER_AVAILABILITY_SYSTEM'
      : updateType === 'self'
        ? 'PROJECT_USER_AVAILABILITY_SELF'
        : 'PROJECT_USER_UPDATE';
  return {
    projectId: event.projectId,
    verb,
    actor,
    target: projectUserTarget(payload),
    action: { ...audited, newStatus: availabilityLabel(payload), updateType, source: sourceOf(actor) },
  };
}

const sourceOf = (actor: Actor) => (actor.type === 'system' ? 'system' : 'api');

/** One event, one activity (or none): everything but assignments. */
function single(event: DomainEvent, actor: Actor): NewActivity | undefined {
  const payload = asWire(event.payload);
  const base = { projectId: event.projectId, actor };
  switch (event.name) {
    case 'project_user.update':
      return memberUpdate(event, actor);
    case 'project_user.invite':
      return {
        ...base,
        verb: 'PROJECT_USER_INVITE',
        target: projectUserTarget(payload),
        action: {
          email: memberUser(payload)?.email,
          role: payload.role,
          user_available: payload.user_available,
          inviteType: 'registered',
        },
      };
    case 'project_user.invite.pending':
      return {
        ...base,
        verb: 'PROJECT_USER_INVITE',
        target: {
          type: 'pendinginvitation',
          id: text(payload._id),
          object: pick(payload, ['_id', 'id_project', 'email', 'role', 'user_available']),
        },
        action: { email: payload.email, role: payload.role, user_available: payload.user_available, inviteType: 'pending' },
      };
    case 'project_user.delete':
      return {
        ...base,
        verb: 'PROJECT_USER_DELETE',
        target: projectUserTarget(payload),
        action: {
          deleteType: payload.trashed === true ? 'soft' : 'hard',
          role: payload.role,
          email: memberUser(payload)?.email,
        },
      };
    case 'request.create':
      // A preflight request is the widget opening, not yet a conversation (Tiledesk skips it too).
      if (payload.preflight === true) return undefined;
      return { ...base, verb: 'REQUEST_CREATE', target: requestTarget(payload), action: { source: sourceOf(actor) } };
    case 'request.close':
      return {
        ...base,
        verb: 'REQUEST_CLOSE',
        target: requestTarget(payload),
        action: { closed_by: payload.closed_by, source: sourceOf(actor) },
      };
    case 'request.delete':
      return { ...base, verb: 'REQUEST_DELETE', target: requestTarget(payload) };
    case 'faqbot.create':
    case 'faqbot.delete':
      return {
        ...base,
        verb: event.name === 'faqbot.create' ? 'FAQ_KB_CREATE' : 'FAQ_KB_DELETE',
        target: {
          type: 'faq_kb',
          id: text(payload._id),
          object: pick(payload, ['_id', 'name', 'type', 'subtype', 'language']),
        },
        action: pick(payload, ['name', 'type', 'subtype']),
      };
    case 'department.delete':
    case 'group.delete':
    case 'lead.delete': {
      const type = event.name.slice(0, event.name.indexOf('.'));
      const fields = type === 'lead' ? ['_id', 'lead_id', 'fullname', 'email'] : ['_id', 'name'];
      return {
        ...base,
        verb: `${type.toUpperCase()}_DELETE`,
        target: { type, id: text(payload._id), object: pick(payload, fields) },
      };
    }
    default:
      return undefined;
  }
}

interface ParticipantChanges {
  projectId: string;
  request: Wire;
  actor: Actor;
  routed: boolean;
  joined: string[];
  left: string[];
}

/**
 * Tiledesk's `emitAssignedEvent`: a bot put in by hand, the agents removed (each unassigned, or
 * leaving when they removed themselves), else one activity per agent added: automatic when the
 * request was routed or the server did it, "self" when agents joined, manual otherwise.
 */
function assignments(change: ParticipantChanges): NewActivity[] {
  const { actor, request } = change;
  const humanAdded = change.joined.filter((member) => !isBot(member));
  const humanRemoved = change.left.filter((member) => !isBot(member));
  const botAdded = change.joined.filter(isBot);
  const target = requestTarget(request);
  const base = { projectId: change.projectId, actor, target };
  const source = sourceOf(actor);
  const replaced = { previousAssigneeId: humanRemoved[0], removedParticipants: humanRemoved };

  if (humanAdded.length === 0 && botAdded.length > 0 && !change.routed) {
    const botId = botAdded[0]!.slice(BOT_PREFIX.length);
    return [
      {
        ...base,
        verb: 'REQUEST_ASSIGNED_MANUAL',
        action: { assigneeId: botId, assigneeType: 'bot', assignmentType: 'manual_reassign_bot', source, ...replaced },
        related: { role: 'assignee', type: 'bot', id: botId },
      },
    ];
  }
  if (humanAdded.length === 0) {
    return humanRemoved.map((member) =>
      member === actor.id
        ? { ...base, verb: 'LEAVE_CONVERSATION', action: { member, source } }
        : {
            ...base,
            verb: 'REQUEST_UNASSIGNED',
            action: { assigneeId: member, assigneeType: 'user', assignmentType: 'unassign', source, ...replaced },
            related: { role: 'unassigned_user', type: 'user', id: member },
          },
    );
  }
  return humanAdded.map((member) => {
    const assignmentType =
      change.routed || actor.type === 'system' ? 'auto' : member === actor.id ? 'self_join' : 'manual_reassign';
    const verb = { auto: 'REQUEST_ASSIGNED_AUTO', self_join: 'REQUEST_ASSIGNED_SELF' }[assignmentType as string];
    return {
      ...base,
      verb: verb ?? 'REQUEST_ASSIGNED_MANUAL',
      action: { assigneeId: member, assigneeType: 'user', assignmentType, source, ...replaced },
      related: { role: 'assignee', type: 'user', id: member },
    };
  });
}

/** The activities a committed transaction's events record, in the order they happened. */
export function activitiesOf(events: DomainEvent[]): NewActivity[] {
  const activities: NewActivity[] = [];
  const changes = new Map<string, ParticipantChanges>();
  const routed = new Set<string>();
  for (const event of events) {
    const actor = event.context?.actor ?? SYSTEM_ACTOR;
    if (event.name === 'request.update' && event.context?.routed) {
      routed.add(`${event.projectId}/${text(asWire(event.payload).request_id)}`);
    }
    if (event.name === 'request.participants.join' || event.name === 'request.participants.leave') {
      const { member, request } = asWire(event.payload);
      const key = `${event.projectId}/${text(asWire(request).request_id)}`;
      const change = changes.get(key) ?? { projectId: event.projectId, request: {}, actor, routed: false, joined: [], left: [] };
      change.request = asWire(request);
      if (typeof member === 'string') (event.name.endsWith('join') ? change.joined : change.left).push(member);
      changes.set(key, change);
      continue;
    }
    const activity = single(event, actor);
    if (activity) activities.push(activity);
  }
  for (const [key, change] of changes) activities.push(...assignments({ ...change, routed: routed.has(key) }));
  return activities;
}
