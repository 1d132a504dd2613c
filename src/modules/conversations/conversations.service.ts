/**
 * Conversations: requests and their messages, one area with one public surface.
 *
 * Everything that changes a conversation goes through a command below; each is one unit of work
 * (joining the caller's when there is one) and takes its locks in the one order the module uses:
 * the project's routing lock first (when the change may route), then the request's row. The bot
 * engine, the importer, webhooks, realtime and every future channel use only this surface; the
 * files beside it (requests.core.ts, requests-create.ts, messaging.service.ts ...) are private to
 * the module, which lint enforces.
 *
 * A message is stored by `post` (or `importHistory` for a batch with original timestamps): the
 * messages repo inserts it, the request's bookkeeping (last message, first text, status) is
 * updated in the same transaction, and the emitted `message.create` / `request.update` events are
 * appended to the event log, staged for webhooks and bot turns, then published to realtime.
 */
import { createTyping } from './typing.js';
import type { Platform } from '../../platform/context.js';
import type { ProjectRow, RequestRow } from '../../platform/db/tables.js';
import type { RequestsDeps } from './requests.core.js';
import { createRequestsService } from './requests.service.js';
import { createMessagesService } from './messages.service.js';
import { createMessagingService } from './messaging.service.js';
import { createMessageImport } from './messages-multi.js';
import { createTranscripts } from './transcripts.js';
import { projectMessagesCsv } from './messages-export.js';
import type { NewMessage } from './messages.service.js';
import type { RequestWire } from './requests.schema.js';

import type { Caller } from './requests-create.js';
import type { PostMessageInput } from './messages.schema.js';

// What other areas may know of a conversation besides the commands: who calls, what a message to
// store is, and the visitor's view of the wire (realtime frames). Who may see a request is a
// policy (platform/auth/policies.ts).
export type { Caller };
export type { NewMessage };
export { messageToVisitorWire, requestToVisitorWire } from './requests-visitor.js';
export type ConversationsDeps = Omit<RequestsDeps, 'messages'>;
export type ConversationsService = ReturnType<typeof createConversationsService>;

export function createConversationsService(platform: Platform, deps: ConversationsDeps) {
  const { transaction } = platform;
  const messages = createMessagesService(platform);
  const requests = createRequestsService(platform, { ...deps, messages });
  const messaging = createMessagingService(platform, { requests, messages });
  const history = createMessageImport(platform, { requests, messages });
  const { core } = requests;
  const transcripts = createTranscripts(core, messages);
  const signalTyping = createTyping(platform, requests.canFollow);

  return {
    // --- commands ---------------------------------------------------------------------------------

    /** Opens a conversation (POST /requests) and routes it: a bot, an agent, or the pool. */
    open: requests.createRequest,
    /** Posts a message; the first message to an unknown request id opens the conversation. */
    post: messaging.post,
    /**
     * A bot's answer, stored inside the caller's unit of work (the turn that produced it holds the
     * conversation): no length check or retry, the conversation exists and its row is held.
     */
    postAnswer: (project: ProjectRow, caller: Caller, requestId: string, body: PostMessageInput) =>
      transaction(({ emit }) => messaging.postInTransaction(emit, project, caller, requestId, body)),
    /** A batch of messages with their original timestamps, idempotent per message. */
    importHistory: history.importMessages,
    /** A direct message between two users, outside any request. */
    sendDirect: messaging.sendDirect,
    /** "Someone is typing": a live signal to whoever follows the conversation, never stored. */
    signalTyping,

    /** Routing, assignment and hand-off. */
    route: {
      reroute: requests.reroute,
      addParticipant: requests.addParticipant,
      removeParticipant: requests.removeParticipant,
      setParticipants: requests.setParticipants,
      /**
       * The bot gave up on a conversation it serves (inside the caller's unit of work, which holds
       * the locks): says so in the conversation and routes it to humans, bots left out.
       */
      async handOffToHumans(project: ProjectRow, request: RequestRow, notice: NewMessage): Promise<void> {
        await transaction(async ({ emit }) => {
          const wire = await core.present(project, request);
          await core.postMessage(emit, project, notice, wire);
          const departmentId = request.department_id ?? undefined;
          await requests.routeLocked(emit, project, request, { departmentId, nobot: true });
        });
      },
    },

    close: requests.close,
    /** Auto-close: closes the conversation unless it changed after `idleSince` (or is closed). */
    closeIdle: requests.closeIdle,
    reopen: requests.reopen,
    remove: requests.remove,

    /** What people add to a conversation without changing its course. */
    annotate: {
      addNote: requests.addNote,
      deleteNote: requests.deleteNote,
      addTags: requests.addTags,
      removeTag: requests.removeTag,
      addFollower: requests.addFollower,
      removeFollower: requests.removeFollower,
      setFollowers: requests.setFollowers,
      rate: requests.rate,
      mergeAttributes: requests.mergeAttributes,
      patch: requests.patch,
    },

    /**
     * Runs `work` on a conversation inside one unit of work, holding its locks in the module's
     * order (the routing lock first when `routing`, then the request row): how the bot engine
     * finishes a turn atomically. `request` is undefined when the conversation is gone.
     */
    withConversation<T>(
      projectId: string,
      requestId: string,
      options: { routing: boolean },
      work: (request: RequestRow | undefined) => Promise<T>,
    ): Promise<T> {
      return transaction(async () => {
        if (options.routing) await deps.projects.lockForRouting(projectId);
        return work(await core.find(projectId, requestId, { forUpdate: true }));
      });
    },

    // --- queries ----------------------------------------------------------------------------------

    /** The stored request row (no visibility check: for the server's own engines). */
    find: (projectId: string, requestId: string): Promise<RequestRow | undefined> => core.find(projectId, requestId),
    get: (project: ProjectRow, requestId: string): Promise<RequestWire> => requests.get(project, requestId),
    getFor: requests.getFor,
    readAhead: requests.readAhead,
    list: requests.list,
    listMine: requests.listMine,
    csv: requests.csv,
    count: requests.count,
    inbox: requests.inbox,
    canFollow: requests.canFollow,
    /** Who a new request of a department would be routed to now, without routing anything. */
    previewRouting: core.routing.preview,

    messages: {
      get: messaging.get,
      list: messaging.list,
      page: messaging.page,
      transcript: messaging.transcript,
      /** A public transcript to render (HTML, text, CSV, PDF), read a batch at a time. */
      openTranscript: transcripts.open,
      listDirect: messaging.listDirect,
      /** GET /messages/csv: the project's messages as CSV text, produced a batch at a time. */
      exportCsv: (project: ProjectRow) => projectMessagesCsv(messages, project.id),
    },
  };
}
