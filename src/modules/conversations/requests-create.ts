/**
 * Creating a request: who asks (the requester, their lead), which department, who serves it.
 * Used by POST /requests and by the first message posted to an unknown request id.
 *
 * The whole decision runs in the caller's transaction and starts with the project's ticket
 * counter, whose row lock serializes routing per project: concurrent creations see each other's
 * assignments, so chat limits and the round robin hold.
 */
import type { Emit } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { isObjectId, newObjectId, newRequestId } from '../../platform/ids.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { Attributes, LeadRow, ProjectRow, ProjectUserRow, RequestRow } from '../../platform/db/tables.js';
import { isActiveTeamMember } from '../../platform/auth/team-member.js';
import { can, type Caller } from '../../platform/auth/policies.js';
import { leadToWire } from '../leads/leads.schema.js';
import { departmentToWire } from '../departments/departments.schema.js';
import { projectUserToWire } from '../project-users/project-users.schema.js';
import { participantColumns, type RequestsCore } from './requests.core.js';
import { candidateAgentsOf, type RequestWire } from './requests.schema.js';
import { createRequestsRepo } from './requests.repo.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

/** The caller of a route: who they are and their membership (none for bots and subscriptions). */
export type { Caller };

export interface RequesterInput {
  sender?: string;
  senderFullname?: string;
  email?: string;
  attributes?: Attributes;
}

export interface Requester {
  leadId: string;
  fullname?: string;
  email?: string;
  attributes?: Attributes;
  /** The membership stored as `requester`. */
  requester?: ProjectUserRow;
  /** The membership recorded in `snapshot.requester`: the person asking. */
  asking?: ProjectUserRow;
  /** The display name of whoever sends the first message. */
  senderFullname: string;
}

export interface NewRequestInput {
  requestId?: string;
  firstText: string;
  createdBy: string;
  requester: Requester;
  departmentId?: string;
  sourcePage?: string;
  language?: string;
  userAgent?: string;
  attributes?: Attributes;
  subject?: string;
  channel?: { name: string } & Attributes;
  location?: Attributes;
  participants?: string[];
  priority?: string;
  followers?: string[];
  /** Only REQUEST_STATUS.TEMP (50) is honoured: such a request is not routed. */
  status?: number;
  preflight?: boolean;
}

type RequestFields = Pick<
  NewRequestInput,
  | 'sourcePage'
  | 'language'
  | 'userAgent'
  | 'attributes'
  | 'subject'
  | 'channel'
  | 'location'
  | 'participants'
  | 'priority'
  | 'followers'
>;

/** The request fields a body may set, picked one by one (never the body itself). */
export function requestFieldsOf(
  body: RequestFields & { departmentid?: string },
): RequestFields & { departmentId?: string } {
  return {
    departmentId: body.departmentid,
    sourcePage: body.sourcePage,
    language: body.language,
    userAgent: body.userAgent,
    attributes: body.attributes,
    subject: body.subject,
    channel: body.channel,
    location: body.location,
    participants: body.participants,
    priority: body.priority,
    followers: body.followers,
  };
}

const OFFLINE_CHANNELS = ['form', 'email'];

export function createRequestCreation(core: RequestsCore) {
  const { deps, routing } = core;
  const repo = createRequestsRepo(core.platform.connection);

  /**
   * Tiledesk's rules for `sender`: an active member of the project, whose name and email then
   * come from their account or lead. End users may only send as themselves.
   */
  async function resolveRequester(
    project: ProjectRow,
    caller: Caller,
    input: RequesterInput,
    storedRequester: 'caller' | 'sender',
  ): Promise<Requester> {
    const { principal, membership } = caller;
    const claims = principal.kind === 'guest' || principal.kind === 'userexternal' ? principal.claims : {};
    const callerEmail = principal.kind === 'user' ? principal.email : (claims.email as string | undefined);
    const attributes = input.attributes ?? (claims.attributes as Attributes | undefined);
    const sender = input.sender;
    if (!sender || sender === principal.id) {
      const fullname = input.senderFullname || principal.fullName;
      return {
        leadId: principal.id,
        fullname,
        email: input.email || callerEmail,
        attributes,
        requester: membership,
        asking: membership,
        senderFullname: fullname,
      };
    }
    if (!can.writeAs(caller, sender)) throw errors.forbidden('Unauthorized. You can only write as yourself.');
    const member = await deps.projectUsers.findMembership(
      project.id,
      isObjectId(sender) ? { userId: sender } : { uuid: sender },
    );
    if (!member || member.status !== 'active' || member.trashed) throw errors.senderNotMember(sender);
    let fullname = input.senderFullname;
    let email = input.email;
    if (member.user_id) {
      const [user] = await deps.users.findUsersByIds([member.user_id]);
      fullname = [user?.firstname, user?.lastname].filter(Boolean).join(' ') || fullname;
      email = user?.email ?? email;
    } else {
      const lead = await deps.leads.findByLeadId(project.id, sender);
      fullname = lead?.fullname ?? fullname;
      email = lead?.email ?? email;
    }
    return {
      leadId: sender,
      fullname,
      email,
      attributes,
      requester: storedRequester === 'caller' ? membership : member,
      asking: member,
      senderFullname: input.senderFullname || fullname || principal.fullName,
    };
  }

  /** Participants given at creation must be team members or bots of the project. */
  async function checkParticipants(projectId: string, participants: string[]): Promise<void> {
    for (const participant of new Set(participants)) {
      const known = participant.startsWith('bot_')
        ? (await deps.bots.findById(projectId, participant.slice(4))) !== undefined
        : isActiveTeamMember(await deps.projectUsers.findMembership(projectId, { userId: participant }));
      if (!known) throw errors.invalid(`Not a member of the project: ${participant}`);
    }
  }

  /** Followers are memberships (project_user ids) of the team. */
  async function checkFollowers(projectId: string, followers: string[]): Promise<string[]> {
    const unique = [...new Set(followers)];
    const views = await deps.projectUsers.findViewsByIds(projectId, unique);
    const team = new Set(views.filter((v) => isActiveTeamMember(v.row)).map((v) => v.row.id));
    const strangers = unique.filter((id) => !team.has(id));
    if (strangers.length > 0) throw errors.invalid(`Not a member of the project: ${strangers.join(', ')}`);
    return unique;
  }

  async function snapshotRequester(project: ProjectRow, membership?: ProjectUserRow) {
    if (!membership) return undefined;
    const [view] = await deps.projectUsers.findViewsByIds(project.id, [membership.id]);
    return view && projectUserToWire(project, { ...view, user: undefined });
  }

  return {
    resolveRequester,
    checkParticipants,
    checkFollowers,

    /**
     * Creates and routes a request inside the caller's unit of work; emits lead.create (new lead) and request.create.
     * Throws a 409 conflict when the request id is taken (possibly by another project).
     */
    async create(
      emit: Emit,
      project: ProjectRow,
      input: NewRequestInput,
    ): Promise<{ row: RequestRow; wire: RequestWire }> {
      const ticketId = await deps.projects.nextTicketId(project.id);
      const { requester } = input;
      const lead = await deps.leads.upsertForRequester(project.id, {
        leadId: requester.leadId,
        fullname: requester.fullname,
        email: requester.email,
        attributes: requester.attributes,
        createdBy: input.createdBy,
      });
      if (lead.inserted) emit('lead.create', project.id, leadToWire(lead));

      const department = await routing.resolveDepartment(project.id, input.departmentId);
      const explicit = input.participants?.length ? input.participants : undefined;
      if (explicit) await checkParticipants(project.id, explicit);
      const followers = input.followers ? await checkFollowers(project.id, input.followers) : [];
      const temporary = input.status === REQUEST_STATUS.TEMP;
      const decision = await routing.route(project, department, {});
      const participants = explicit ?? (temporary ? [] : decision.participants);
      const { TEMP, ASSIGNED, UNASSIGNED } = REQUEST_STATUS;
      const status = temporary ? TEMP : participants.length > 0 ? ASSIGNED : UNASSIGNED;
      const snapshot = {
        ...(!explicit && { department: departmentToWire(department) }),
        availableAgentsCount: decision.availableAgentsCount,
        requester: await snapshotRequester(project, requester.asking),
        lead: leadToWire(lead),
        agents: decision.candidates.map((id) => ({ id_user: id })),
      };
      const row = await repo.insertRequest({
        ...newRequestRow(project, input, lead),
        ticket_id: ticketId,
        status,
        ...participantColumns(participants),
        assigned_at: participants.length > 0 ? new Date() : null,
        followers,
        department_id: explicit ? null : department.id,
        snapshot: json(snapshot),
      });
      if (!row) throw errors.conflict(`request_id already exists: ${input.requestId}`);
      const wire = await core.present(project, row);
      emit('request.create', project.id, wire, { candidateAgents: candidateAgentsOf(row) });
      await core.announceLoad(emit, project, undefined, row);
      return { row, wire };
    },
  };
}

/** The columns a new request takes from its input and lead (routing adds the rest). */
function newRequestRow(project: ProjectRow, input: NewRequestInput, lead: LeadRow) {
  const now = new Date();
  const sourcePage = input.sourcePage ?? (input.attributes?.sourcePage as string | undefined);
  const contact = lead.email || lead.phone ? { email: lead.email ?? undefined, phone: lead.phone ?? undefined } : null;
  return {
    id: newObjectId(),
    project_id: project.id,
    request_id: input.requestId ?? newRequestId(project.id),
    requester_id: input.requester.requester?.id ?? null,
    lead_id: lead.id,
    subject: input.subject ?? null,
    first_text: input.firstText,
    preflight: input.preflight ?? false,
    priority: input.priority ?? 'medium',
    source_page: input.sourcePage ?? null,
    language: input.language ?? null,
    user_agent: input.userAgent ?? null,
    channel: json(input.channel ?? { name: 'chat21' }),
    attributes: jsonOrNull(input.attributes),
    location: jsonOrNull(input.location),
    smart_assignment: !OFFLINE_CHANNELS.includes(input.channel?.name ?? ''),
    draft: typeof sourcePage === 'string' && sourcePage.includes('td_draft=true'),
    contact: jsonOrNull(contact),
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
  };
}

export type RequestCreation = ReturnType<typeof createRequestCreation>;
