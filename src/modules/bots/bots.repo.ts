import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';

type Conn = Db | Trx;

export function findBotById(db: Conn, projectId: string, id: string) {
  return db.selectFrom('bots').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}
