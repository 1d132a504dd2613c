/**
 * "3 min ago", "yesterday", "2 days ago" in the user's language (Intl.RelativeTimeFormat), with
 * the full date and time on hover and for machines; re-rendered by the clock it is given.
 */
import { useEffect, useState } from 'preact/hooks';
import { language } from '../i18n/i18n';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * The formatters of a language, made once: building an Intl formatter costs far more than using
 * one, and a list draws two per row.
 */
const formatters = new Map<string, { relative: Intl.RelativeTimeFormat; full: Intl.DateTimeFormat }>();
function formattersOf(language: string) {
  let made = formatters.get(language);
  if (!made) {
    made = {
      relative: new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' }),
      full: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
    };
    formatters.set(language, made);
  }
  return made;
}

function relativeTime(at: number, now: number): string {
  const format = formattersOf(language.value).relative;
  const elapsed = at - now;
  for (const [unit, ms] of UNITS) if (Math.abs(elapsed) >= ms) return format.format(Math.round(elapsed / ms), unit);
  return format.format(0, 'second');
}

/** The current time, ticking every `ms` (relative times stay true while the page stays open). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  const at = Date.parse(iso);
  const full = formattersOf(language.value).full.format(at);
  return (
    <time dateTime={iso} title={full}>
      {relativeTime(at, now)}
    </time>
  );
}
