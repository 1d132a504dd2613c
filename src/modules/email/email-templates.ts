/**
 * Renders an email of one kind in one language from the default templates (templates/en.ts,
 * templates/it.ts) or a project's override of them (Tiledesk's `settings.email.templates.<kind>`).
 * Overrides are arbitrary strings written by project admins, so they run in an isolated Handlebars
 * environment with its prototype-access protection, and one that fails never stops an email: the
 * default takes its place and the failure comes back as a warning.
 */
import Handlebars from 'handlebars';
import {
  EMAIL_KINDS,
  EMAIL_LANGUAGES,
  type EmailData,
  type EmailKind,
  type EmailLanguage,
  type EmailTemplate,
  type ProjectView,
  type RenderedEmail,
  type TemplateOverride,
} from './email-kinds.js';
import * as en from './templates/en.js';
import * as it from './templates/it.js';
import { wrapInLayout } from './templates/layout.js';

interface LanguagePack {
  templates: Record<EmailKind, EmailTemplate>;
  footers: Record<EmailKind, string>;
  roleNames: Record<string, string>;
}

const PACKS: Record<EmailLanguage, LanguagePack> = { en, it };
/** en-GB for "3 Dec 2026, 14:05", day before month as in Italian. */
const LOCALES: Record<EmailLanguage, string> = { en: 'en-GB', it: 'it-IT' };
const SUBJECT_MAX_LENGTH = 200;

/** 'html' escapes values; 'text' (the plain-text part, and the subject, a header) does not. */
type Mode = 'html' | 'text';
/** What helpers read from `options.data`, set by every render. */
interface RenderContext {
  language: EmailLanguage;
  mode: Mode;
}

export function isEmailKind(value: unknown): value is EmailKind {
  return typeof value === 'string' && (EMAIL_KINDS as readonly string[]).includes(value);
}

/** The first candidate ('it', 'it-IT', 'IT_it' ...) whose primary subtag has templates, else 'en'. */
export function pickLanguage(...candidates: (string | undefined | null)[]): EmailLanguage {
  for (const candidate of candidates) {
    const primary = candidate
      ?.trim()
      .split(/[-_.;,\s]/, 1)[0]
      ?.toLowerCase();
    const language = EMAIL_LANGUAGES.find((supported) => supported === primary);
    if (language) return language;
  }
  return 'en';
}

/** The built-in sources of one kind (what a project's override replaces); unknown languages get English. */
export function defaultTemplate(kind: EmailKind, language: string): EmailTemplate {
  return { ...PACKS[pickLanguage(language)].templates[kind] };
}

/**
 * Subject, HTML document and plain text of one email. `language` may be any tag ('it-IT');
 * an override string is the HTML body, or the whole document when it has its own `<html>`.
 */
export function renderEmail<K extends EmailKind>(
  kind: K,
  language: string,
  data: EmailData[K],
  override?: TemplateOverride,
): RenderedEmail {
  const lang = pickLanguage(language);
  const pack = PACKS[lang];
  const custom = typeof override === 'string' ? { html: override } : (override ?? {});
  const warnings: string[] = [];

  /** A part from the override when it renders to something, else from the default. */
  const renderPart = (part: keyof EmailTemplate, mode: Mode) => {
    const source = custom[part];
    if (typeof source === 'string' && source.trim() !== '') {
      try {
        const output = render(source, mode, data, lang);
        if (output.trim() !== '') return { output, source, overridden: true };
        warnings.push(`The ${part} override of "${kind}" rendered empty; the default was used.`);
      } catch (error) {
        // Handlebars' parse errors span lines (the source, a caret): one line for a log or a UI.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
        warnings.push(`The ${part} override of "${kind}" failed (${reason}); the default was used.`);
      }
    }
    const defaultSource = pack.templates[kind][part];
    return { output: render(defaultSource, mode, data, lang), source: defaultSource, overridden: false };
  };

  const subject = cleanSubject(renderPart('subject', 'text').output);
  const body = renderPart('html', 'html');
  const text = tidyText(renderPart('text', 'text').output);
  const footer = pack.footers[kind];
  const html =
    body.overridden && /<html/i.test(body.source)
      ? body.output
      : wrapInLayout({
          language: lang,
          title: subject,
          brand: (data as { project?: ProjectView }).project?.name || 'Parley',
          body: body.output,
          footer: render(footer, 'html', data, lang),
        });
  const email: RenderedEmail = {
    subject,
    html,
    // "-- " is the signature delimiter, so clients can fold the why-line away.
    text: `${text}\n\n-- \n${render(footer, 'text', data, lang)}`,
  };
  return warnings.length > 0 ? { ...email, warnings } : email;
}

/** One line (no header injection), no longer than a subject should be. */
function cleanSubject(subject: string): string {
  const line = subject.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return Array.from(line).slice(0, SUBJECT_MAX_LENGTH).join('').trimEnd();
}

/** Optional blocks leave runs of blank lines behind; a paragraph break is one. */
function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]*(?:\n[ \t]*)+\n/g, '\n\n')
    .trim();
}

// Compiling and the Handlebars environment.

const handlebars = Handlebars.create();
const CACHE_SIZE = 500;
/** Sources longer than this are compiled on every use rather than held in memory. */
const CACHE_MAX_SOURCE = 64 * 1024;
/** Compiled templates by mode and source, least recently used first. */
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function render(source: string, mode: Mode, data: unknown, language: EmailLanguage): string {
  return compile(source, mode)(data, { data: { language, mode } satisfies RenderContext });
}

function compile(source: string, mode: Mode): Handlebars.TemplateDelegate {
  const key = `${mode}\n${source}`;
  const cached = compiled.get(key);
  if (cached) {
    compiled.delete(key);
    compiled.set(key, cached);
    return cached;
  }
  const template = handlebars.compile(source, { strict: false, noEscape: mode === 'text' });
  if (source.length <= CACHE_MAX_SOURCE) {
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value ?? '');
    compiled.set(key, template);
  }
  return template;
}

const contextOf = (options: Handlebars.HelperOptions) => options.data as RenderContext;

/** {{date iso timeZone}}: "3 Dec 2026, 14:05" in the email's language; UTC without a valid zone. */
handlebars.registerHelper('date', (...args: unknown[]) => {
  const { language } = contextOf(args.pop() as Handlebars.HelperOptions);
  const [value, zone] = args;
  const date = typeof value === 'string' || typeof value === 'number' || value instanceof Date ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '';
  return dateFormat(language, typeof zone === 'string' ? zone : '').format(date);
});

/** {{multiline text}}: the text escaped, its line breaks kept as <br> (plain text: as it is). */
handlebars.registerHelper('multiline', (value: unknown, options: Handlebars.HelperOptions) => {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (contextOf(options).mode === 'text') return text;
  return new handlebars.SafeString(handlebars.escapeExpression(text).replace(/\r\n?|\n/g, '<br>\n'));
});

/** {{#plural count}}one{{else}}other{{/plural}}: English and Italian have those two forms. */
handlebars.registerHelper('plural', function (this: unknown, count: unknown, options: Handlebars.HelperOptions) {
  return Number(count) === 1 ? options.fn(this) : options.inverse(this);
});

/** {{duration minutes}}: "30 minutes", "24 hours", "1 day", in the email's language. */
handlebars.registerHelper('duration', (minutes: unknown, options: Handlebars.HelperOptions) => {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) return '';
  const [amount, unit] =
    minutes >= 1440 && minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes >= 60 && minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  const { language } = contextOf(options);
  return new Intl.NumberFormat(LOCALES[language], { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
});

/** {{roleName role}}: a project role in the email's language ("an agent", "agente"). */
handlebars.registerHelper('roleName', (role: unknown, options: Handlebars.HelperOptions) => {
  const names = PACKS[contextOf(options).language].roleNames;
  const key = typeof role === 'string' ? role : '';
  return Object.hasOwn(names, key) ? names[key] : key;
});

const DATE_FORMAT: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
/** By language and zone; only zones Intl accepts get in, so the map stays small. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: EmailLanguage, zone: string): Intl.DateTimeFormat {
  const timeZone = zone.trim() || 'UTC';
  const key = `${language} ${timeZone.toLowerCase()}`;
  let format = dateFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(LOCALES[language], { ...DATE_FORMAT, timeZone });
    } catch {
      return dateFormat(language, 'UTC');
    }
    dateFormats.set(key, format);
  }
  return format;
}
