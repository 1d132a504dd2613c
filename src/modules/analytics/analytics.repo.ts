/** Aggregates over a project's conversations. */
import { sql } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';

export function createAnalyticsRepo(connection: Connection) {
  return {
    /**
     * Conversations begun since `since`, and the average of their waiting times (ms from the
     * start to the first answer; those not answered yet count for nothing), as Tiledesk's
     * aggregation does.
     */
    async waitingSince(projectId: string, since: Date): Promise<{ count: number; average: number | null }> {
      const row = await connection()
        .selectFrom('requests')
        .select([sql<string>`count(*)`.as('count'), sql<string | null>`avg(waiting_time)`.as('average')])
        .where('project_id', '=', projectId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), average: row.average === null ? null : Number(row.average) };
    },

    /** Folds the count rows of up to `maxBuckets` buckets per table (migration 0024); how many rows it removed. */
    async compactCounts(maxBuckets: number): Promise<number> {
      const { rows } = await sql<{ folded: string }>`SELECT compact_counts(${maxBuckets}) AS folded`.execute(
        connection(),
      );
      return Number(rows[0]?.folded ?? 0);
    },
  };
}
