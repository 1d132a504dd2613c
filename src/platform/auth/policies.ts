/**
 * Who may do what, in one place (Outline's `policies/`): named, pure functions of the caller (its
 * principal and active membership) and of the thing at hand. Route guards (guards.ts), services
 * and realtime topics ask here instead of comparing roles themselves, so each rule is written
 * once and can be read, and tested, as a whole. A policy answers yes or no; the caller throws the
 * Tiledesk error body that goes with its "no" (they differ from route to route, as in Tiledesk).
 *
 * Which requests a caller sees is one of these rules: `visibilityOf` says who sees what, and it is
 * applied twice, side by side below, as SQL for lists (`visibleRequests`) and in memory for single
 * requests and realtime frames (`isVisible`), so the two cannot drift.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { json } from '../db/json.js';
import type { Database, ProjectUserRow, RequestRow } from '../db/tables.js';
import { actorId, type Principal } from './principal.js';
import { roleAtLeast, ROLE_TYPE_AGENTS, ROLE_TYPE_USERS, type Role } from './roles.js';
import { isActiveTeamMember } from './team-member.js';

/** Who is calling: the principal and its active membership in the project (none for bots and subscriptions). */
export interface Caller {
  principal: Principal;
  membership?: ProjectUserRow;
}

/** Machine principals, admitted to a route besides members when it lists their kind. */
export type MachineKind = 'bot' | 'subscription';

type Member = Pick<ProjectUserRow, 'role'>;

const atLeast = (member: Member | undefined, role: Role) => member !== undefined && roleAtLeast(member.role, role);

/** End users (guests, external users: role type 2) reach only the conversations they asked for or take part in. */
export function isEndUser(membership: Pick<ProjectUserRow, 'role_type'> | undefined): boolean {
  return membership?.role_type === ROLE_TYPE_USERS;
}

/**
 * Whether the caller is an end user, who gets the visitor view of conversations: a guest, a
 * caller without membership, or an end-user membership (which holds only `guest` or `user`,
 * a database constraint since migration 0015).
 */
export function isVisitor({ principal, membership }: Caller): boolean {
  if (principal.kind === 'bot' || principal.kind === 'subscription') return false;
  return principal.kind === 'guest' || !membership || isEndUser(membership);
}

/** A request the caller asked for (as its requester) or takes part in. */
function isOwnRequest(
  { principal, membership }: Caller,
  request: Pick<RequestRow, 'requester_id' | 'snapshot' | 'participants'>,
): boolean {
  const requester = (request.snapshot?.requester ?? {}) as { uuid_user?: string; id_user?: string };
  // An end user's id is matched against end-user ids only, and an account's against accounts: a
  // project's key may mint an end user whose `_id` equals some account's id.
  const requesterId = principal.kind === 'user' ? requester.id_user : requester.uuid_user;
  return (
    (membership !== undefined && request.requester_id === membership.id) ||
    requesterId === principal.id ||
    request.participants.includes(actorId(principal))
  );
}

/** A member below supervisor: Tiledesk gives them reduced views of some lists (bots, intents). */
export function seesAgentView(membership: Member | undefined): boolean {
  return membership !== undefined && !roleAtLeast(membership.role, 'supervisor');
}

/** Visitors get the widget's list of upload extensions; the team (bots and subscriptions too) the settings' list. */
export function uploadsAsVisitor(membership: Pick<ProjectUserRow, 'role' | 'role_type'> | undefined): boolean {
  return membership !== undefined && (isEndUser(membership) || membership.role === 'guest');
}

// --- which requests a caller sees (reference §3.8) -------------------------------------------

/** Who may see which requests. */
export type Visibility =
  | { kind: 'all' }
  /** Agents: requests they take part in, or were candidates for (snapshot.agents). */
  | { kind: 'agent'; userId: string }
  /** Bots: requests they take part in. */
  | { kind: 'participant'; participant: string }
  /** Visitors (`/me`): requests they asked for. */
  | { kind: 'requester'; id: string; membershipId?: string };

/** How the team (members, bots, subscriptions) sees requests; visitors only ever see their own. */
export type TeamVisibility = Exclude<Visibility, { kind: 'requester' }>;

/**
 * Owners, admins and subscriptions see every request (unless an admin asks for `mine`); agents
 * those they take part in or were routed among; bots theirs.
 */
export function visibilityOf({ principal, membership }: Caller, mine = false): TeamVisibility {
  if (principal.kind === 'subscription') return { kind: 'all' };
  if (principal.kind === 'bot') return { kind: 'participant', participant: actorId(principal) };
  return atLeast(membership, 'admin') && !mine ? { kind: 'all' } : { kind: 'agent', userId: principal.id };
}

/** GET /requests/me: the requests the caller asked for. */
export function requesterVisibility({ principal, membership }: Caller): Visibility {
  return { kind: 'requester', id: principal.id, membershipId: membership?.id };
}

/** SQL twin of `isVisible` (and of the requester rule), for `.where(...)` on `requests`; undefined: all. */
export function visibleRequests(
  eb: ExpressionBuilder<Database, 'requests'>,
  visibility: Visibility,
): Expression<SqlBool> | undefined {
  switch (visibility.kind) {
    case 'all':
      return undefined;
    // Containment (`@>`), not `= ANY`: the form the participants' GIN indexes answer.
    case 'agent':
      return eb.or([
        sql<boolean>`participants @> ARRAY[${visibility.userId}]::text[]`,
        sql<boolean>`snapshot -> 'agents' @> ${json([{ id_user: visibility.userId }])}::jsonb`,
      ]);
    case 'participant':
      return sql<boolean>`participants @> ARRAY[${visibility.participant}]::text[]`;
    case 'requester':
      return eb.or([
        sql<boolean>`snapshot #>> '{requester,uuid_user}' = ${visibility.id}`,
        sql<boolean>`snapshot #>> '{requester,id_user}' = ${visibility.id}`,
        ...(visibility.membershipId ? [eb('requester_id', '=', visibility.membershipId)] : []),
      ]);
  }
}

/** `visibleRequests` for one request in memory (realtime frames, single lookups): keep the two alike. */
export function isVisible(
  visibility: TeamVisibility,
  request: { participants: string[]; candidateAgents: string[] },
): boolean {
  switch (visibility.kind) {
    case 'all':
      return true;
    case 'agent':
      return request.participants.includes(visibility.userId) || request.candidateAgents.includes(visibility.userId);
    case 'participant':
      return request.participants.includes(visibility.participant);
  }
}

// --- the questions ---------------------------------------------------------------------------

type RequestFacts = Pick<RequestRow, 'requester_id' | 'snapshot' | 'participants' | 'participants_agents'>;

export const can = {
  /**
   * A bot or a subscription acts only in its own project, and only on routes open to its kind
   * (Tiledesk's `hasRoleOrTypes`; unlike Tiledesk, never in another project).
   */
  actAsMachine(principal: Principal, projectId: string, kinds: readonly MachineKind[] = []): boolean {
    if (principal.kind !== 'bot' && principal.kind !== 'subscription') return false;
    return kinds.includes(principal.kind) && principal.projectId === projectId;
  },

  /** A member with at least `role` (null: any member, guests included): Tiledesk's `hasRole`. */
  actWithRole(membership: Member, role: Role | null): boolean {
    return role === null || roleAtLeast(membership.role, role);
  },

  /**
   * `actWithRole` for realtime subscriptions, stricter on one point: an end-user membership (role
   * type 2: a custom token's user with a team role but no email) never counts as the team.
   */
  actAsTeam(membership: Pick<ProjectUserRow, 'role' | 'role_type'> | undefined, role: Role): boolean {
    return membership?.role_type === ROLE_TYPE_AGENTS && roleAtLeast(membership.role, role);
  },

  /** Projects belong to registered users: guests, external users and machines own none. */
  ownProjects: (principal: Principal): boolean => principal.kind === 'user',

  /**
   * Every project of the server (`GET /projects/all`): the account of ADMIN_EMAIL only, with its
   * address verified, signed in as itself (an end user's token may carry any email claim).
   */
  listAllProjects: (principal: Principal, adminEmail: string | undefined): boolean =>
    adminEmail !== undefined &&
    principal.kind === 'user' &&
    // Signing up with the address is not owning it: the right waits for the verification link.
    principal.emailverified &&
    principal.email.toLowerCase() === adminEmail,

  /** The agents' emails in GET /users/availables (a public route) are for the project's active team only. */
  seeAgentEmails: (principal: Principal, membership: ProjectUserRow | undefined): boolean =>
    principal.kind === 'user' && isActiveTeamMember(membership),

  /** Only an owner makes, changes or removes an owner (`actor` undefined: a caller outside the team). */
  changeMember: (actor: Member | undefined, target: Member | undefined, newRole?: string): boolean =>
    (target?.role !== 'owner' && newRole !== 'owner') || actor?.role === 'owner',

  /** Creating bots (forking one into a project included) is for admins. */
  manageBots: (membership: Member): boolean => roleAtLeast(membership.role, 'admin'),

  /** Erasing a contact for good is the owner's call. */
  eraseLeads: (membership: Member | undefined): boolean => membership?.role === 'owner',

  /** A chat file is deleted by its uploader (`actor`: a bot as `bot_<id>`) or an admin. */
  deleteFile: (caller: { actor: string; membership?: Member }, file: { created_by: string }): boolean =>
    file.created_by === caller.actor || atLeast(caller.membership, 'admin'),

  /** Admins curate every saved reply; agents see the shared ones and their own. */
  curateCannedResponses: (viewer: { role: string }): boolean => roleAtLeast(viewer.role, 'admin'),

  /** Whether the viewer may know a saved reply exists, whatever its status. */
  readCannedResponse: (
    viewer: { userId: string; role: string },
    canned: { shared: boolean; created_by: string },
  ): boolean => can.curateCannedResponses(viewer) || canned.shared || canned.created_by === viewer.userId,

  changeCannedResponse: (viewer: { userId: string; role: string }, canned: { created_by: string }): boolean =>
    can.curateCannedResponses(viewer) || canned.created_by === viewer.userId,

  /** A conversation and its messages over REST: end users their own, the rest of the project every one. */
  readConversation: (caller: Caller, request: RequestFacts): boolean =>
    !isEndUser(caller.membership) || isOwnRequest(caller, request),

  /**
   * Following a request live (and posting into it without opening a new conversation): end users
   * their own, the team those GET /requests lists for them (`candidateAgents`: snapshot.agents).
   */
  followRequest: (caller: Caller, request: RequestFacts, candidateAgents: string[]): boolean =>
    isEndUser(caller.membership)
      ? isOwnRequest(caller, request)
      : isVisible(visibilityOf(caller), { participants: request.participants, candidateAgents }),

  /** End users write (messages, requests) only as themselves; the team may name another sender. */
  writeAs: (caller: Caller, sender: string | undefined): boolean =>
    !isEndUser(caller.membership) || !sender || sender === caller.principal.id,

  /** A form (offline) conversation takes replies without a named sender from its first agent only. */
  replyWithoutSender: (caller: Caller, request: Pick<RequestRow, 'channel' | 'participants_agents'>): boolean =>
    request.channel?.name !== 'form' || request.participants_agents[0] === caller.principal.id,

  /** Members rate their own requests; bots and subscriptions any of the project. */
  rateRequest: (caller: Caller, request: RequestFacts): boolean => !caller.membership || isOwnRequest(caller, request),

  /** Agents (the role, not admins) write notes only on conversations they take part in. */
  writeNotes: (caller: Caller, request: Pick<RequestRow, 'participants_agents'>): boolean =>
    caller.membership?.role !== 'agent' || request.participants_agents.includes(caller.principal.id),

  /** Users below admin close only conversations they take part in; bots and subscriptions any. */
  closeRequest: (caller: Caller, request: Pick<RequestRow, 'participants_agents'>): boolean =>
    caller.principal.kind !== 'user' ||
    atLeast(caller.membership, 'admin') ||
    request.participants_agents.includes(caller.principal.id),

  /**
   * Closing from the widget (PUT /closeg): a visitor closes only a conversation of their own (to
   * them another's does not exist); the team is asked `closeRequest`, as on PUT /close.
   */
  closeAsVisitor: (caller: Caller, request: RequestFacts): boolean => isOwnRequest(caller, request),

  /** Deleting a request (and its messages) is the owner's call. */
  deleteRequest: (caller: Caller): boolean => caller.membership?.role === 'owner',
};
