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

/** The columns of `request_counts` behind each average (`<name>_sum`, `<name>_count`). */
const ROLLED_UP: Record<Exclude<RequestMetric, 'count'>, string> = {
  waiting_time_avg: 'waiting',
  duration_avg: 'duration',
  satisfaction_avg: 'rating',
};

/**
 * Whether `request_counts` can answer the report exactly: it has no department, agent or channel,
 * and its buckets cannot cut a `lastdays` window at an arbitrary time (a day in any zone, and so a
 * date range, is a whole number of buckets); of the columns, it counts ratings (1 to 5) only.
 */
function rollupServes(filters: ReportFilters, report: RequestReport): boolean {
  const columns = report.columns ?? [];
  const plain =
    columns.length === 0 ||
    (columns.length === 1 &&
      columns[0] === 'rating' &&
      report.rated === true &&
      (report.parts ?? []).length === 0 &&
      report.metric === 'count');
  return (
    plain &&
    filters.departmentId === undefined &&
    filters.participant === undefined &&
    filters.channel === undefined &&
    filters.window.since === undefined &&
    !offBuckets(filters.zone) &&
    !(report.botServed && report.rated)
  );
}

/** An offset given by hand (`+05:07`) whose days do not begin on a 15-minute bucket. */
function offBuckets(zone: string): boolean {
  const minutes = /^<[+-]\d{2}(\d{2})>/.exec(zone)?.[1];
  return minutes !== undefined && Number(minutes) % 15 !== 0;
}

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

  /** The report from `request_counts` (migration 0023): one row per 15-minute bucket, not per conversation. */
  async function fromRollup(projectId: string, filters: ReportFilters, report: RequestReport) {
    const parts = report.parts ?? [];
    const time = timeGrouping(parts, sql`bucket_at`, filters.zone);
    const counted = report.botServed ? sql`bot_count` : report.rated ? sql`rating_count` : sql`count`;
    const summed = report.metric === 'count' ? undefined : ROLLED_UP[report.metric];
    const inner = [
      ...(parts.length > 0 ? [time.local] : []),
      sql`sum(${counted}) AS matched`,
      ...(summed
        ? [sql`sum(${sql.ref(`${summed}_sum`)}) AS total`, sql`sum(${sql.ref(`${summed}_count`)}) AS counted`]
        : []),
    ];
    const outer = [
      ...time.parts,
      summed ? sql`(sum(total) / nullif(sum(counted), 0))::float8 AS value` : sql`sum(matched)::int AS value`,
      sql`sum(matched)::int AS matched`,
    ];
    const direction = report.descending ? ' DESC NULLS LAST' : ' NULLS FIRST';
    const { rows } = await sql<Record<string, unknown> & { value: number | null; matched: number }>`
      SELECT ${sql.join(outer)} FROM (
        SELECT ${sql.join(inner)} FROM request_counts
        WHERE ${and([sql<boolean>`project_id = ${projectId}`, ...withinWindow(sql`bucket_at`, filters)])}
        ${parts.length > 0 ? sql`GROUP BY 1` : sql``}
      ) AS grouped
      ${parts.length > 0 ? sql`GROUP BY ${positions(parts.length)} ORDER BY ${positions(parts.length, direction)}` : sql``}
    `.execute(connection());
    return rows.filter((row) => row.matched > 0).map(({ matched: _matched, ...row }) => row);
  }

  /**
   * How many conversations got each rating, from the rollup's counts of ratings 1 to 5; undefined
   * when some conversation in the window got another rating (the conversations are read instead).
   */
  async function ratingsFromRollup(projectId: string, filters: ReportFilters, report: RequestReport) {
    const { rows } = await sql<{ counts: Array<number | null>; other: number | null }>`
      SELECT ARRAY[sum(rating_1), sum(rating_2), sum(rating_3), sum(rating_4), sum(rating_5)]::int[] AS counts,
        sum(rating_other)::int AS other
      FROM request_counts
      WHERE ${and([sql<boolean>`project_id = ${projectId}`, ...withinWindow(sql`bucket_at`, filters)])}
    `.execute(connection());
    const [{ counts, other }] = rows as [(typeof rows)[number]];
    if (other !== null && other > 0) return undefined;
    const ratings = counts.map((value, index) => ({ rating: index + 1, value: value ?? 0 }));
    if (report.descending) ratings.reverse();
    return ratings.filter((row) => row.value > 0);
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
      if (rollupServes(filters, report)) {
        const rolledUp = await (columns.length === 0
          ? fromRollup(projectId, filters, report)
          : ratingsFromRollup(projectId, filters, report));
        if (rolledUp) return rolledUp;
      }
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

    /**
     * Per agent who took part (a conversation counts once for each): conversations, and the
     * averages (ms) of first response and duration and the average rating of those conversations.
     */
    async agentSummaries(projectId: string, filters: ReportFilters) {
      const { rows } = await sql<{
        agent: string;
        count: number;
        first_response_time_avg: number | null;
        duration_avg: number | null;
        satisfaction_avg: number | null;
      }>`
        SELECT agent, count(*)::int AS count, avg(${FIRST_RESPONSE_MS})::float8 AS first_response_time_avg,
          avg(${DURATION_MS})::float8 AS duration_avg, avg(rating)::float8 AS satisfaction_avg
        FROM requests CROSS JOIN LATERAL unnest(participants_agents) AS agent
        WHERE ${whereOf(projectId, filters, {})}
        GROUP BY agent ORDER BY count DESC, agent
      `.execute(connection());
      return rows;
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
