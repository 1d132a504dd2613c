/**
 * The emails conversations cause, decided from the events of a unit of work before it commits
 * (a staging hook), so each is queued atomically with its cause. Tiledesk's rules
 * (its pubmodules/emailNotification/requestNotification.js), made a little quieter:
 *
 * - an agent: a conversation assigned to them (a new one routed to them, or one they join), and a
 *   conversation waiting in the pool of their department (once per conversation and agent);
 * - a follower agent who is not online: new messages in a conversation they follow;
 * - the visitor, when they gave an email and are not online: a human agent's reply (bots answer
 *   while the visitor is there; Tiledesk emails those too);
 * - the visitor, when the project asks for it: the transcript when the conversation closes.
 *
 * "Online" is a live WebSocket subscription in the project, on any instance
 * (platform/presence.ts): the console or the widget is open.
 *
 * Agents must have a verified address and may opt out (their membership's
 * `settings.email.notification`); the project has switches (`settings.email.notification`) and
 * the server one more (EMAIL_NOTIFICATION_ENABLED). Follower and visitor emails are sent at most
 * once per conversation and recipient every NOTICE_WINDOW_MS: a burst of messages is one email,
 * which links to the conversation. Imported history (a close dated in the past, messages
 * imported without `notify`) notifies nobody.
 */
import type { Platform } from '../../platform/context.js';
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { ProjectRow, ProjectUserRow, UserRow } from '../../platform/db/tables.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';
import { projectTimeZone } from '../projects/projects.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { EmailService } from './email.service.js';
import { memberWantsEmail, projectNotifies, sendsTranscriptOnClose } from './email-settings.js';
import { emailLinks, messageViewOf, personOf, projectOf, requestViewOf } from './email-views.js';

/** One follower or visitor email per conversation and recipient in this window. */
const NOTICE_WINDOW_MS = 10 * 60_000;

/** Messages a transcript email shows (the oldest); the transcript link has them all. */
const TRANSCRIPT_EMAIL_MAX_MESSAGES = 300;

type Loose = Record<string, unknown>;

export interface ConversationEmailsDeps {
  email: EmailService;
  projectUsers: ProjectUsersService;
  findProject: (id: string) => Promise<ProjectRow | undefined>;
}

export function createConversationEmails(platform: Platform, deps: ConversationEmailsDeps) {
  const { config } = platform;
  const links = emailLinks(config.publicUrl);

  /** Connected to the console or the widget (a live subscription in the project, any instance). */
  const isOnline = (project: ProjectRow, memberId: string) => platform.presence.isOnline(project.id, memberId);

  /**
   * Notifies these users (their team memberships read in one query) of a conversation: those who
   * may be emailed, each once per conversation when `oncePerConversation`.
   */
  async function agentNotices(
    project: ProjectRow,
    request: Loose,
    userIds: string[],
    kind: 'assignedRequest' | 'pooledRequest',
    oncePerConversation = false,
  ) {
    const humans = userIds.filter((id) => !id.startsWith('bot_'));
    if (humans.length === 0) return;
    const requestId = String(request.request_id);
    const views = await deps.projectUsers.findTeamViewsByUsers(project.id, humans);
    for (const { row: member, user } of views) {
      if (!reachable(member, user, kind === 'assignedRequest' ? 'assigned' : 'pooled')) continue;
      await deps.email.queue({
        kind,
        project,
        to: user.email,
        languages: [user.language],
        requestId,
        userId: user.id,
        ...(oncePerConversation && { dedupeKey: `${kind}:${requestId}:${user.id}` }),
        data: { agent: personOf(user), project: projectOf(project), request: requestViewOf(request, links) },
      });
    }
  }

  async function onRequestRouted(project: ProjectRow, request: Loose, candidates: string[], isNew: boolean) {
    if (request.status === REQUEST_STATUS.UNASSIGNED && projectNotifies(project, 'pooled')) {
      await agentNotices(project, request, candidates, 'pooledRequest', true);
    }
    // A routed request that was not new announces its agents with request.participants.join.
    if (isNew && request.status === REQUEST_STATUS.ASSIGNED && projectNotifies(project, 'assigned')) {
      await agentNotices(
        project,
        request,
        (request.participantsAgents as string[] | undefined) ?? [],
        'assignedRequest',
      );
    }
  }

  async function onMessage(project: ProjectRow, message: Loose) {
    const request = message.request as Loose | undefined;
    if (!request || typeof request !== 'object') return; // a direct message
    const attributes = (message.attributes ?? {}) as Loose;
    if (attributes.subtype === 'info' || attributes.subtype === 'info/support' || message.sender === 'system') return;
    const lead = (request.lead && typeof request.lead === 'object' ? request.lead : {}) as Loose;
    const visitorId = typeof lead.lead_id === 'string' ? lead.lead_id : undefined;
    const sender = String(message.sender);
    const bucket = Math.floor(Date.now() / NOTICE_WINDOW_MS);
    const requestId = String(request.request_id);

    // Followers are memberships (project_user ids), as in Tiledesk.
    const followers = (request.followers as string[] | undefined) ?? [];
    if (followers.length > 0 && projectNotifies(project, 'follower')) {
      for (const { row: member, user } of await deps.projectUsers.findViewsByIds(project.id, followers)) {
        if (!reachable(member, user, 'follower') || user.id === sender) continue;
        if (await isOnline(project, user.id)) continue;
        await deps.email.queue({
          kind: 'newMessageFollower',
          project,
          to: user.email,
          languages: [user.language],
          requestId,
          userId: user.id,
          dedupeKey: `follower:${requestId}:${user.id}:${bucket}`,
          data: {
            agent: personOf(user),
            project: projectOf(project),
            request: requestViewOf(request, links),
            message: messageViewOf(message, visitorId),
          },
        });
      }
    }

    // The visitor hears of a human's reply when they left and gave an address.
    const email = typeof lead.email === 'string' && lead.email.includes('@') ? lead.email : undefined;
    const fromHuman = sender !== visitorId && !sender.startsWith('bot_') && message.type !== 'info';
    if (!email || !visitorId || !fromHuman || !projectNotifies(project, 'offline')) return;
    if (await isOnline(project, visitorId)) return;
    await deps.email.queue({
      kind: 'newMessage',
      project,
      to: email,
      languages: [request.language as string | undefined],
      requestId,
      dedupeKey: `visitor:${requestId}:${bucket}`,
      data: {
        visitor: { fullName: typeof lead.fullname === 'string' ? lead.fullname : email, email },
        project: projectOf(project),
        request: requestViewOf(request, links),
        message: messageViewOf(message, visitorId),
        transcriptUrl: links.transcript(requestId),
      },
    });
  }

  /** The transcript, to the visitor's address (on close when the project asks, or on demand). */
  async function queueTranscript(project: ProjectRow, request: Loose, messages: Loose[], to: string) {
    const lead = (request.lead && typeof request.lead === 'object' ? request.lead : {}) as Loose;
    const visitorId = typeof lead.lead_id === 'string' ? lead.lead_id : undefined;
    const requestId = String(request.request_id);
    const shown = messages
      .filter((m) => (m.attributes as Loose | null | undefined)?.subtype !== 'private')
      .slice(0, TRANSCRIPT_EMAIL_MAX_MESSAGES);
    return deps.email.queue({
      kind: 'sendTranscript',
      project,
      to,
      languages: [request.language as string | undefined],
      requestId,
      data: {
        project: projectOf(project),
        request: requestViewOf(request, links),
        messages: shown.map((m) => messageViewOf(m, visitorId)),
        omitted: Math.max(0, messages.length - shown.length),
        transcriptUrl: links.transcript(requestId),
        timeZone: projectTimeZone(project),
      },
    });
  }

  async function onClose(project: ProjectRow, closed: Loose) {
    if (!sendsTranscriptOnClose(project)) return;
    const lead = (closed.lead && typeof closed.lead === 'object' ? closed.lead : {}) as Loose;
    if (typeof lead.email !== 'string' || !lead.email.includes('@')) return;
    const { messages, ...request } = closed;
    await queueTranscript(project, request, Array.isArray(messages) ? (messages as Loose[]) : [], lead.email);
  }

  /**
   * The staging hook: runs inside the transaction that emitted `events`. Most events can cause no
   * email (a message nobody follows from a visitor, an import's bookkeeping): those are passed
   * over before anything is read.
   */
  async function stage(events: DomainEvent[]): Promise<void> {
    if (!config.email.notificationsEnabled) return;
    const projects = new Map<string, ProjectRow | undefined>();
    const projectFor = async (id: string) => {
      if (!projects.has(id)) projects.set(id, await deps.findProject(id));
      return projects.get(id);
    };
    for (const event of events) {
      if (!mayEmail(event)) continue;
      const project = await projectFor(event.projectId);
      if (!project) continue;
      const payload = event.payload as Loose;
      switch (event.name) {
        case 'request.create':
        case 'request.update':
          await onRequestRouted(
            project,
            payload,
            event.context?.candidateAgents ?? [],
            event.name === 'request.create',
          );
          break;
        case 'request.participants.join':
          if (projectNotifies(project, 'assigned')) {
            await agentNotices(project, payload.request as Loose, [String(payload.member)], 'assignedRequest');
          }
          break;
        case 'message.create':
          await onMessage(project, payload);
          break;
        case 'request.close':
          await onClose(project, payload);
          break;
      }
    }
  }

  return { stage, queueTranscript };
}

/** An agent who may be emailed about the project: active team member, verified address, not opted out. */
function reachable(
  member: ProjectUserRow,
  user: UserRow | undefined,
  kind: 'assigned' | 'pooled' | 'follower',
): user is UserRow {
  return (
    user !== undefined &&
    user.emailverified &&
    member.status === 'active' &&
    !member.trashed &&
    memberWantsEmail(member, kind)
  );
}

/** Whether an event can cause an email at all, from the event alone. */
function mayEmail(event: DomainEvent): boolean {
  if (event.context?.historical) return false;
  const payload = event.payload as Loose;
  const leadOf = (request: unknown) => ((request as Loose | undefined)?.lead ?? {}) as Loose;
  const hasEmail = (lead: Loose) => typeof lead.email === 'string' && lead.email.includes('@');
  switch (event.name) {
    case 'request.create':
      return true;
    case 'request.update':
      return event.context?.routed === true;
    case 'request.participants.join':
      return typeof payload.member === 'string' && !payload.member.startsWith('bot_');
    case 'message.create': {
      const request = payload.request as Loose | undefined;
      if (!request || typeof request !== 'object') return false;
      const followed = Array.isArray(request.followers) && request.followers.length > 0;
      const lead = leadOf(request);
      return followed || (hasEmail(lead) && payload.sender !== lead.lead_id);
    }
    case 'request.close':
      return !event.context?.unattended && hasEmail(leadOf(payload));
    default:
      return false;
  }
}
