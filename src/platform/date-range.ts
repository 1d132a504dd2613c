/**
 * The date filters of the request and activity lists, as Tiledesk's dashboard sends them: `DD/MM/YYYY` or
 * `YYYY/MM/DD`, optionally followed by ` HH:mm[:ss]` (or `, HH:mm[:ss]`), read as local time in
 * `timezone` (default Europe/Rome, the request list's). A start without a time is the start of that day; an end
 * without a time includes that whole day.
 */
import { errors } from './errors.js';
import { isTimeZone } from './time-zones.js';

const DEFAULT_TIMEZONE = 'Europe/Rome';

const PATTERNS = [
  /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})(?:,?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?$/,
  /^(?<year>\d{4})\/(?<month>\d{1,2})\/(?<day>\d{1,2})(?:,?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?$/,
];

export interface DateRange {
  from?: Date;
  /** Exclusive when the end had no time (start of the next day), inclusive otherwise. */
  to?: { date: Date; inclusive: boolean };
}

export function parseDateRange(
  start: string | undefined,
  end: string | undefined,
  timezone = DEFAULT_TIMEZONE,
): DateRange {
  if (!isTimeZone(timezone)) throw errors.invalid(`Invalid timezone: ${timezone}`);
  const range: DateRange = {};
  if (start) range.from = parseLocal(start, timezone, false).date;
  if (end) {
    const parsed = parseLocal(end, timezone, true);
    range.to = { date: parsed.date, inclusive: parsed.hasTime };
  }
  return range;
}

function parseLocal(text: string, timezone: string, endOfRange: boolean): { date: Date; hasTime: boolean } {
  const groups = PATTERNS.map((p) => p.exec(text.trim())?.groups).find((g) => g !== undefined);
  const [year, month, day] = [Number(groups?.year), Number(groups?.month), Number(groups?.day)];
  const [hour, minute, second] = [Number(groups?.hour ?? 0), Number(groups?.minute ?? 0), Number(groups?.second ?? 0)];
  const check = new Date(utc(year, month, day));
  if (
    !groups ||
    year < 1 ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw errors.invalid(`Unable to parse the date: ${text} (use DD/MM/YYYY or YYYY/MM/DD, optionally HH:mm[:ss])`);
  }
  const hasTime = groups.hour !== undefined;
  const nextDay = endOfRange && !hasTime ? 1 : 0;
  return { date: zonedToUtc(year, month, day + nextDay, hour, minute, second, timezone), hasTime };
}

/** The instant at which the clocks of `timezone` show the given wall time. */
function zonedToUtc(year: number, month: number, day: number, h: number, m: number, s: number, timeZone: string) {
  const wall = utc(year, month, day, h, m, s);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return new Date(second);
}

function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = utc(get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(instant / 1000) * 1000;
}

/** Date.UTC (month 1-12) without its reading of years 0-99 as 1900-1999. */
function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, h, m, s));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}
