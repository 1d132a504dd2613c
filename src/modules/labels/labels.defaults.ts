/**
 * Tiledesk's stock widget translations (default-labels.json, copied from tiledesk-server's
 * config/labels/widget.json under the MIT License, see default-labels.NOTICE): fifteen languages
 * with the same keys. Read once, frozen, shared by every request.
 */
import stock from './default-labels.json' with { type: 'json' };
import type { LabelEntryWire } from './labels.schema.js';

/** Tiledesk's pivot language: what a project without a matching language gets. */
export const FALLBACK_LANGUAGE = 'EN';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const STOCK_LANGUAGES: readonly LabelEntryWire[] = deepFreeze(stock as LabelEntryWire[]);

const pivot = STOCK_LANGUAGES.find((entry) => entry.lang === FALLBACK_LANGUAGE);
if (!pivot) throw new Error(`default-labels.json has no ${FALLBACK_LANGUAGE} language`);
export const PIVOT_LANGUAGE: LabelEntryWire = pivot;

/** A language code's primary subtag, upper-cased: "it-IT", "it_it" and "it" are all "IT". */
export function primaryLanguage(lang: string): string {
  return (lang.replace(/_/g, '-').split('-')[0] ?? '').toUpperCase();
}

/** The stock language `lang` names exactly, else the one with its primary subtag. */
export function stockLanguage(lang: string): LabelEntryWire | undefined {
  const primary = primaryLanguage(lang);
  return (
    STOCK_LANGUAGES.find((entry) => entry.lang === lang) ??
    STOCK_LANGUAGES.find((entry) => primaryLanguage(entry.lang) === primary)
  );
}
