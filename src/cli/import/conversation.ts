/**
 * Imports one conversation through the public API, each step idempotent:
 *   1. the request, with an id derived from the source conversation id and the import's secret:
 *      if it exists (an earlier run), and this importer created it for this conversation, its
 *      requester is read back from it; otherwise the requester's identity (an anonymous sign-in,
 *      once per source customer) asks for it,
 *   2. the messages in batches through `/messages/multi`, each with a client message id and its
 *      original timestamp (the server deduplicates and keeps the timestamps),
 *   3. closed conversations are closed at their end time.
 */
import { createHmac } from 'node:crypto';
import { describeFailure, type ApiClient, type ApiResponse } from './api-client.js';
import { toEpochMs, type ImportConversation } from './format.js';
import type { ImportState } from './state.js';

/**
 * The request id a source conversation gets, in Tiledesk's format: stable across runs of one
 * import (the key is kept in its journal), and unguessable without the key, so nobody can open a
 * conversation at that id before the import and be handed its history (source ids are often
 * sequential or known to the customer).
 */
export function requestIdFor(idKey: string, projectId: string, conversationId: string): string {
  const hex = createHmac('sha256', idKey).update(`${projectId}\n${conversationId}`).digest('hex').slice(0, 32);
  return `support-group-${projectId}-${hex}`;
}

/** A failure that stops the whole run (every further call would fail the same way). */
export class FatalImportError extends Error {}

export interface ConversationImporterOptions {
  api: ApiClient;
  state: ImportState;
  projectId: string;
  /** The importing account's user id: the only creator whose requests an import writes into. */
  importerId: string;
  /** Messages per `/multi` call; lowered for the rest of the run when the server answers 413. */
  batchSize: number;
  /** Department ids by id and by name. */
  departments: Map<string, string>;
  onMessages(count: number): void;
}

export function createConversationImporter(options: ConversationImporterOptions) {
  const { api, state, projectId: pid } = options;
  let batchSize = options.batchSize;
  const requesterPending = new Map<string, Promise<string>>();

  const check = (response: ApiResponse, what: string, ok = [200]): ApiResponse => {
    if (ok.includes(response.status)) return response;
    const message = `${what}: ${describeFailure(response)}`;
    throw response.status === 401 ? new FatalImportError(message) : new Error(message);
  };

  /** The source customer's guest uuid: from the journal, or a new anonymous identity. */
  function requesterUuid(conversation: ImportConversation): Promise<string> {
    const { requester } = conversation;
    const known = state.requesterUuid(requester.id);
    if (known) return Promise.resolve(known);
    // Two conversations of the same customer in flight share one sign-in.
    let pending = requesterPending.get(requester.id);
    if (!pending) {
      pending = (async () => {
        const response = check(
          await api.call(
            'POST',
            '/auth/signinAnonymously',
            {
              id_project: pid,
              firstname: requester.firstname,
              lastname: requester.lastname,
              email: requester.email,
              attributes: { imported_requester_id: requester.id },
            },
            false,
          ),
          'requester',
        );
        state.recordRequester(requester.id, response.body.user._id);
        return response.body.user._id as string;
      })();
      requesterPending.set(requester.id, pending);
      pending.finally(() => requesterPending.delete(requester.id)).catch(() => {});
    }
    return pending;
  }

  /**
   * The uuid an existing request was created for, so a re-run writes as the same requester. Only
   * a request this importer created for this conversation is written into: anyone else's (a
   * visitor who found the id) is refused, never handed the history.
   */
  function requesterOf(request: any, conversation: ImportConversation): string {
    if (
      request?.createdBy !== options.importerId ||
      request?.attributes?.imported_conversation_id !== conversation.id
    ) {
      throw new Error(
        `request ${request?.request_id} exists and was not created by this import for this conversation; nothing imported into it`,
      );
    }
    const uuid = request?.snapshot?.requester?.uuid_user ?? request?.lead?.lead_id;
    if (typeof uuid !== 'string') throw new Error('the existing request has no requester');
    state.recordRequester(conversation.requester.id, uuid);
    return uuid;
  }

  async function ensureRequest(conversation: ImportConversation, requestId: string, firstText: string) {
    const path = `/${pid}/requests/${requestId}`;
    const existing = check(await api.call('GET', path), 'request', [200, 404]);
    if (existing.status === 200) return requesterOf(existing.body, conversation);

    const requester = await requesterUuid(conversation);
    const { email } = conversation.requester;
    const created = check(
      await api.call('POST', `/${pid}/requests`, {
        request_id: requestId,
        sender: requester,
        senderFullname: displayName(conversation),
        ...(email && { email }),
        first_text: firstText,
        ...(conversation.department && { departmentid: options.departments.get(conversation.department) }),
        ...(conversation.subject && { subject: conversation.subject }),
        attributes: { ...conversation.attributes, imported_conversation_id: conversation.id },
      }),
      'request',
      [200, 409],
    );
    if (created.status === 200) return requester;
    // 409: created meanwhile (another run of the same file); use it as it is.
    const found = check(await api.call('GET', path), 'request');
    return requesterOf(found.body, conversation);
  }

  /** Posts a batch; on 413 (too many messages or too many bytes) posts it in halves. */
  async function postBatch(requestId: string, batch: object[], first: number): Promise<void> {
    const response = await api.call('POST', `/${pid}/requests/${requestId}/messages/multi`, batch);
    if (response.status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      batchSize = Math.min(batchSize, half);
      await postBatch(requestId, batch.slice(0, half), first);
      await postBatch(requestId, batch.slice(half), first + half);
      return;
    }
    check(response, `messages ${first + 1}-${first + batch.length}`);
    options.onMessages(batch.length);
  }

  return async function importConversation(conversation: ImportConversation): Promise<number> {
    const requestId = requestIdFor(state.idKey, pid, conversation.id);
    // Stable sort: messages with equal timestamps keep the file's order.
    const messages = [...conversation.messages].sort((a, b) => toEpochMs(a.timestamp) - toEpochMs(b.timestamp));
    const requester = await ensureRequest(conversation, requestId, messages.find((m) => m.text)!.text!);
    const requesterName = displayName(conversation);

    // Built field by field: conditional spreads cost a lot per message at this volume.
    const wire = messages.map((message, index) => {
      const fromRequester = message.sender === conversation.requester.id;
      const item: Record<string, unknown> = {
        sender: fromRequester ? requester : message.sender,
        senderFullname: message.senderFullname || (fromRequester ? requesterName : message.sender),
        attributes: Object.assign({}, message.attributes, {
          clienttimestamp: toEpochMs(message.timestamp),
          client_message_id: message.id ?? `${conversation.id}#${index}`,
        }),
      };
      if (message.text !== undefined) item.text = message.text;
      if (message.type) item.type = message.type;
      if (message.metadata) item.metadata = message.metadata;
      return item;
    });
    for (let start = 0; start < wire.length;) {
      const batch = wire.slice(start, start + batchSize);
      await postBatch(requestId, batch, start);
      start += batch.length;
    }

    if (conversation.closed || conversation.closed_at !== undefined) {
      // Not empty: it has a message with text (the requester's first, above).
      const end = conversation.closed_at ?? messages.at(-1)!.timestamp;
      check(await api.call('PUT', `/${pid}/requests/${requestId}/close`, { closed_at: toEpochMs(end) }), 'close');
    }
    state.recordDone(conversation.id, requestId, messages.length);
    return messages.length;
  };
}

/** The requester's name for their lead and messages: full name, else email, else the source id. */
function displayName(conversation: ImportConversation): string {
  const { firstname, lastname, email, id } = conversation.requester;
  return [firstname, lastname].filter(Boolean).join(' ') || email || id;
}
