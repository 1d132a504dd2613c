/**
 * Posting into conversations. The first message to an unknown request id creates the request
 * (as Tiledesk's widgets and SDK expect); later ones update its last message and, for the first
 * reply of a participant, its waiting time. A text with `\agent` hands a bot-served request to a
 * human; `\close` closes it. Direct messages (user to user, no request) live here too.
 */
import type { Platform } from '../../platform/context.js';
import type { Emit } from '../../platform/events/event-bus.js';
import { errors, isAppError } from '../../platform/errors.js';
import { json } from '../../platform/db/json.js';
import type { MessageRow, ProjectRow, RequestRow } from '../../platform/db/tables.js';
import { actorId } from '../../platform/auth/principal.js';
import type { RequestsService, Caller } from './requests.service.js';
import { can } from '../../platform/auth/policies.js';
import { requestFieldsOf } from './requests-create.js';
import { candidateAgentsOf, type RequestWire } from './requests.schema.js';
import { checkTextLength, type MessagesService, type PageOptions } from './messages.service.js';
import { messageFor } from './requests-visitor.js';
import { messageToWire, type DirectMessageInput, type MessageWire, type PostMessageInput } from './messages.schema.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export interface MessagingDeps {
  requests: RequestsService;
  messages: MessagesService;
}

type Command = 'agent' | 'close';

function commandOf(text: string | undefined): Command | undefined {
  if (text?.includes('\\agent')) return 'agent';
  if (text?.includes('\\close')) return 'close';
  return undefined;
}

export function createMessagingService(platform: Platform, deps: MessagingDeps) {
  const { transaction } = platform;
  const { requests } = deps;
  const core = requests.core;

  /** End users reach only their own conversations; anyone else of the project reaches all. */
  async function readable(project: ProjectRow, caller: Caller, requestId: string) {
    const request = await core.mustFind(project.id, requestId);
    if (!can.readConversation(caller, request)) throw errors.notFound('request', requestId);
    return request;
  }

  /** Bookkeeping on the request: its last message and, on a participant's first reply, the waiting time. */
  async function recordOnRequest(project: ProjectRow, request: RequestRow, message: MessageRow) {
    const firstReply = request.participants.includes(message.sender) && request.waiting_time === null;
    return core.store(project.id, request.request_id, {
      attributes: json({ ...request.attributes, last_message: messageToWire(message) }),
      last_message_at: message.created_at,
      ...(firstReply && {
        waiting_time: message.created_at.getTime() - request.created_at.getTime(),
        first_response_at: message.created_at,
      }),
    });
  }

  async function runCommand(emit: Emit, project: ProjectRow, request: RequestRow, command: Command, by: string) {
    if (command === 'agent' && request.participants_bots.length > 0) {
      const options = { departmentId: request.department_id ?? undefined, nobot: true };
      return (await requests.routeLocked(emit, project, request, options)).wire;
    }
    if (command === 'close' && request.status !== REQUEST_STATUS.CLOSED)
      return requests.closeLocked(emit, project, request, by);
    return undefined;
  }

  /** A first message to an unknown id: the request is created from it (text required for text messages). */
  async function createFromMessage(
    emit: Emit,
    project: ProjectRow,
    caller: Caller,
    requestId: string,
    body: PostMessageInput,
  ) {
    if (!body.text && (!body.type || body.type === 'text')) throw errors.textRequired();
    const requester = await requests.creation.resolveRequester(project, caller, body, 'sender');
    const { row } = await requests.creation.create(emit, project, {
      ...requestFieldsOf(body),
      requestId,
      firstText: body.text || body.type!,
      createdBy: caller.principal.id,
      requester,
      status: body.request_status,
      preflight: body.preflight,
    });
    return { request: row, senderFullname: requester.senderFullname, createdBy: caller.principal.id };
  }

  /** Who may write into an existing conversation, and as whom. */
  function checkWriter(request: RequestRow, caller: Caller, body: PostMessageInput): void {
    if (!can.readConversation(caller, request)) throw errors.notFound('request', request.request_id);
    if (!can.writeAs(caller, body.sender)) throw errors.forbidden('Unauthorized. You can only write as yourself.');
    if (!body.sender && !can.replyWithoutSender(caller, request)) throw errors.notInConversation();
  }

  /** Posts inside the caller's transaction (a bot's answer is stored with the rest of its turn). */
  async function postInTransaction(
    emit: Emit,
    project: ProjectRow,
    caller: Caller,
    requestId: string,
    body: PostMessageInput,
  ): Promise<MessageWire> {
    const command = commandOf(body.text);
    // Routing takes the project lock before the request's: same order as every other path.
    if (command) await core.deps.projects.lockForRouting(project.id);
    const existing = await core.find(project.id, requestId, { forUpdate: true });
    if (existing) checkWriter(existing, caller, body);
    const target = existing
      ? { request: existing, senderFullname: body.senderFullname || caller.principal.fullName, createdBy: undefined }
      : await createFromMessage(emit, project, caller, requestId, body);
    const sender = body.sender || actorId(caller.principal);
    const message = await deps.messages.add(project.id, {
      sender,
      senderFullname: target.senderFullname,
      recipient: requestId,
      text: body.text,
      type: body.type,
      language: body.language,
      channel: body.channel,
      status: body.status,
      attributes: body.attributes,
      metadata: body.metadata,
      createdBy: target.createdBy ?? sender,
    });
    const request = await recordOnRequest(project, target.request, message);
    let wire: RequestWire = await core.present(project, request);
    // The agents it was routed among see the message move the conversation in their live inbox.
    emit('message.create', project.id, messageToWire(message, wire), { candidateAgents: candidateAgentsOf(request) });
    if (command) wire = (await runCommand(emit, project, request, command, sender)) ?? wire;
    return messageToWire(message, wire);
  }

  function attempt(project: ProjectRow, caller: Caller, requestId: string, body: PostMessageInput) {
    return transaction(({ emit }) => postInTransaction(emit, project, caller, requestId, body));
  }

  return {
    postInTransaction,

    /**
     * POST /requests/:request_id/messages: the message, with its (populated) request embedded,
     * in the visitor view for an end user.
     */
    async post(project: ProjectRow, caller: Caller, requestId: string, body: PostMessageInput) {
      checkTextLength(body.text, platform.config.messageMaxTextLength);
      try {
        return messageFor(caller, await attempt(project, caller, requestId, body));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'conflict') throw error;
      }
      // Another first message created the request meanwhile: post into it. A second conflict
      // means the id belongs to another project, where this caller has nothing to find.
      try {
        return messageFor(caller, await attempt(project, caller, requestId, body));
      } catch (error) {
        if (isAppError(error) && error.code === 'conflict') throw errors.notFound('request', requestId);
        throw error;
      }
    },

    async list(project: ProjectRow, caller: Caller, requestId: string) {
      await readable(project, caller, requestId);
      return deps.messages.listForRequest(project.id, requestId);
    },

    async page(project: ProjectRow, caller: Caller, requestId: string, options: PageOptions) {
      await readable(project, caller, requestId);
      return deps.messages.page(project.id, requestId, options);
    },

    async get(project: ProjectRow, caller: Caller, requestId: string, messageId: string) {
      await readable(project, caller, requestId);
      return deps.messages.get(project.id, requestId, messageId);
    },

    /** GET /public/requests/:request_id/messages: the transcript, to anyone who knows the id. */
    async transcript(requestId: string): Promise<MessageRow[]> {
      const projectId = await core.projectOf(requestId);
      return projectId ? deps.messages.listForRequest(projectId, requestId) : [];
    },

    /** POST /:project_id/messages: a direct message to a user, outside any request. */
    sendDirect(project: ProjectRow, caller: Caller, body: DirectMessageInput): Promise<MessageWire> {
      if (!body.text && (!body.type || body.type === 'text')) return Promise.reject(errors.textRequired());
      if ((body.text?.length ?? 0) > platform.config.messageMaxTextLength) {
        return Promise.reject(errors.textTooLong('text', platform.config.messageMaxTextLength));
      }
      return transaction(async ({ emit }) => {
        const sender = actorId(caller.principal);
        const message = await deps.messages.add(project.id, {
          sender,
          senderFullname: body.senderFullname || caller.principal.fullName,
          recipient: body.recipient,
          recipientFullname: body.recipientFullname,
          text: body.text,
          type: body.type,
          channelType: 'direct',
          language: body.language,
          channel: body.channel,
          status: 0,
          attributes: body.attributes,
          metadata: body.metadata,
          createdBy: sender,
        });
        const wire = messageToWire(message);
        emit('message.create', project.id, wire);
        return wire;
      });
    },

    listDirect: (project: ProjectRow) => deps.messages.listDirect(project.id),
  };
}
