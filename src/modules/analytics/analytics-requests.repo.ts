/**
 * Reports over a project's conversations. Every query reads the `requests_analytics_idx` partial
 * index (migration 0020: creation time, plus every column grouped or averaged on), bounded by the
 * report's window: an index-only scan, never the conversations themselves.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { and, partsSelection, withinWindow, type DatePart, type ReportFilters } from './analytics-filters.js';

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

const DURATION_MS = sql`(extract(epoch from (closed_at - created_at)) * 1000)`;
const FIRST_RESPONSE_MS = sql`(extract(epoch from (first_response_at - created_at)) * 1000)`;

const METRICS: Record<RequestMetric, RawBuilder<number | null>> = {
  count: sql`count(*)::int`,
  waiting_time_avg: sql`avg(waiting_time)::float8`,
  duration_avg: sql`avg(${DURATION_MS})::float8`,
  satisfaction_avg: sql`avg(rating)::float8`,
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
      const groups = partsSelection(parts, sql`created_at`, filters.zone);
      const selected = [
        ...(parts.length > 0 ? [groups.select] : []),
        ...columns.map((column) => sql`${COLUMNS[column]} AS ${sql.ref(column)}`),
        sql`${METRICS[report.metric]} AS value`,
        sql`count(*)::int AS matched`,
      ];
      const from = columns.includes('agent')
        ? sql`requests CROSS JOIN LATERAL unnest(participants_agents) AS agent`
        : sql`requests`;
      const width = parts.length + columns.length;
      const positions = Array.from({ length: width }, (_, i) => String(i + 1));
      const direction = report.descending ? ' DESC NULLS LAST' : ' NULLS FIRST';
      const { rows } = await sql<Record<string, unknown> & { value: number | null; matched: number }>`
        SELECT ${sql.join(selected)} FROM ${from}
        WHERE ${whereOf(projectId, filters, report)}
        ${width > 0 ? sql`GROUP BY ${sql.raw(positions.join(', '))}` : sql``}
        ${width > 0 ? sql`ORDER BY ${sql.raw(positions.map((p) => p + direction).join(', '))}` : sql``}
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
