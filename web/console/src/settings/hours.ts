/**
 * Office hours in the server's format (src/modules/projects/operating-hours.ts):
 * `activeOperatingHours` switches them on, and `operatingHours` is a JSON *string*
 * `{"1":[{"start":"09:00","end":"17:00"}], ..., "tzname":"Europe/Rome"}` keyed by weekday,
 * 0 = Sunday ... 6 = Saturday. A range includes its start and excludes its end; a weekday
 * without ranges is closed.
 */
export interface TimeRange {
  start: string;
  end: string;
}

export interface OfficeHours {
  enabled: boolean;
  timezone: string;
  /** Index 0 = Sunday ... 6 = Saturday, as the server keys them. */
  days: TimeRange[][];
}

/** The week as it is shown, Monday first. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function rangesOf(value: unknown): TimeRange[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((range: { start?: unknown; end?: unknown } | null) =>
    typeof range?.start === 'string' && typeof range.end === 'string' ? [{ start: range.start, end: range.end }] : [],
  );
}

/** The project's hours, or closed every day in `fallbackZone` when it has none (or none readable). */
export function readHours(active: boolean, text: string | undefined, fallbackZone: string): OfficeHours {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    // Hours the server would not have stored: shown as none, replaced on the next save.
  }
  const timezone = typeof raw.tzname === 'string' && raw.tzname ? raw.tzname : fallbackZone;
  return { enabled: active, timezone, days: Array.from({ length: 7 }, (_, day) => rangesOf(raw[String(day)])) };
}

/** The fields of `PUT /projects/{id}` that hold these hours. */
export function writeHours(hours: OfficeHours): { activeOperatingHours: boolean; operatingHours: string } {
  const week: Record<string, unknown> = {};
  hours.days.forEach((ranges, day) => {
    if (ranges.length > 0) week[String(day)] = ranges;
  });
  return { activeOperatingHours: hours.enabled, operatingHours: JSON.stringify({ ...week, tzname: hours.timezone }) };
}

/** Whether a range reads as the server wants it and ends after it starts. */
export function isValidRange(range: TimeRange): boolean {
  return HHMM.test(range.start) && HHMM.test(range.end) && range.start < range.end;
}

export const allValid = (hours: OfficeHours): boolean => hours.days.every((ranges) => ranges.every(isValidRange));

/** The weekday's name in `language` (0 = Sunday; 1 January 2023 was a Sunday). */
export function weekdayName(day: number, language: string): string {
  const name = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2023, 0, 1 + day),
  );
  // Italian writes weekdays in lower case; as a heading it starts with a capital.
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
