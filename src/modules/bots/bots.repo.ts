import { sql, type Insertable, type Updateable } from 'kysely';
import type { BotsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { prepared } from '../../platform/db/prepared.js';

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

/** Bots queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createBotsRepo(connection: Connection) {
  function findBotById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('bots')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** A live bot of the project by its name, or any of its bots by its slug (as Tiledesk looks them up). */
  function findBotByRef(projectId: string, ref: { name: string } | { slug: string }) {
    const db = connection();
    const query = db.selectFrom('bots').selectAll().where('project_id', '=', projectId);
    return (
      'name' in ref
        ? query.where('name', '=', ref.name).where('trashed', '=', false)
        : query.where('slug', '=', ref.slug)
    )
      .orderBy('created_at')
      .executeTakeFirst();
  }

  /**
   * The bot, its row locked until the transaction ends. Changes that touch a bot and its intents
   * take this lock first, so two of them always lock in the same order (bot, then intents) and
   * cannot deadlock.
   */
  function lockBotById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('bots')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  function findBotsByIds(projectId: string, ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return prepared(
      db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('id', 'in', ids),
    ).execute();
  }

  /** The project's live bots that carry widget rules in their attributes. */
  function listBotsWithRules(projectId: string) {
    const db = connection();
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
  function findPublicBotById(id: string) {
    const db = connection();
    return db
      .selectFrom('bots')
      .selectAll()
      .where('id', '=', id)
      .where('public', '=', true)
      .where('trashed', '=', false)
      .executeTakeFirst();
  }

  function listBots(projectId: string, filter: BotFilter) {
    const db = connection();
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

  function insertBot(row: Insertable<BotsTable>) {
    const db = connection();
    return db.insertInto('bots').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function updateBot(projectId: string, id: string, changes: Updateable<BotsTable>) {
    const db = connection();
    return db
      .updateTable('bots')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteBot(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('bots')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Serialises slug allocation within a project until the transaction ends. */
  async function lockSlugs(projectId: string): Promise<void> {
    const db = connection();
    await sql`SELECT pg_advisory_xact_lock(hashtext(${'bot-slugs:' + projectId}))`.execute(db);
  }

  /** The project's slugs equal to `base` or of the form `base-<anything>` (other bots than `exceptId`). */
  async function findSlugsLike(projectId: string, base: string, exceptId?: string): Promise<string[]> {
    const db = connection();
    let query = db
      .selectFrom('bots')
      .select('slug')
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]));
    if (exceptId) query = query.where('id', '!=', exceptId);
    const rows = await query.execute();
    return rows.map((row) => row.slug).filter((slug): slug is string => slug !== null);
  }

  return {
    findBotById,
    findBotByRef,
    lockBotById,
    findBotsByIds,
    listBotsWithRules,
    findPublicBotById,
    listBots,
    insertBot,
    updateBot,
    deleteBot,
    lockSlugs,
    findSlugsLike,
  };
}

export type BotsRepo = ReturnType<typeof createBotsRepo>;
