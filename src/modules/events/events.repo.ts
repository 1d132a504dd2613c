import type { Expression, ExpressionBuilder, Insertable, SqlBool } from 'kysely';
import type { Database, EventsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

export interface EventFilters {
  projectUserId?: string;
  name?: string;
}

function matching(projectId: string, filters: EventFilters) {
  return (eb: ExpressionBuilder<Database, 'events'>) => {
    const conditions: Expression<SqlBool>[] = [eb('project_id', '=', projectId)];
    if (filters.projectUserId !== undefined) conditions.push(eb('project_user_id', '=', filters.projectUserId));
    if (filters.name !== undefined) conditions.push(eb('name', '=', filters.name));
    return eb.and(conditions);
  };
}

/** Events queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createEventsRepo(connection: Connection) {
  function insertEvent(row: Insertable<EventsTable>) {
    const db = connection();
    return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findEventById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('events')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function listEvents(
    projectId: string,
    filters: EventFilters,
    page: { sort: 'created_at' | 'updated_at' | 'name'; descending: boolean; offset: number; limit: number },
  ) {
    const db = connection();
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

  async function countEvents(projectId: string, filters: EventFilters): Promise<number> {
    const db = connection();
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where(matching(projectId, filters))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  return { insertEvent, findEventById, listEvents, countEvents };
}
