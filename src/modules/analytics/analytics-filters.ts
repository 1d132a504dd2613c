/**
 * What every report is filtered and bucketed by: a time window, a time zone and the filters of the
 * query, turned into SQL fragments the report queries share. Calendar parts (day, week, hour...)
 * are read on the local wall time of the zone, as MongoDB's `$dayOfMonth` with a `timezone`.
 */
import { sql, type RawBuilder } from 'kysely';
import { errors } from '../../platform/errors.js';
import { isTimeZone } from '../../platform/time-zones.js';

/** The window of a report: since an instant, or between two local dates (both included). */
export interface ReportWindow {
  /** Now minus the report's `lastdays` (or `last` seconds); ignored when `startDate` is given. */
  since?: Date;
  /** `YYYY-MM-DD`, from that local midnight. */
  startDate?: string;
  /** `YYYY-MM-DD`, up to the end of that local day. */
  endDate?: string;
}

export interface ReportFilters {
  window: ReportWindow;
  /** A PostgreSQL time zone: an IANA name, or a POSIX spec for a fixed offset. */
  zone: string;
  departmentId?: string;
  /** A user id among the conversation's participants (Tiledesk's `participant`). */
  participant?: string;
  channel?: string;
  sender?: string;
  recipient?: string;
  answerId?: string;
}

/** The width of message_counts' buckets (see migration 0020). */
const BUCKET_MS = 15 * 60_000;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The PostgreSQL spelling of a `timezone` parameter: an IANA name (`Europe/Rome`) as is, or an
 * offset (`+02:00`, MongoDB's other form, Tiledesk's default `+00:00`) as a POSIX spec, whose sign
 * is the other way round (`<+0200>-02:00`). Undefined is UTC.
 */
export function zoneOf(timezone: string | undefined): string {
  if (timezone === undefined || timezone === '') return 'UTC';
  const offset = OFFSET.exec(timezone);
  if (offset) {
    const [, sign, hours, minutes] = offset as unknown as [string, string, string, string];
    if (Number(hours) > 14 || Number(minutes) > 59) throw errors.invalid(`Invalid timezone: ${timezone}`);
    return `<${sign}${hours}${minutes}>${sign === '+' ? '-' : '+'}${hours}:${minutes}`;
  }
  if (!isTimeZone(timezone)) throw errors.invalid(`Invalid timezone: ${timezone}`);
  return timezone;
}

/** Checks `startDate`/`endDate` (real calendar dates, in order). */
export function checkDates(startDate: string | undefined, endDate: string | undefined): void {
  for (const date of [startDate, endDate]) {
    if (date === undefined) continue;
    const parsed = new Date(`${date}T00:00:00Z`);
    if (!DATE.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      throw errors.invalid(`Invalid date: ${date} (use YYYY-MM-DD)`);
    }
  }
  if (startDate !== undefined && endDate !== undefined && startDate > endDate) {
    throw errors.invalid("Invalid dates: startDate can't be after endDate");
  }
}

/** `column` within the window; `bucketed` rounds `since` down to the 15-minute buckets of message_counts. */
export function withinWindow(
  column: RawBuilder<Date>,
  filters: ReportFilters,
  bucketed = false,
): RawBuilder<boolean>[] {
  const { window, zone } = filters;
  const conditions: RawBuilder<boolean>[] = [];
  if (window.startDate !== undefined) {
    conditions.push(sql<boolean>`${column} >= (${window.startDate}::date::timestamp AT TIME ZONE ${zone})`);
  } else if (window.since !== undefined) {
    const since = bucketed ? new Date(Math.floor(window.since.getTime() / BUCKET_MS) * BUCKET_MS) : window.since;
    conditions.push(sql<boolean>`${column} >= ${since}`);
  }
  if (window.endDate !== undefined) {
    conditions.push(sql<boolean>`${column} < ((${window.endDate}::date + 1)::timestamp AT TIME ZONE ${zone})`);
  }
  return conditions;
}

/** The calendar parts a report may group by, as MongoDB computes them. */
export type DatePart = 'year' | 'month' | 'day' | 'week' | 'hour' | 'weekday';

/**
 * A part of a local wall time (a `timestamp`, already in the zone). `week` is MongoDB's `$week`
 * (strftime's %U: weeks begin on Sunday, days before the year's first Sunday are week 0);
 * `weekday` is `$dayOfWeek` (1 = Sunday ... 7 = Saturday).
 */
function datePart(part: DatePart, local: RawBuilder<unknown>): RawBuilder<number> {
  switch (part) {
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
      return sql<number>`extract(${sql.raw(part)} from ${local})::int`;
    case 'weekday':
      return sql<number>`(extract(dow from ${local})::int + 1)`;
    case 'week':
      return sql<number>`((extract(doy from ${local})::int + 6 - extract(dow from ${local})::int) / 7)`;
  }
}

/**
 * Reports group in two steps: rows by their local time truncated to the finest unit the parts
 * need (one zone conversion and one truncation per row, into at most a few thousand groups), then
 * those groups by their calendar parts. Extracting every part from every row cost several times more.
 */
export function timeGrouping(parts: readonly DatePart[], column: RawBuilder<Date>, zone: string) {
  const unit = parts.some((p) => p === 'hour' || p === 'weekday')
    ? 'hour'
    : parts.some((p) => p === 'day' || p === 'week')
      ? 'day'
      : 'month';
  return {
    /** The inner grouping key, named `local`. */
    local: sql`date_trunc(${unit}, ${column} AT TIME ZONE ${zone}) AS local`,
    /** The outer `SELECT` items, each part named after itself. */
    parts: parts.map((part) => sql`${datePart(part, sql.ref('local'))} AS ${sql.ref(part)}`),
  };
}

/** `1, 2, ... n` for GROUP BY; with `suffix` each, for ORDER BY. */
export function positions(count: number, suffix = ''): RawBuilder<unknown> {
  return sql.raw(Array.from({ length: count }, (_, i) => `${i + 1}${suffix}`).join(', '));
}

export function and(conditions: RawBuilder<boolean>[]): RawBuilder<boolean> {
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}
