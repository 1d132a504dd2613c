/**
 * Conversations (reference §6): the inbox `/<project>/requests`, one request
 * `/<project>/requests/<request_id>` and its messages `/<project>/requests/<request_id>/messages`;
 * beyond Tiledesk, who is typing in it, `/<project>/requests/<request_id>/typing`.
 *
 * Who sees what is GET /requests' rule (platform/auth/policies.ts): owners, admins and subscriptions
 * everything; agents the requests they take part in or were routed among; bots theirs. The inbox
 * filters every live frame per subscriber by it. Beyond Tiledesk, visitors (guests, external
 * users) may follow their own conversations, so a widget needs no other broker; they receive
 * them in the visitor view (requests-visitor.ts), without the team's notes and details.
 *
 * Snapshots are bounded in bytes as well as in items (a quarter of REALTIME_MAX_BUFFERED_BYTES):
 * whatever visitors write, subscribing never gets a socket dropped.
 */
import type { AppContext } from '../../../app-context.js';
import type { DomainEvent } from '../../../platform/events/event-bus.js';
import {
  requestToInboxFrame,
  requestToInboxSummary,
  withPreviews,
  type RequestWire,
} from '../../conversations/requests.schema.js';
import { messageToWire, type MessageWire } from '../../conversations/messages.schema.js';
import { TYPING_EVENT, type TypingSignal } from '../../conversations/typing.schema.js';
import { isVisible, isVisitor, visibilityOf, type TeamVisibility } from '../../../platform/auth/policies.js';
import { messageToVisitorWire, requestToVisitorWire, type Caller } from '../../conversations/conversations.service.js';
import {
  allow,
  notFound,
  param,
  teamRole,
  withinBytes,
  type Authorization,
  type Publication,
  type Subscriber,
  type TopicDefinition,
} from '../realtime.topics.js';
import type { Method } from '../realtime.protocol.js';
import { REQUEST_STATUS } from '../../../../web/shared/request-status.js';

/** Tiledesk's WS_HISTORY_REQUESTS_LIMIT and WS_HISTORY_MESSAGES_LIMIT. */
const INBOX_SIZE = 100;
const HISTORY_SIZE = 300;

/** What decides who sees a request (`isVisible`). */
type RequestAudience = Parameters<typeof isVisible>[1];

const callerOf = ({ principal, membership }: Subscriber): Caller => ({ principal, membership });

/** What a subscription to one conversation keeps: whether its subscriber gets the visitor view. */
interface ConversationAccess {
  visitor: boolean;
}
const VISITOR = 'visitor';
const viewOf = (access: unknown) => ((access as ConversationAccess | undefined)?.visitor ? VISITOR : undefined);

export function requestTopics({ services, config }: AppContext): TopicDefinition[] {
  const snapshotBudget = Math.floor(config.realtime.maxBufferedBytes / 4);
  /** Largest inbox frame (64 KiB by default): the inbox goes to every agent, a frame per change. */
  const frameBudget = Math.floor(snapshotBudget / 16);

  /** Visitors reach their own conversations; the team those GET /requests lists for them. */
  async function authorizeOne(subscriber: Subscriber, params: Record<string, string>): Promise<Authorization> {
    const visitor = isVisitor(callerOf(subscriber));
    if (!visitor) {
      const role = teamRole(subscriber, 'agent', ['bot', 'subscription']);
      if (!role.ok) return role;
    }
    const followed = await services.conversations.canFollow(
      subscriber.project,
      callerOf(subscriber),
      param(params, 'request_id'),
    );
    return followed ? allow({ visitor } satisfies ConversationAccess) : notFound('Request not found.');
  }

  const inbox: TopicDefinition = {
    pattern: '/:project_id/requests',
    async authorize(subscriber) {
      const role = teamRole(subscriber, 'agent', ['bot', 'subscription']);
      return role.ok ? allow(visibilityOf(callerOf(subscriber))) : role;
    },
    snapshot: async (subscriber) =>
      withinBytes(
        await services.conversations.inbox(subscriber.project, callerOf(subscriber), INBOX_SIZE),
        snapshotBudget,
        requestToInboxSummary,
      ),
    on: {
      'request.create': (event) => inboxFrame(event, 'CREATE', frameBudget),
      'request.update': (event) => inboxFrame(event, 'UPDATE', frameBudget),
    },
    filter: {
      audience(message): RequestAudience {
        const request = message as { participants?: string[]; snapshot?: { agents?: Array<{ id_user: string }> } };
        return {
          participants: request.participants ?? [],
          candidateAgents: (request.snapshot?.agents ?? []).map((agent) => agent.id_user),
        };
      },
      visible: (access, audience) => isVisible(access as TeamVisibility, audience as RequestAudience),
    },
  };

  const one: TopicDefinition = {
    pattern: '/:project_id/requests/:request_id',
    authorize: authorizeOne,
    async snapshot({ project }, params, access) {
      const request = await services.conversations.get(project, param(params, 'request_id'));
      return viewOf(access) ? requestToVisitorWire(request) : request;
    },
    on: {
      'request.create': (event) => requestFrame(event, 'CREATE'),
      'request.update': (event) => requestFrame(event, 'UPDATE'),
    },
    view: { of: viewOf, present: (_, message) => requestToVisitorWire(message as RequestWire) },
  };

  const messages: TopicDefinition = {
    pattern: '/:project_id/requests/:request_id/messages',
    authorize: authorizeOne,
    async snapshot(subscriber, params) {
      const page = await services.conversations.messages.page(
        subscriber.project,
        callerOf(subscriber),
        param(params, 'request_id'),
        {
          limit: HISTORY_SIZE,
        },
      );
      return withinBytes(
        page.messages.map((message) => messageToWire(message)),
        snapshotBudget,
        messageSummary,
      );
    },
    on: {
      'message.create': (event) => {
        const message = event.payload as MessageWire;
        // Direct messages belong to no request, and so to no topic.
        const request = message.request;
        if (!request?.request_id) return [];
        // The message carries its text: its request only needs previews of the long ones.
        const frame = { ...message, request: withPreviews(request) };
        return [
          { topic: `/${event.projectId}/requests/${request.request_id}/messages`, method: 'CREATE', message: frame },
        ];
      },
    },
    view: { of: viewOf, present: (_, message) => messageToVisitorWire(message as MessageWire) },
  };

  const typing: TopicDefinition = {
    pattern: '/:project_id/requests/:request_id/typing',
    authorize: authorizeOne,
    // Nobody is typing as far as a new follower knows: signals repeat every few seconds.
    snapshot: async () => [],
    on: {
      [TYPING_EVENT]: (event) => {
        const signal = event.payload as TypingSignal;
        return [
          { topic: `/${event.projectId}/requests/${signal.request_id}/typing`, method: 'UPDATE', message: signal },
        ];
      },
    },
  };

  return [inbox, one, messages, typing];
}

/** A message too big for a snapshot's room: without its free-form attributes and metadata (`partial`). */
function messageSummary({ attributes: _attributes, metadata: _metadata, ...message }: MessageWire) {
  return { ...message, partial: true };
}

/** Preflight requests are not shown yet (as Tiledesk); the inbox leaves out temporary ones and drafts. */
function inboxFrame(event: DomainEvent, method: Method, budget: number): Publication[] {
  const request = event.payload as RequestWire;
  if (request.preflight || request.status <= REQUEST_STATUS.TEMP || request.draft) return [];
  const frame = requestToInboxFrame(request, event.context?.candidateAgents ?? []);
  // A request too big to go to every agent whole goes as its summary (`partial`).
  const message = Buffer.byteLength(JSON.stringify(frame)) > budget ? requestToInboxSummary(frame) : frame;
  return [{ topic: `/${event.projectId}/requests`, method, message }];
}

function requestFrame(event: DomainEvent, method: Method): Publication[] {
  const request = event.payload as RequestWire;
  if (request.preflight) return [];
  return [{ topic: `/${event.projectId}/requests/${request.request_id}`, method, message: request }];
}
