/**
 * Imports conversations from a JSON Lines file through the public API:
 *   1. a requester identity per source customer (anonymous sign-in, remembered in the journal),
 *   2. the request, with an id derived from the source conversation id (re-runs find it),
 *   3. the messages in batches through `/messages/multi`, each carrying a client message id and
 *      its original timestamp (the server deduplicates and keeps the timestamps),
 *   4. `closed` conversations are closed.
 * Every step is idempotent, so a re-run after any interruption completes the job without
 * duplicating anything; the journal only saves work.
 */
import { createHash } from 'node:crypto';
import { ApiClient, describeFailure, ServerUnavailableError } from './api-client.js';
import { parseConversationLine, toEpochMs, type ImportConversation } from './format.js';
import { readLines } from './jsonl.js';
import { Progress, type ProgressCounts } from './progress.js';
import { ImportState } from './state.js';

export interface ImportOptions {
  file: string;
  baseUrl: string;
  projectId: string;
  authorization: string;
  batchSize: number;
  concurrency: number;
  statePath: string;
  totalLines: number;
  totalBytes: number;
  signal: AbortSignal;
}

export interface Rejection {
  line: number;
  conversationId?: string;
  reasons: string[];
}

export interface ImportSummary extends ProgressCounts {
  rejections: Rejection[];
  /** Set when the run stopped early (interrupted, or the server stayed unreachable). */
  stoppedBecause?: string;
}

/** The request id a source conversation gets: stable across runs, in Tiledesk's format. */
export function requestIdFor(projectId: string, conversationId: string): string {
  const hex = createHash('sha256').update(`${projectId}\n${conversationId}`).digest('hex').slice(0, 32);
  return `support-group-${projectId}-${hex}`;
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const api = new ApiClient({ baseUrl: options.baseUrl, authorization: options.authorization, signal: options.signal });
  const state = new ImportState(options.statePath);
  const progress = new Progress(options.totalLines, options.totalBytes);
  const summary: ImportSummary = {
    conversations: 0,
    skipped: 0,
    rejected: 0,
    messages: 0,
    bytesDone: 0,
    rejections: [],
  };
  const pid = options.projectId;
  const requesterPending = new Map<string, Promise<string>>();

  const reject = (line: number, reasons: string[], conversationId?: string) => {
    summary.rejected++;
    summary.rejections.push({ line, conversationId, reasons });
  };

  async function requesterUuid(conversation: ImportConversation): Promise<string> {
    const { requester } = conversation;
    const known = state.requesterUuid(requester.id);
    if (known) return known;
    // Two conversations of the same customer in flight share one sign-in.
    let pending = requesterPending.get(requester.id);
    if (!pending) {
      pending = (async () => {
        const response = await api.call(
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
        );
        if (response.status !== 200) throw new Error(`requester: ${describeFailure(response)}`);
        state.recordRequester(requester.id, response.body.user._id);
        return response.body.user._id as string;
      })();
      requesterPending.set(requester.id, pending);
      pending.finally(() => requesterPending.delete(requester.id)).catch(() => {});
    }
    return pending;
  }

  async function importConversation(conversation: ImportConversation): Promise<number> {
    const requestId = requestIdFor(pid, conversation.id);
    const requester = await requesterUuid(conversation);
    const senderOf = (sender: string) => (sender === conversation.requester.id ? requester : sender);
    const messages = [...conversation.messages].sort((a, b) => toEpochMs(a.timestamp) - toEpochMs(b.timestamp));
    const requesterName = [conversation.requester.firstname, conversation.requester.lastname].filter(Boolean).join(' ');

    const created = await api.call('POST', `/${pid}/requests`, {
      request_id: requestId,
      sender: requester,
      ...(requesterName && { senderFullname: requesterName }),
      ...(conversation.requester.email && { email: conversation.requester.email }),
      first_text: messages.find((m) => m.text)!.text,
      ...(conversation.department && { departmentid: conversation.department }),
      ...(conversation.subject && { subject: conversation.subject }),
      attributes: { ...conversation.attributes, imported_conversation_id: conversation.id },
    });
    // 409: an earlier run created it already.
    if (created.status !== 200 && created.status !== 409) throw new Error(`request: ${describeFailure(created)}`);

    for (let start = 0; start < messages.length; start += options.batchSize) {
      const batch = messages.slice(start, start + options.batchSize).map((message, offset) => ({
        sender: senderOf(message.sender),
        ...(message.senderFullname && { senderFullname: message.senderFullname }),
        ...(message.text !== undefined && { text: message.text }),
        ...(message.type && { type: message.type }),
        ...(message.metadata && { metadata: message.metadata }),
        attributes: {
          ...message.attributes,
          clienttimestamp: toEpochMs(message.timestamp),
          client_message_id: message.id ?? `${conversation.id}#${start + offset}`,
        },
      }));
      const response = await api.call('POST', `/${pid}/requests/${requestId}/messages/multi`, batch);
      if (response.status !== 200)
        throw new Error(`messages ${start + 1}-${start + batch.length}: ${describeFailure(response)}`);
      summary.messages += batch.length;
      progress.update(summary);
    }

    if (conversation.closed) {
      const closed = await api.call('PUT', `/${pid}/requests/${requestId}/close`, {});
      if (closed.status !== 200) throw new Error(`close: ${describeFailure(closed)}`);
    }
    state.recordDone(conversation.id, requestId, messages.length);
    return messages.length;
  }

  const inFlight = new Set<Promise<void>>();
  let fatal: Error | undefined;

  for await (const line of readLines(options.file)) {
    if (options.signal.aborted || fatal) break;
    const parsed = parseConversationLine(line.text);
    if ('problems' in parsed) {
      reject(line.number, parsed.problems);
      summary.bytesDone += line.bytes;
      continue;
    }
    const { conversation } = parsed;
    if (state.isDone(conversation.id)) {
      summary.skipped++;
      summary.bytesDone += line.bytes;
      progress.update(summary);
      continue;
    }
    const task = importConversation(conversation)
      .then(() => {
        summary.conversations++;
      })
      .catch((error: Error) => {
        if (error instanceof ServerUnavailableError || options.signal.aborted) fatal ??= error;
        else reject(line.number, [error.message], conversation.id);
      })
      .finally(() => {
        summary.bytesDone += line.bytes;
        progress.update(summary);
        inFlight.delete(task);
      });
    inFlight.add(task);
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
  }
  await Promise.allSettled([...inFlight]);
  progress.finish(summary);

  if (options.signal.aborted) summary.stoppedBecause = 'interrupted';
  else if (fatal) summary.stoppedBecause = fatal.message;
  return summary;
}
