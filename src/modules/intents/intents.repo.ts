import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { IntentsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

/**
 * Full-text match of an intent's question, stemmed in the intent's own language. Like MongoDB's
 * `$text`, any of the words matches (the AND of plainto_tsquery is turned into an OR).
 */
export function questionMatches(text: string) {
  return sql<boolean>`search @@ ${anyWord(text)}`;
}

function anyWord(text: string) {
  return sql`replace(plainto_tsquery(parley_ts_config(language), ${text})::text, '&', '|')::tsquery`;
}

export function insertIntent(db: Conn, row: Insertable<IntentsTable>) {
  return db.insertInto('intents').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One multi-row insert; rows that collide with an existing id, display name or intent id are skipped. */
export function insertIntentsSkippingDuplicates(db: Conn, rows: Insertable<IntentsTable>[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('intents')
    .values(rows)
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .execute();
}

export function findIntentById(db: Conn, projectId: string, id: string) {
  return db
    .selectFrom('intents')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findIntentByIntentId(db: Conn, projectId: string, botId: string, intentId: string) {
  return db
    .selectFrom('intents')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('bot_id', '=', botId)
    .where('intent_id', '=', intentId)
    .executeTakeFirst();
}

export interface IntentFilter {
  botId?: string;
  text?: string;
  displayName?: string;
  /** Agents see only intents offered to them, and never the start and fallback blocks. */
  agentView?: boolean;
  /** Leaves out trashed intents (Tiledesk's lists include them). */
  liveOnly?: boolean;
  offset?: number;
  /** undefined = no limit */
  limit?: number;
}

export function listIntents(db: Conn, projectId: string, filter: IntentFilter) {
  let query = db.selectFrom('intents').selectAll().where('project_id', '=', projectId);
  if (filter.botId !== undefined) query = query.where('bot_id', '=', filter.botId);
  if (filter.displayName !== undefined) query = query.where('intent_display_name', '=', filter.displayName);
  if (filter.agentView) {
    query = query
      .where('agents_available', '=', true)
      .where('intent_display_name', 'not in', ['start', 'defaultFallback']);
  }
  if (filter.liveOnly) query = query.where('trashed', '=', false);
  if (filter.text !== undefined) {
    query = query.where(questionMatches(filter.text)).orderBy(sql`ts_rank(search, ${anyWord(filter.text)})`, 'desc');
  }
  query = query.orderBy('created_at').orderBy('id');
  if (filter.offset) query = query.offset(filter.offset);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return query.execute();
}

export function listIntentsOfBot(db: Conn, projectId: string, botId: string) {
  return listIntents(db, projectId, { botId });
}

export function updateIntent(db: Conn, projectId: string, id: string, changes: Updateable<IntentsTable>) {
  return db
    .updateTable('intents')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function updateIntentsOfBot(db: Conn, projectId: string, botId: string, changes: Updateable<IntentsTable>) {
  return db
    .updateTable('intents')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('bot_id', '=', botId)
    .returningAll()
    .execute();
}

export function deleteIntent(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('intents')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteIntentsOfBot(db: Conn, projectId: string, botId: string) {
  return db
    .deleteFrom('intents')
    .where('project_id', '=', projectId)
    .where('bot_id', '=', botId)
    .returningAll()
    .execute();
}
