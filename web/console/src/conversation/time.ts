/** Times of messages and notes, in the console's language and the browser's time zone. */
import { language } from '../i18n/i18n';

/** "14:05" today, "3 Dec, 14:05" another day this year, "3 Dec 2025, 14:05" before. */
/** Formatters by language and shape, made once (a history draws one or two per message). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language.value} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(language.value, options);
    formatters.set(key, made);
  }
  return made;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  const now = new Date();
  const today = date.toDateString() === now.toDateString();
  const thisYear = date.getFullYear() === now.getFullYear();
  return formatter({
    hour: '2-digit',
    minute: '2-digit',
    ...(!today && { day: 'numeric', month: 'short' }),
    ...(!thisYear && { year: 'numeric' }),
  }).format(date);
}

export function formatFullTime(iso: string): string {
  return formatter({ dateStyle: 'full', timeStyle: 'medium' }).format(new Date(iso));
}
