/**
 * Every string the console shows comes from a catalogue here (en.ts, it.ts), through t(). The
 * English catalogue defines the keys; the others are typed against it, so a missing or misspelt
 * translation fails the type check. Numbers, dates and plural forms come from the browser's Intl.
 * The language is a signal: components that call t() re-render when it changes.
 */
import { signal } from '@preact/signals';
import { en, type MessageKey } from './en';
import { it } from './it';

export type { MessageKey };

const CATALOGUES = { en, it };
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];

const STORAGE_KEY = 'parley.console.language';

function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && Object.hasOwn(CATALOGUES, value);
}

/** The language chosen before, else the first of the browser's languages we have, else English. */
function initialLanguage(): Language {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(chosen)) return chosen;
  for (const tag of navigator.languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export const language = signal<Language>(initialLanguage());
document.documentElement.lang = language.value;

export function setLanguage(next: Language): void {
  language.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template: string = CATALOGUES[language.value][key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? formatValue(values[name] as string | number) : placeholder,
  );
}

function formatValue(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = { maximumFractionDigits: 1 }): string {
  return new Intl.NumberFormat(language.value, options).format(value);
}

/** A duration in milliseconds, in the largest unit that keeps it readable ("42 s", "3.5 min", "2.1 h"). */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 90) return t('unit.seconds', { value: Math.round(seconds) });
  if (seconds < 90 * 60) return t('unit.minutes', { value: Math.round(seconds / 6) / 10 });
  if (seconds < 48 * 3600) return t('unit.hours', { value: Math.round(seconds / 360) / 10 });
  return t('unit.days', { value: Math.round(seconds / 8640) / 10 });
}

/** A calendar day ("2026-12-03") as the language writes it, short. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language.value, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}
