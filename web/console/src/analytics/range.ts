/**
 * The report's window as calendar days in a time zone: "the last 7 days" is today and the six
 * before it, there; a custom range is two dates, both included. The server is asked for exactly
 * these days (`startDate`, `endDate`, `timezone`), so its per-day buckets and our axis agree.
 */
export type RangeChoice = { kind: 'last'; days: number } | { kind: 'custom'; start: string; end: string };

export const PRESET_DAYS = [7, 30, 90] as const;

/** At most this many days are shown (the server answers any window; a chart of years is not read). */
const MAX_DAYS = 366;

export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every IANA zone the browser knows, the browser's own first. */
export function timeZones(): string[] {
  const own = browserTimeZone();
  return [own, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== own)];
}

/** Today's date (`YYYY-MM-DD`) in `zone`. */
function todayIn(zone: string, now = new Date()): string {
  // Swedish writes dates as ISO does.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** The first and last day of the window, or undefined when a custom range is not a valid one. */
export function windowOf(choice: RangeChoice, zone: string): { startDate: string; endDate: string } | undefined {
  if (choice.kind === 'last') {
    const endDate = todayIn(zone);
    return { startDate: addDays(endDate, 1 - choice.days), endDate };
  }
  if (!isDay(choice.start) || !isDay(choice.end) || choice.start > choice.end) return undefined;
  if (daysBetween(choice.start, choice.end).length > MAX_DAYS) return undefined;
  return { startDate: choice.start, endDate: choice.end };
}

/** Every day from `start` to `end`, both included. */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end && days.length <= MAX_DAYS; day = addDays(day, 1)) days.push(day);
  return days;
}

/** `YYYY-MM-DD` of a Tiledesk day bucket (`{year, month, day}`). */
export function dayOf(bucket: { year?: unknown; month?: unknown; day?: unknown }): string {
  const pad = (value: unknown, width: number) => String(value).padStart(width, '0');
  return `${pad(bucket.year, 4)}-${pad(bucket.month, 2)}-${pad(bucket.day, 2)}`;
}
