/**
 * Reports over messages, end users and custom events. Message counts by time come from
 * `message_counts` (15-minute buckets kept by triggers, migration 0020), never from the messages;
 * only the reports that name a sender, a conversation or a bot answer read messages, through an
 * index and within their window.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { and, positions, timeGrouping, withinWindow, type DatePart, type ReportFilters } from './analytics-filters.js';

type Row = Record<string, unknown> & { count: number };

/** Whether a message report must read the messages themselves (a filter the buckets do not keep). */
function needsMessages(filters: ReportFilters): boolean {
  return filters.sender !== undefined || filters.recipient !== undefined || filters.answerId !== undefined;
}

export function createAnalyticsMessagesRepo(connection: Connection) {
  async function grouped(
    from: RawBuilder<unknown>,
    time: RawBuilder<Date>,
    counted: RawBuilder<number>,
    where: RawBuilder<boolean>,
    zone: string,
    parts: readonly DatePart[],
    extra: Array<{ name: string; value: RawBuilder<unknown> }> = [],
  ): Promise<Row[]> {
    const grouping = timeGrouping(parts, time, zone);
    const inner = [
      ...(parts.length > 0 ? [grouping.local] : []),
      ...extra.map(({ name, value }) => sql`${value} AS ${sql.ref(name)}`),
      sql`${counted} AS count`,
    ];
    const outer = [...grouping.parts, ...extra.map(({ name }) => sql.ref(name)), sql`sum(count)::int AS count`];
    const innerWidth = (parts.length > 0 ? 1 : 0) + extra.length;
    const width = parts.length + extra.length;
    const { rows } = await sql<Row>`
      SELECT ${sql.join(outer)} FROM (
        SELECT ${sql.join(inner)} FROM ${from} WHERE ${where}
        ${innerWidth > 0 ? sql`GROUP BY ${positions(innerWidth)}` : sql``}
      ) AS grouped
      ${width > 0 ? sql`GROUP BY ${positions(width)} HAVING sum(count) > 0 ORDER BY ${positions(width, ' NULLS FIRST')}` : sql``}
    `.execute(connection());
    return rows;
  }

  function messagesWhere(projectId: string, filters: ReportFilters) {
    const conditions = [sql<boolean>`project_id = ${projectId}`, ...withinWindow(sql`created_at`, filters)];
    if (filters.sender !== undefined) conditions.push(sql<boolean>`sender = ${filters.sender}`);
    if (filters.recipient !== undefined) conditions.push(sql<boolean>`recipient = ${filters.recipient}`);
    if (filters.answerId !== undefined) conditions.push(sql<boolean>`attributes ->> '_answerid' = ${filters.answerId}`);
    if (filters.channel !== undefined) conditions.push(sql<boolean>`channel ->> 'name' = ${filters.channel}`);
    return and(conditions);
  }

  function bucketsWhere(projectId: string, filters: ReportFilters) {
    const conditions = [sql<boolean>`project_id = ${projectId}`, ...withinWindow(sql`bucket_at`, filters, true)];
    if (filters.channel !== undefined) conditions.push(sql<boolean>`channel = ${filters.channel}`);
    return and(conditions);
  }

  return {
    /** Messages per calendar group (none: one total), from the buckets unless a filter needs the rows. */
    countMessages(projectId: string, filters: ReportFilters, parts: readonly DatePart[]): Promise<Row[]> {
      return needsMessages(filters)
        ? grouped(sql`messages`, sql`created_at`, sql`count(*)`, messagesWhere(projectId, filters), filters.zone, parts)
        : grouped(
            sql`message_counts`,
            sql`bucket_at`,
            sql`coalesce(sum(count), 0)`,
            bucketsWhere(projectId, filters),
            filters.zone,
            parts,
          );
    },

    /** Messages per sender, or per bot answer (`attributes._answerid`), within the window. */
    countMessagesBy(projectId: string, filters: ReportFilters, by: 'sender' | '_answerid'): Promise<Row[]> {
      const value = by === 'sender' ? sql`sender` : sql`attributes ->> '_answerid'`;
      return grouped(
        sql`messages`,
        sql`created_at`,
        sql`count(*)`,
        messagesWhere(projectId, filters),
        filters.zone,
        [],
        [{ name: by, value }],
      );
    },

    /** Active end users (visitors: roles guest and user) who joined, per calendar group. */
    countEndUsers(projectId: string, filters: ReportFilters, parts: readonly DatePart[]): Promise<Row[]> {
      const where = and([
        sql<boolean>`project_id = ${projectId}`,
        sql<boolean>`role IN ('guest', 'user')`,
        sql<boolean>`status = 'active'`,
        ...withinWindow(sql`created_at`, filters),
      ]);
      return grouped(sql`project_users`, sql`created_at`, sql`count(*)`, where, filters.zone, parts);
    },

    /** Custom events per day and name; without a name, all but `typing.start` (as Tiledesk). */
    countEvents(projectId: string, filters: ReportFilters, name: string | undefined): Promise<Row[]> {
      const where = and([
        sql<boolean>`project_id = ${projectId}`,
        name === undefined ? sql<boolean>`name <> 'typing.start'` : sql<boolean>`name = ${name}`,
        ...withinWindow(sql`created_at`, filters),
      ]);
      return grouped(
        sql`events`,
        sql`created_at`,
        sql`count(*)`,
        where,
        filters.zone,
        ['year', 'month', 'day'],
        [{ name: 'name', value: sql`name` }],
      );
    },
  };
}
