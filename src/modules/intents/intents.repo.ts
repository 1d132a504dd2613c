import { sql, type Insertable, type Updateable } from 'kysely';
import type { IntentsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/**
 * Full-text match of an intent's question, stemmed in the intent's own language. Like MongoDB's
 * `$text`, any of the words matches (the AND of plainto_tsquery is turned into an OR).
 */
function questionMatches(text: string) {
  return sql<boolean>`search @@ ${anyWord(text)}`;
}

function anyWord(text: string) {
  return sql`replace(plainto_tsquery(parley_ts_config(language), ${text})::text, '&', '|')::tsquery`;
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

/** How the bot engine asks for intents that may answer. */
export interface AnswerFilter {
  /** Only intents with an `answer` (the FAQ engine cannot use flow-only intents). */
  withAnswer: boolean;
}

/** Intents queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createIntentsRepo(connection: Connection) {
  function insertIntent(row: Insertable<IntentsTable>) {
    const db = connection();
    return db.insertInto('intents').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** One multi-row insert; rows that collide with an existing id, display name or intent id are skipped. */
  function insertIntentsSkippingDuplicates(rows: Insertable<IntentsTable>[]) {
    const db = connection();
    if (rows.length === 0) return Promise.resolve([]);
    return db
      .insertInto('intents')
      .values(rows)
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .execute();
  }

  function findIntentById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('intents')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findIntentByIntentId(projectId: string, botId: string, intentId: string) {
    const db = connection();
    return db
      .selectFrom('intents')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('bot_id', '=', botId)
      .where('intent_id', '=', intentId)
      .executeTakeFirst();
  }

  function listIntents(projectId: string, filter: IntentFilter) {
    const db = connection();
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

  function listIntentsOfBot(projectId: string, botId: string) {
    return listIntents(projectId, { botId });
  }

  function updateIntent(projectId: string, id: string, changes: Updateable<IntentsTable>) {
    const db = connection();
    return db
      .updateTable('intents')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function updateIntentsOfBot(projectId: string, botId: string, changes: Updateable<IntentsTable>) {
    const db = connection();
    return db
      .updateTable('intents')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('bot_id', '=', botId)
      .returningAll()
      .execute();
  }

  function deleteIntent(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('intents')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteIntentsOfBot(projectId: string, botId: string) {
    const db = connection();
    return db
      .deleteFrom('intents')
      .where('project_id', '=', projectId)
      .where('bot_id', '=', botId)
      .returningAll()
      .execute();
  }

  // --- answering (the bot engine) -----------------------------------------------------------------

  /** The live, enabled intents of a bot, as the engine may answer with them. */
  function answerable(projectId: string, botId: string, filter: AnswerFilter) {
    const db = connection();
    let query = db
      .selectFrom('intents')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('bot_id', '=', botId)
      .where('trashed', '=', false)
      .where('enabled', '=', true);
    if (filter.withAnswer) query = query.where('answer', 'is not', null).where('answer', '!=', '');
    return query;
  }

  /** The first intent one of whose question lines is `text` (lines and text compared trimmed). */
  function findIntentByQuestionLine(projectId: string, botId: string, text: string, filter: AnswerFilter) {
    return answerable(projectId, botId, filter)
      .where(
        sql<boolean>`EXISTS (SELECT 1 FROM unnest(string_to_array(question, E'\\n')) AS line
        WHERE btrim(line, E' \\t\\r') = btrim(${text}::text, E' \\t\\r\\n'))`,
      )
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
  }

  /** The best full-text match of `text` among the questions, with its rank. */
  function searchIntentByQuestion(projectId: string, botId: string, text: string, filter: AnswerFilter) {
    return answerable(projectId, botId, filter)
      .select(sql<number>`ts_rank(search, ${anyWord(text)})`.as('rank'))
      .where(questionMatches(text))
      .orderBy('rank', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
  }

  /** An intent named by a button or a flow: its `_id`, its intent_id or its display name. */
  function findIntentByReference(projectId: string, botId: string, reference: string, filter: AnswerFilter) {
    return answerable(projectId, botId, filter)
      .where((eb) =>
        eb.or([eb('id', '=', reference), eb('intent_id', '=', reference), eb('intent_display_name', '=', reference)]),
      )
      .orderBy(sql`CASE WHEN id = ${reference} THEN 0 WHEN intent_id = ${reference} THEN 1 ELSE 2 END`)
      .executeTakeFirst();
  }

  /** The bot's fallback intent: named `defaultFallback`, or whose question is `defaultFallback` (older bots). */
  function findFallbackIntent(projectId: string, botId: string, filter: AnswerFilter) {
    return answerable(projectId, botId, filter)
      .where((eb) => eb.or([eb('intent_display_name', '=', 'defaultFallback'), eb('question', '=', 'defaultFallback')]))
      .orderBy(sql`CASE WHEN intent_display_name = 'defaultFallback' THEN 0 ELSE 1 END`)
      .executeTakeFirst();
  }

  return {
    insertIntent,
    insertIntentsSkippingDuplicates,
    findIntentById,
    findIntentByIntentId,
    listIntents,
    listIntentsOfBot,
    updateIntent,
    updateIntentsOfBot,
    deleteIntent,
    deleteIntentsOfBot,
    findIntentByQuestionLine,
    searchIntentByQuestion,
    findIntentByReference,
    findFallbackIntent,
  };
}
