import { sql } from 'kysely';
import type { Attributes } from '../../platform/db/tables.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import { copyField, copyRows } from '../../platform/db/copy-in.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** A message about to be stored, with its jsonb columns as plain values. */
export interface MessageRecord {
  id: string;
  project_id: string;
  recipient: string;
  recipient_fullname: string | null;
  sender: string;
  sender_fullname: string;
  type: string;
  channel_type: string;
  text: string | null;
  language: string | null;
  channel: { name: string } & Attributes;
  status: number;
  attributes: Attributes | null;
  metadata: Attributes | null;
  client_message_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** Every column of a message, in the order of `copyLine`'s fields. */
const COPY_COLUMNS = [
  'id',
  'project_id',
  'recipient',
  'recipient_fullname',
  'sender',
  'sender_fullname',
  'type',
  'channel_type',
  'text',
  'language',
  'channel',
  'status',
  'attributes',
  'metadata',
  'client_message_id',
  'created_by',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof MessageRecord>;

/** A record as one line of COPY's text format (jsonb columns as JSON text). */
function copyLine(record: MessageRecord): string {
  return (
    copyField(record.id) +
    '\t' +
    copyField(record.project_id) +
    '\t' +
    copyField(record.recipient) +
    '\t' +
    copyField(record.recipient_fullname) +
    '\t' +
    copyField(record.sender) +
    '\t' +
    copyField(record.sender_fullname) +
    '\t' +
    copyField(record.type) +
    '\t' +
    copyField(record.channel_type) +
    '\t' +
    copyField(record.text) +
    '\t' +
    copyField(record.language) +
    '\t' +
    copyField(JSON.stringify(record.channel)) +
    '\t' +
    record.status +
    '\t' +
    copyField(record.attributes === null ? null : JSON.stringify(record.attributes)) +
    '\t' +
    copyField(record.metadata === null ? null : JSON.stringify(record.metadata)) +
    '\t' +
    copyField(record.client_message_id) +
    '\t' +
    copyField(record.created_by) +
    '\t' +
    record.created_at.toISOString() +
    '\t' +
    record.updated_at.toISOString() +
    '\n'
  );
}

/** Messages queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createMessagesRepo(connection: Connection) {
  function insertMessage(record: MessageRecord) {
    const db = connection();
    return db
      .insertInto('messages')
      .values({
        ...record,
        channel: json(record.channel),
        attributes: jsonOrNull(record.attributes),
        metadata: jsonOrNull(record.metadata),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Stores a batch with one COPY, every row as given (so none is read back). The caller has made
   * sure no row repeats a stored client_message_id: the unique index refuses the whole batch if one
   * does. COPY, not INSERT: PostgreSQL then writes the rows a page at a time, about 40% less of
   * its time per message than the fastest INSERT (see "Import throughput" in BENCHMARKS.md).
   */
  async function copyMessages(records: MessageRecord[]): Promise<void> {
    if (records.length === 0) return;
    await copyRows(connection(), 'messages', COPY_COLUMNS, Buffer.from(records.map(copyLine).join('')));
  }

  function findMessagesByClientIds(projectId: string, recipient: string, clientIds: string[]) {
    const db = connection();
    if (clientIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('recipient', '=', recipient)
      .where(sql<boolean>`client_message_id = ANY(${clientIds}::text[])`)
      .execute();
  }

  /**
   * A conversation's messages in (created_at, id) order, both ways on the index
   * messages_recipient_created_idx: `after`/`before` bound the range, `newestFirst` reads it
   * backwards (ORDER BY created_at DESC, id DESC), so the last page of a long history costs one
   * index range of `limit` rows, not the whole history.
   */
  function listMessages(
    projectId: string,
    recipient: string,
    page: {
      after?: { createdAt: Date; id: string };
      before?: { createdAt: Date; id: string };
      limit?: number;
      newestFirst?: boolean;
    } = {},
  ) {
    const db = connection();
    let query = db
      .selectFrom('messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('recipient', '=', recipient);
    if (page.after) {
      query = query.where(sql<boolean>`(created_at, id) > (${page.after.createdAt}, ${page.after.id})`);
    }
    if (page.before) {
      query = query.where(sql<boolean>`(created_at, id) < (${page.before.createdAt}, ${page.before.id})`);
    }
    query = page.newestFirst
      ? query.orderBy('created_at', 'desc').orderBy('id', 'desc')
      : query.orderBy('created_at').orderBy('id');
    if (page.limit !== undefined) query = query.limit(page.limit);
    return query.execute();
  }

  function findMessageById(projectId: string, recipient: string, id: string) {
    const db = connection();
    return db
      .selectFrom('messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('recipient', '=', recipient)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findLatestMessage(projectId: string, recipient: string) {
    const db = connection();
    return db
      .selectFrom('messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('recipient', '=', recipient)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Whether the conversation has a message (one from someone else than `exceptSender`, if given). */
  async function hasMessages(projectId: string, recipient: string, exceptSender?: string): Promise<boolean> {
    const db = connection();
    let query = db
      .selectFrom('messages')
      .select('id')
      .where('project_id', '=', projectId)
      .where('recipient', '=', recipient);
    if (exceptSender !== undefined) query = query.where('sender', '<>', exceptSender);
    const row = await query.limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** How many messages the conversation has, counted up to `max` (an index range, never more). */
  async function countMessagesUpTo(projectId: string, recipient: string, max: number): Promise<number> {
    const db = connection();
    const row = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('messages')
          .select('id')
          .where('project_id', '=', projectId)
          .where('recipient', '=', recipient)
          .limit(max)
          .as('first'),
      )
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    return row.count;
  }

  /**
   * A batch of the project's messages (conversations and direct chats), by conversation, oldest
   * first within each: the order of the (project, recipient, created_at, id) index, so every batch
   * is an index range whatever the project's size. `after` continues strictly after a position.
   */
  function listProjectMessages(
    projectId: string,
    page: { after?: { recipient: string; createdAt: Date; id: string }; limit: number },
  ) {
    const db = connection();
    let query = db.selectFrom('messages').selectAll().where('project_id', '=', projectId);
    if (page.after) {
      const { recipient, createdAt, id } = page.after;
      query = query.where(sql<boolean>`(recipient, created_at, id) > (${recipient}, ${createdAt}, ${id})`);
    }
    return query.orderBy('recipient').orderBy('created_at').orderBy('id').limit(page.limit).execute();
  }

  function deleteMessagesOf(projectId: string, recipient: string) {
    const db = connection();
    return db.deleteFrom('messages').where('project_id', '=', projectId).where('recipient', '=', recipient).execute();
  }

  function listDirectMessages(projectId: string, limit: number) {
    const db = connection();
    return db
      .selectFrom('messages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('channel_type', '=', 'direct')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  return {
    insertMessage,
    copyMessages,
    findMessagesByClientIds,
    listMessages,
    findMessageById,
    findLatestMessage,
    hasMessages,
    countMessagesUpTo,
    listProjectMessages,
    deleteMessagesOf,
    listDirectMessages,
  };
}
