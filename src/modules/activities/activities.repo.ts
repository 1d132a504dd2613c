/** SQL of the audit trail: one multi-row insert per transaction, the filtered list, the purge. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import type { ActivityRow, Database } from '../../platform/db/tables.js';
import { jsonOrNull } from '../../platform/db/json.js';
import { newObjectId } from '../../platform/ids.js';
import type { NewActivity } from './activities.archiver.js';

export interface ActivityFilter {
  verbs?: string[];
  /** Activities that involve this user: as actor, target, assignee or agent of the request. */
  agentId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface ActivityPage {
  offset: number;
  limit: number;
  sort: 'created_at' | 'verb';
  ascending: boolean;
}

function conditions(projectId: string, filter: ActivityFilter) {
  return (eb: ExpressionBuilder<Database, 'activities'>): Expression<SqlBool> => {
    const where: Expression<SqlBool>[] = [eb('project_id', '=', projectId)];
    if (filter.verbs) where.push(eb('verb', 'in', filter.verbs));
    if (filter.agentId) where.push(sql<boolean>`involved_user_ids @> ARRAY[${filter.agentId}]::text[]`);
    if (filter.from) where.push(eb('created_at', '>=', filter.from));
    if (filter.to) where.push(eb('created_at', '<', filter.to));
    return eb.and(where);
  };
}

export function createActivitiesRepo(connection: Connection) {
  return {
    async insertActivities(rows: Array<NewActivity & { involvedUserIds: string[] }>): Promise<void> {
      if (rows.length === 0) return;
      await connection()
        .insertInto('activities')
        .values(
          rows.map((row) => ({
            id: newObjectId(),
            project_id: row.projectId,
            verb: row.verb,
            actor_type: row.actor.type,
            actor_id: row.actor.id,
            actor_name: row.actor.name ?? null,
            target_type: row.target.type,
            target_id: row.target.id ?? null,
            target: jsonOrNull(row.target.object),
            action: jsonOrNull(row.action),
            related: jsonOrNull(row.related),
            involved_user_ids: row.involvedUserIds,
          })),
        )
        .execute();
    },

    async listActivities(projectId: string, filter: ActivityFilter, page: ActivityPage): Promise<ActivityRow[]> {
      const direction = page.ascending ? 'asc' : 'desc';
      return connection()
        .selectFrom('activities')
        .selectAll()
        .where(conditions(projectId, filter))
        .orderBy(page.sort, direction)
        .orderBy('id', direction)
        .offset(page.offset)
        .limit(page.limit)
        .execute();
    },

    async countActivities(projectId: string, filter: ActivityFilter): Promise<number> {
      const { count } = await connection()
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where(conditions(projectId, filter))
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    /** Deletes the activities recorded before `before` (retention); returns how many. */
    async deleteActivitiesBefore(before: Date): Promise<number> {
      const result = await connection().deleteFrom('activities').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
