/**
 * Reports over a project's conversations, bounded by the report's window. Most read only the
 * `requests_analytics_idx` partial index (migration 0020: creation time and the scalar columns
 * grouped or averaged on); filters by agent and the report by agent also read the rows.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { and, positions, timeGrouping, withinWindow, type DatePart, type ReportFilters } from './analytics-filters.js';

/** What a report computes per group (times in ms). */
export type RequestMetric = 'count' | 'waiting_time_avg' | 'duration_avg' | 'satisfaction_avg';

/** Columns a report may group by besides calendar parts, named as on the wire. */
export type RequestColumn = 'status' | 'hasBot' | 'department' | 'sourcePage' | 'rating' | 'agent';

const COLUMNS: Record<RequestColumn, RawBuilder<unknown>> = {
  status: sql`status`,
  hasBot: sql`has_bot`,
  department: sql`department_id`,
  sourcePage: sql`source_page`,
  rating: sql`rating`,
  agent: sql`agent`,
};

const DURATION_MS = sql<number>`(extract(epoch from (closed_at - created_at)) * 1000)`;
const FIRST_RESPONSE_MS = sql`(extract(epoch from (first_response_at - created_at)) * 1000)`;

/** What each metric sums per inner group (see timeGrouping), to be combined per outer group. */
const SUMMED: Record<Exclude<RequestMetric, 'count'>, RawBuilder<number>> = {
  waiting_time_avg: sql`waiting_time`,
  duration_avg: DURATION_MS,
  satisfaction_avg: sql`rating`,
};

export interface RequestReport {
  parts?: readonly DatePart[];
  columns?: readonly RequestColumn[];
  metric: RequestMetric;
  /** Only conversations a bot served (Tiledesk's `/requests/hasBot/count`). */
  botServed?: boolean;
  /** Only rated conversations (the ratings distribution). */
  rated?: boolean;
  descending?: boolean;
}

/** The percentiles reported of each time. */
const FRACTIONS = [0.5, 0.9, 0.95];

export interface TimeSummary {
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export function createAnalyticsRequestsRepo(connection: Connection) {
  function whereOf(projectId: string, filters: ReportFilters, report: Pick<RequestReport, 'botServed' | 'rated'>) {
    const conditions = [
      sql<boolean>`project_id = ${projectId}`,
      sql<boolean>`preflight = false`,
      ...withinWindow(sql`created_at`, filters),
    ];
    if (filters.departmentId !== undefined) conditions.push(sql<boolean>`department_id = ${filters.departmentId}`);
    if (filters.participant !== undefined) {
      conditions.push(sql<boolean>`participants @> ARRAY[${filters.participant}]::text[]`);
    }
    if (filters.channel !== undefined) conditions.push(sql<boolean>`channel ->> 'name' = ${filters.channel}`);
    if (report.botServed) conditions.push(sql<boolean>`has_bot = true`);
    if (report.rated) conditions.push(sql<boolean>`rating IS NOT NULL`);
    return and(conditions);
  }

  return {
    /**
     * One row per group (calendar parts, then columns, in that order, each named after itself)
     * with the metric as `value`; without groups, one row, or none when nothing matched (as a
     * MongoDB aggregation answers).
     */
    async aggregateRequests(
      projectId: string,
      filters: ReportFilters,
      report: RequestReport,
    ): Promise<Array<Record<string, unknown> & { value: number | null }>> {
      const parts = report.parts ?? [];
      const columns = report.columns ?? [];
      const time = timeGrouping(parts, sql`created_at`, filters.zone);
      const summed = report.metric === 'count' ? undefined : SUMMED[report.metric];
      const inner = [
        ...(parts.length > 0 ? [time.local] : []),
        ...columns.map((column) => sql`${COLUMNS[column]} AS ${sql.ref(column)}`),
        sql`count(*) AS matched`,
        ...(summed ? [sql`sum(${summed}) AS total`, sql`count(${summed}) AS counted`] : []),
      ];
      const outer = [
        ...time.parts,
        ...columns.map((column) => sql.ref(column)),
        summed ? sql`(sum(total) / nullif(sum(counted), 0))::float8 AS value` : sql`sum(matched)::int AS value`,
        sql`sum(matched)::int AS matched`,
      ];
      const from = columns.includes('agent')
        ? sql`requests CROSS JOIN LATERAL unnest(participants_agents) AS agent`
        : sql`requests`;
      const innerWidth = (parts.length > 0 ? 1 : 0) + columns.length;
      const width = parts.length + columns.length;
      const direction = report.descending ? ' DESC NULLS LAST' : ' NULLS FIRST';
      const { rows } = await sql<Record<string, unknown> & { value: number | null; matched: number }>`
        SELECT ${sql.join(outer)} FROM (
          SELECT ${sql.join(inner)} FROM ${from}
          WHERE ${whereOf(projectId, filters, report)}
          ${innerWidth > 0 ? sql`GROUP BY ${positions(innerWidth)}` : sql``}
        ) AS grouped
        ${width > 0 ? sql`GROUP BY ${positions(width)} ORDER BY ${positions(width, direction)}` : sql``}
      `.execute(connection());
      return rows.filter((row) => row.matched > 0).map(({ matched: _matched, ...row }) => row);
    },

    /** Average and percentiles (ms) of the waiting time, the first-response time and the duration. */
    async timeSummaries(projectId: string, filters: ReportFilters) {
      const summary = (value: RawBuilder<unknown>) =>
        sql`jsonb_build_object('avg', avg(${value})::float8,
          'percentiles', percentile_cont(${FRACTIONS}::float8[]) WITHIN GROUP (ORDER BY ${value}))`;
      const { rows } = await sql<{ count: number; waiting: Summary; first: Summary; duration: Summary }>`
        SELECT count(*)::int AS count,
          ${summary(sql`waiting_time`)} AS waiting,
          ${summary(FIRST_RESPONSE_MS)} AS first,
          ${summary(DURATION_MS)} AS duration
        FROM requests WHERE ${whereOf(projectId, filters, {})}
      `.execute(connection());
      const row = rows[0];
      if (!row || row.count === 0) return undefined;
      return {
        count: row.count,
        waitingTime: toSummary(row.waiting),
        firstResponseTime: toSummary(row.first),
        duration: toSummary(row.duration),
      };
    },
  };
}

interface Summary {
  avg: number | null;
  percentiles: Array<number | null> | null;
}

/** Times to the microsecond: interpolated percentiles otherwise end in float noise (115499.99999999999). */
function toSummary(summary: Summary): TimeSummary {
  const ms = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value * 1000) / 1000;
  const [p50, p90, p95] = summary.percentiles ?? [];
  return { avg: ms(summary.avg), p50: ms(p50), p90: ms(p90), p95: ms(p95) };
}
