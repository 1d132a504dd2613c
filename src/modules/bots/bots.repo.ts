import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';

type Conn = Db | Trx;

export function findBotById(db: Conn, projectId: string, id: string) {
  return db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
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
