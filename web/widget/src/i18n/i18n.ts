/**
 * The chat's strings: its own catalogues (en.ts defines the keys, it.ts is typed against them),
 * overridden by the project's labels for the language where the server has them (Tiledesk's
 * widget labels, `GET /:project_id/labels/:lang`). The language: the site's (`init.options.lang`),
 * else `?lang=`, else the browser's first we have, else English.
 */
import { computed, signal } from '@preact/signals';
import { siteLanguage } from '../embed';
import { queryLanguage } from '../project';
import { en, type MessageKey } from './en';
import { it } from './it';

const CATALOGUES = { en, it };
type Language = keyof typeof CATALOGUES;

function languageOf(tag: string | undefined): Language | undefined {
  const base = tag?.toLowerCase().split('-')[0];
  return base && Object.hasOwn(CATALOGUES, base) ? (base as Language) : undefined;
}

function browserLanguage(): Language {
  for (const tag of navigator.languages) {
    const found = languageOf(tag);
    if (found) return found;
  }
  return 'en';
}

export const language = computed<Language>(
  () => languageOf(siteLanguage.value) ?? languageOf(queryLanguage) ?? browserLanguage(),
);

/** The project's own wording of some keys, in the current language. */
export const projectLabels = signal<Partial<Record<MessageKey, string>>>({});

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template: string = projectLabels.value[key] ?? CATALOGUES[language.value][key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(language.value, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(language.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
