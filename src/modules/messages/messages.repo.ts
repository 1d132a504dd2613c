import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { MessagesTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export function insertMessage(db: Conn, row: Insertable<MessagesTable>) {
  return db.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * One multi-row INSERT for a batch. Rows whose client_message_id is already stored (a replay)
 * are skipped, not duplicated; only the rows actually inserted come back.
 */
export function insertMessagesSkippingKnown(db: Conn, rows: Insertable<MessagesTable>[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('messages')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'recipient', 'client_message_id'])
        .where('client_message_id', 'is not', null)
        .doNothing(),
    )
    .returningAll()
    .execute();
}

export function findMessagesByClientIds(db: Conn, projectId: string, recipient: string, clientIds: string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('messages')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('recipient', '=', recipient)
    .where('client_message_id', 'in', clientIds)
    .execute();
}

/** Oldest first; `after` continues strictly after a (created_at, id) position. */
export function listMessages(
  db: Conn,
  projectId: string,
  recipient: string,
  page: { after?: { createdAt: Date; id: string }; limit?: number } = {},
) {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('recipient', '=', recipient);
  if (page.after) {
    query = query.where(sql<boolean>`(created_at, id) > (${page.after.createdAt}, ${page.after.id})`);
  }
  query = query.orderBy('created_at').orderBy('id');
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.execute();
}

export function findMessageById(db: Conn, projectId: string, recipient: string, id: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('recipient', '=', recipient)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findLatestMessage(db: Conn, projectId: string, recipient: string) {
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

export async function hasMessages(db: Conn, projectId: string, recipient: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('project_id', '=', projectId)
    .where('recipient', '=', recipient)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function deleteMessagesOf(db: Conn, projectId: string, recipient: string) {
  return db.deleteFrom('messages').where('project_id', '=', projectId).where('recipient', '=', recipient).execute();
}

export function listDirectMessages(db: Conn, projectId: string, limit: number) {
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
