import type { Insertable, Updateable } from 'kysely';
import type { TriggersTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** Failures kept per project: the latest, enough to see what goes wrong, never a growing table. */
const FAILURES_KEPT = 200;

/** Triggers queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createTriggersRepo(connection: Connection) {
  return {
    insertTriggers(rows: Insertable<TriggersTable>[]) {
      if (rows.length === 0) return Promise.resolve([]);
      return connection().insertInto('triggers').values(rows).returningAll().execute();
    },

    findTriggerById(projectId: string, id: string) {
      return connection()
        .selectFrom('triggers')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    listTriggers(projectId: string) {
      return connection()
        .selectFrom('triggers')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async countTriggers(projectId: string): Promise<number> {
      const row = await connection()
        .selectFrom('triggers')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** The enabled triggers of these projects listening to these events: what an event evaluates. */
    listEnabledFor(projectIds: string[], events: string[]) {
      return connection()
        .selectFrom('triggers')
        .selectAll()
        .where('project_id', 'in', projectIds)
        .where('trigger_key', 'in', events)
        .where('enabled', '=', true)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    updateTrigger(projectId: string, id: string, changes: Updateable<TriggersTable>) {
      return connection()
        .updateTable('triggers')
        .set({ ...changes, updated_at: new Date() })
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    deleteTrigger(projectId: string, id: string) {
      return connection()
        .deleteFrom('triggers')
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    deleteTriggerByCode(projectId: string, code: string) {
      return connection().deleteFrom('triggers').where('project_id', '=', projectId).where('code', '=', code).execute();
    },

    /** Records a failure and forgets the project's older ones beyond FAILURES_KEPT. */
    async insertFailure(failure: {
      project_id: string;
      trigger_id: string;
      trigger_name: string | null;
      event: string;
      request_id: string | null;
      action: string | null;
      error: string;
    }): Promise<void> {
      const db = connection();
      await db.insertInto('trigger_failures').values(failure).execute();
      const kept = db
        .selectFrom('trigger_failures')
        .select('id')
        .where('project_id', '=', failure.project_id)
        .orderBy('id', 'desc')
        .limit(FAILURES_KEPT);
      await db
        .deleteFrom('trigger_failures')
        .where('project_id', '=', failure.project_id)
        .where('id', 'not in', kept)
        .execute();
    },

    listFailures(projectId: string, filter: { triggerId?: string; limit: number }) {
      let query = connection().selectFrom('trigger_failures').selectAll().where('project_id', '=', projectId);
      if (filter.triggerId) query = query.where('trigger_id', '=', filter.triggerId);
      return query.orderBy('id', 'desc').limit(filter.limit).execute();
    },
  };
}
