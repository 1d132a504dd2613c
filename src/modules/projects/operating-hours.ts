/**
 * Operating hours as Tiledesk stores them: `project.operatingHours` is a JSON *string*
 * {"1":[{"start":"09:00","end":"13:00"}], ..., "tzname":"Europe/Rome"} keyed by weekday
 * 0 = Sunday ... 6 = Saturday; `project.timeSlots[<id>].hours` has the same shape keyed by ISO
 * weekday 1 = Monday ... 7 = Sunday. A range includes its start and excludes its end.
 */
import { ownEntry } from '../../platform/own.js';
import { isTimeZone } from '../../platform/time-zones.js';

export interface TimeRange {
  start: string;
  end: string;
}

export interface WeeklyHours {
  tzname: string;
  days: Map<number, TimeRange[]>;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Parses and validates an operating-hours JSON string; returns a list of problems on failure. */
export function parseWeeklyHours(text: string, maxDay: 6 | 7): WeeklyHours | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problems: ['operating hours must be a JSON string'] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { problems: ['operating hours must be a JSON object'] };
  const problems: string[] = [];
  const { tzname, ...dayEntries } = raw as Record<string, unknown>;
  if (typeof tzname !== 'string' || !isTimeZone(tzname)) problems.push(`unknown time zone: ${String(tzname)}`);
  const days = new Map<number, TimeRange[]>();
  for (const [key, ranges] of Object.entries(dayEntries)) {
    const day = Number(key);
    if (!Number.isInteger(day) || day < maxDay - 6 || day > maxDay) {
      problems.push(`unknown weekday key: ${key}`);
      continue;
    }
    if (!Array.isArray(ranges) || ranges.some((r) => !HHMM.test(r?.start) || !HHMM.test(r?.end))) {
      problems.push(`weekday ${key} must be a list of {start:"HH:MM", end:"HH:MM"}`);
      continue;
    }
    days.set(day, ranges as TimeRange[]);
  }
  return problems.length > 0 ? { problems } : { tzname: tzname as string, days };
}

/** True when `now` falls inside one of the ranges of its weekday in the hours' time zone. */
export function isWithinHours(hours: WeeklyHours, now: Date, weekdayBase: 'sunday0' | 'iso'): boolean {
  const { weekday, time } = localClock(now, hours.tzname);
  const day = weekdayBase === 'iso' && weekday === 0 ? 7 : weekday;
  return (hours.days.get(day) ?? []).some((range) => range.start <= time && time < range.end);
}

function localClock(now: Date, timeZone: string): { weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { weekday, time: `${get('hour')}:${get('minute')}` };
}

export interface OperatingHoursSettings {
  active_operating_hours: boolean;
  operating_hours: string | null;
  time_slots: Record<string, unknown> | null;
}

/**
 * Whether the project (or one of its time slots) is open at `now`. Hours that are switched off
 * mean always open; switched-on hours that cannot be read mean closed (the admin meant to
 * restrict, and the API refuses to store such hours in the first place).
 */
export function isProjectOpen(project: OperatingHoursSettings, now: Date, timeSlotId?: string): boolean {
  if (timeSlotId) {
    // The id comes from the query string: `constructor` is no slot of the project.
    const slot = (project.time_slots ? ownEntry(project.time_slots, timeSlotId) : undefined) as
      { active?: boolean; hours?: string } | undefined;
    if (!slot || slot.active === false) return true;
    if (!slot.hours) return false;
    const hours = parseWeeklyHours(slot.hours, 7);
    return 'problems' in hours ? false : isWithinHours(hours, now, 'iso');
  }
  if (!project.active_operating_hours) return true;
  if (!project.operating_hours) return false;
  const hours = parseWeeklyHours(project.operating_hours, 6);
  return 'problems' in hours ? false : isWithinHours(hours, now, 'sunday0');
}
