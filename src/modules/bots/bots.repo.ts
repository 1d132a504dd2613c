import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { BotsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export function findBotById(db: Conn, projectId: string, id: string) {
  return db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/**
 * The bot, its row locked until the transaction ends. Changes that touch a bot and its intents
 * take this lock first, so two of them always lock in the same order (bot, then intents) and
 * cannot deadlock.
 */
export function lockBotById(trx: Trx, projectId: string, id: string) {
  return trx
    .selectFrom('bots')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function findBotsByIds(db: Conn, projectId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('id', 'in', ids).execute();
}

/** The project's live bots that carry widget rules in their attributes. */
export function listBotsWithRules(db: Conn, projectId: string) {
  return db
    .selectFrom('bots')
    .select(['id', 'attributes'])
    .where('project_id', '=', projectId)
    .where('trashed', '=', false)
    .where(sql<boolean>`jsonb_typeof(attributes -> 'rules') = 'array'`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A bot its owners shared (`public`): the one lookup that is not scoped to a project. */
export function findPublicBotById(db: Conn, id: string) {
  return db
    .selectFrom('bots')
    .selectAll()
    .where('id', '=', id)
    .where('public', '=', true)
    .where('trashed', '=', false)
    .executeTakeFirst();
}

export interface BotFilter {
  /** Include the server's own `identity` bots. */
  includeIdentity?: boolean;
  text?: string;
  /** The language the text is written in (default: each bot's own). */
  language?: string;
  public?: boolean;
  certified?: boolean;
  /** Only bots offered to agents. */
  agentView?: boolean;
}

export function listBots(db: Conn, projectId: string, filter: BotFilter) {
  let query = db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('trashed', '=', false);
  if (!filter.includeIdentity) query = query.where('type', '!=', 'identity');
  if (filter.public !== undefined) query = query.where('public', '=', filter.public);
  if (filter.certified !== undefined) query = query.where('certified', '=', filter.certified);
  if (filter.agentView) query = query.where('agents_available', '=', true);
  if (filter.text !== undefined) {
    // Any word matches, stemmed in the given language or the bot's own (MongoDB's $text).
    const words = sql`replace(plainto_tsquery(parley_ts_config(coalesce(${filter.language ?? null}::text, language)), ${filter.text})::text, '&', '|')::tsquery`;
    query = query.where(sql<boolean>`search @@ ${words}`).orderBy(sql`ts_rank(search, ${words})`, 'desc');
  }
  return query.orderBy('created_at').orderBy('id').execute();
}

export function insertBot(db: Conn, row: Insertable<BotsTable>) {
  return db.insertInto('bots').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateBot(db: Conn, projectId: string, id: string, changes: Updateable<BotsTable>) {
  return db
    .updateTable('bots')
    .set({ ...changes, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteBot(db: Conn, projectId: string, id: string) {
  return db
    .deleteFrom('bots')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Serialises slug allocation within a project until the transaction ends. */
export async function lockSlugs(trx: Trx, projectId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'bot-slugs:' + projectId}))`.execute(trx);
}

/** The project's slugs equal to `base` or of the form `base-<anything>` (other bots than `exceptId`). */
export async function findSlugsLike(trx: Trx, projectId: string, base: string, exceptId?: string): Promise<string[]> {
  let query = trx
    .selectFrom('bots')
    .select('slug')
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]));
  if (exceptId) query = query.where('id', '!=', exceptId);
  const rows = await query.execute();
  return rows.map((row) => row.slug).filter((slug): slug is string => slug !== null);
}
