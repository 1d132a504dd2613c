import { sql } from 'kysely';
import type { Attributes } from '../../platform/db/tables.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
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

/**
 * The columns that vary within a batch and their types, as read back from the batch's JSON. The
 * project and recipient are the batch's own parameters and updated_at is created_at: sending them
 * once per row made the statement a third larger.
 */
const BATCH_COLUMNS = {
  id: 'text',
  recipient_fullname: 'text',
  sender: 'text',
  sender_fullname: 'text',
  type: 'text',
  channel_type: 'text',
  text: 'text',
  language: 'text',
  channel: 'jsonb',
  status: 'integer',
  attributes: 'jsonb',
  metadata: 'jsonb',
  client_message_id: 'text',
  created_by: 'text',
  created_at: 'timestamptz',
} satisfies Partial<Record<keyof MessageRecord, string>>;

const BATCH_TYPE = sql.raw(
  Object.entries(BATCH_COLUMNS)
    .map(([name, type]) => `${name} ${type}`)
    .join(', '),
);

/** A record as one element of the batch's JSON: varying columns only, nulls left out. */
function batchElement(record: MessageRecord) {
  return {
    id: record.id,
    recipient_fullname: record.recipient_fullname ?? undefined,
    sender: record.sender,
    sender_fullname: record.sender_fullname,
    type: record.type,
    channel_type: record.channel_type,
    text: record.text ?? undefined,
    language: record.language ?? undefined,
    channel: record.channel,
    status: record.status,
    attributes: record.attributes ?? undefined,
    metadata: record.metadata ?? undefined,
    client_message_id: record.client_message_id ?? undefined,
    created_by: record.created_by,
    created_at: record.created_at,
  };
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
   * One INSERT for a whole batch of one conversation, its rows passed as a single JSON parameter (so
   * no batch size runs into the protocol's limit on bind parameters). Rows whose client_message_id
   * is already stored (a replay) are skipped, not duplicated. Answers the ids of the rows inserted:
   * the caller has the rows themselves, and reading a thousand rows back costs more than writing them.
   */
  async function insertMessagesSkippingKnown(
    projectId: string,
    recipient: string,
    records: MessageRecord[],
  ): Promise<Set<string>> {
    const db = connection();
    if (records.length === 0) return new Set();
    const columns = Object.keys(BATCH_COLUMNS).map((column) => sql.ref(`batch.${column}`));
    const inserted = await db
      .insertInto('messages')
      .columns(['project_id', 'recipient', ...(Object.keys(BATCH_COLUMNS) as Array<keyof MessageRecord>), 'updated_at'])
      .expression(
        sql`SELECT ${projectId}, ${recipient}, ${sql.join(columns)}, batch.created_at
          FROM jsonb_to_recordset(${JSON.stringify(records.map(batchElement))}::jsonb) AS batch(${BATCH_TYPE})`,
      )
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'recipient', 'client_message_id'])
          .where('client_message_id', 'is not', null)
          .doNothing(),
      )
      .returning('id')
      .execute();
    return new Set(inserted.map((row) => row.id));
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
    insertMessagesSkippingKnown,
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
