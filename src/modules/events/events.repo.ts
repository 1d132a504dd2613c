import type { Expression, ExpressionBuilder, Insertable, SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { Database, EventsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export interface EventFilters {
  projectUserId?: string;
  name?: string;
}

export function insertEvent(db: Conn, row: Insertable<EventsTable>) {
  return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findEventById(db: Conn, projectId: string, id: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

function matching(projectId: string, filters: EventFilters) {
  return (eb: ExpressionBuilder<Database, 'events'>) => {
    const conditions: Expression<SqlBool>[] = [eb('project_id', '=', projectId)];
    if (filters.projectUserId !== undefined) conditions.push(eb('project_user_id', '=', filters.projectUserId));
    if (filters.name !== undefined) conditions.push(eb('name', '=', filters.name));
    return eb.and(conditions);
  };
}

export function listEvents(
  db: Conn,
  projectId: string,
  filters: EventFilters,
  page: { sort: 'created_at' | 'updated_at' | 'name'; descending: boolean; offset: number; limit: number },
) {
  const direction = page.descending ? 'desc' : 'asc';
  return db
    .selectFrom('events')
    .selectAll()
    .where(matching(projectId, filters))
    .orderBy(page.sort, direction)
    .orderBy('id', direction)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countEvents(db: Conn, projectId: string, filters: EventFilters): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where(matching(projectId, filters))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
