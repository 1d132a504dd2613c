/**
 * The message store: writing and reading the messages of a conversation (keyed by the request's
 * request_id) or of a direct chat. It knows nothing about requests; posting into a conversation,
 * with its side effects, is the messaging service's job (./messaging.service.ts).
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Attributes, MessageRow } from '../../platform/db/tables.js';
import { createMessagesRepo } from './messages.repo.js';
import type { MessageRecord } from './messages.repo.js';

export interface NewMessage {
  sender: string;
  senderFullname?: string;
  recipient: string;
  recipientFullname?: string;
  text?: string;
  type?: string;
  channelType?: 'group' | 'direct';
  language?: string;
  channel?: { name: string } & Attributes;
  status?: number;
  attributes?: Attributes;
  metadata?: Attributes;
  createdBy: string;
  /** Defaults to now; an import passes the client's timestamp. */
  createdAt?: Date;
  clientMessageId?: string;
}

export type MessagesService = ReturnType<typeof createMessagesService>;

/**
 * The length limit of a message's text (MESSAGE_MAX_TEXT_LENGTH), checked wherever a text enters
 * from outside: a message, a first message, a direct message, an imported one, a request's
 * first text. `field` names the offending field in the 422.
 */
export function checkTextLength(text: string | undefined, limit: number, field = 'text'): void {
  if (text !== undefined && text.length > limit) throw errors.textTooLong(field, limit);
}

function toRecord(projectId: string, input: NewMessage, now: Date): MessageRecord {
  const createdAt = input.createdAt ?? now;
  return {
    id: newObjectId(),
    project_id: projectId,
    recipient: input.recipient,
    recipient_fullname: input.recipientFullname ?? null,
    sender: input.sender,
    sender_fullname: input.senderFullname || 'Guest',
    type: input.type ?? 'text',
    channel_type: input.channelType ?? 'group',
    text: input.text ?? null,
    language: input.language ?? null,
    channel: input.channel ?? { name: 'chat21' },
    status: input.status ?? 0,
    attributes: input.attributes ?? null,
    metadata: input.metadata ?? null,
    client_message_id: input.clientMessageId ?? null,
    created_by: input.createdBy,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** Opaque position of a message in a history: its (createdAt, id), base64url-encoded. */
function encodeCursor(row: MessageRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string, hint: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { createdAt: date, id };
  } catch {
    // falls through to the 422 below
  }
  throw errors.invalid(`Invalid cursor: ${hint}`);
}

/** Which page of a history: forward from the start or `after`, or backward from the end or `before`. */
export interface PageOptions {
  limit?: number;
  after?: string;
  before?: string;
  last?: boolean;
}

/** The combinations that name two positions at once are refused before any reading. */
function checkPageOptions(options: PageOptions): void {
  if (options.after !== undefined && options.before !== undefined) {
    throw errors.invalid('Pass either "after" (page forward) or "before" (page backward), not both.');
  }
  if (options.last && (options.after !== undefined || options.before !== undefined)) {
    throw errors.invalid('"last" reads the newest page: it cannot be combined with "after" or "before".');
  }
}

export function createMessagesService({ connection }: Platform) {
  const repo = createMessagesRepo(connection);
  return {
    add: (projectId: string, input: NewMessage) => repo.insertMessage(toRecord(projectId, input, new Date())),

    /**
     * Stores a batch with one COPY. Messages whose client id is already stored (or taken by an
     * earlier message of the batch) are not stored again: the stored one takes their place, so a
     * replay answers the same messages. Returns the messages in input order and, separately, those
     * inserted now. The caller holds the conversation's lock (its request row, FOR UPDATE), so no
     * other import stores a client id of this conversation between the lookup and the COPY.
     */
    async addBatch(
      projectId: string,
      recipient: string,
      inputs: NewMessage[],
    ): Promise<{ messages: MessageRow[]; inserted: MessageRow[] }> {
      const now = new Date();
      const rows = inputs.map((input) => toRecord(projectId, input, now));
      const clientIds: string[] = [];
      for (const row of rows) if (row.client_message_id !== null) clientIds.push(row.client_message_id);
      const stored = await repo.findMessagesByClientIds(projectId, recipient, clientIds);
      const byClientId = new Map<string, MessageRow>(stored.map((row) => [row.client_message_id!, row]));
      // An inserted row is stored exactly as written (every column is given), so it is not read back.
      const inserted: MessageRecord[] = [];
      const messages = rows.map((row): MessageRow => {
        const clientId = row.client_message_id;
        if (clientId !== null) {
          const known = byClientId.get(clientId);
          if (known) return known;
          byClientId.set(clientId, row);
        }
        inserted.push(row);
        return row;
      });
      await repo.copyMessages(inserted);
      return { messages, inserted };
    },

    listForRequest: (projectId: string, requestId: string) => repo.listMessages(projectId, requestId),

    /**
     * One page of a long history, oldest first within the page. Forward (no `last`/`before`):
     * `next` is absent on the last page. Backward (`last`, or `before` a position): the `limit`
     * messages just before it, read newest first from the index and reversed; `previous` is
     * absent once the page holds the first message.
     */
    async page(
      projectId: string,
      requestId: string,
      options: PageOptions,
    ): Promise<{ messages: MessageRow[]; next?: string; previous?: string }> {
      checkPageOptions(options);
      const limit = options.limit ?? 100;
      if (options.last || options.before !== undefined) {
        const before =
          options.before === undefined
            ? undefined
            : decodeCursor(options.before, 'pass the "previous" value of a page as "before".');
        const rows = await repo.listMessages(projectId, requestId, { before, limit: limit + 1, newestFirst: true });
        const more = rows.length > limit;
        const messages = (more ? rows.slice(0, limit) : rows).reverse();
        const first = messages[0];
        return { messages, previous: more && first ? encodeCursor(first) : undefined };
      }
      const after = options.after
        ? decodeCursor(options.after, 'pass the "next" value of the previous page as "after".')
        : undefined;
      const rows = await repo.listMessages(projectId, requestId, { after, limit: limit + 1 });
      const more = rows.length > limit;
      const messages = more ? rows.slice(0, limit) : rows;
      const last = messages.at(-1);
      return { messages, next: more && last ? encodeCursor(last) : undefined };
    },

    async get(projectId: string, requestId: string, messageId: string): Promise<MessageRow> {
      const message = await repo.findMessageById(projectId, requestId, messageId);
      if (!message) throw errors.notFound('message', messageId);
      return message;
    },

    latest: (projectId: string, requestId: string) => repo.findLatestMessage(projectId, requestId),

    hasAny: (projectId: string, requestId: string, exceptSender?: string) =>
      repo.hasMessages(projectId, requestId, exceptSender),

    countUpTo: repo.countMessagesUpTo,

    /** The conversation's messages from the start, oldest first, `size` at a time, `max` at most. */
    async *batches(projectId: string, requestId: string, options: { size: number; max: number }) {
      let after: { createdAt: Date; id: string } | undefined;
      for (let left = options.max; left > 0;) {
        const limit = Math.min(options.size, left);
        const rows = await repo.listMessages(projectId, requestId, { after, limit });
        if (rows.length > 0) yield rows;
        if (rows.length < limit) return;
        left -= rows.length;
        const last = rows.at(-1)!;
        after = { createdAt: last.created_at, id: last.id };
      }
    },

    /** Every message of the project, `size` at a time, by conversation (see listProjectMessages). */
    async *projectBatches(projectId: string, size: number) {
      let after: { recipient: string; createdAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await repo.listProjectMessages(projectId, { after, limit: size });
        if (rows.length > 0) yield rows;
        if (rows.length < size) return;
        const last = rows.at(-1)!;
        after = { recipient: last.recipient, createdAt: last.created_at, id: last.id };
      }
    },

    async deleteForRequest(projectId: string, requestId: string): Promise<void> {
      await repo.deleteMessagesOf(projectId, requestId);
    },

    listDirect: (projectId: string, limit = 300) => repo.listDirectMessages(projectId, limit),
  };
}
