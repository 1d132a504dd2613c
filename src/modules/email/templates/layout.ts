/**
 * The HTML document every email body is wrapped in, and the blocks the bodies are built from.
 * Email clients ignore <style> sheets and half of CSS, so everything is tables and inline styles,
 * and nothing needs an image to make sense.
 */
import Handlebars from 'handlebars';
import type { EmailLanguage } from '../email-kinds.js';

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const MUTED = '#6b7280';
const BRAND = '#2563eb';

const SENT_WITH: Record<EmailLanguage, string> = { en: 'Sent with Parley', it: 'Inviato con Parley' };

export interface LayoutParts {
  language: EmailLanguage;
  /** The subject, as the document's title (plain text). */
  title: string;
  /** The header: the project's name, or Parley (plain text). */
  brand: string;
  /** The rendered body (HTML). */
  body: string;
  /** Why the recipient gets this email (HTML). */
  footer: string;
}

export function wrapInLayout({ language, title, brand, body, footer }: LayoutParts): string {
  const escape = Handlebars.Utils.escapeExpression;
  return `<!DOCTYPE html>
<html lang="${language}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escape(title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;">
<tr><td style="padding:0 4px 16px;font-family:${FONT};font-size:18px;font-weight:700;color:#111827;">${escape(brand)}</td></tr>
<tr><td style="background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;padding:32px;font-family:${FONT};font-size:15px;line-height:1.6;color:#1f2937;">
${body}
</td></tr>
<tr><td style="padding:16px 4px 0;font-family:${FONT};font-size:12px;line-height:1.5;color:${MUTED};">${footer}<br>${SENT_WITH[language]}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

// Blocks for the bodies in en.ts and it.ts. Their arguments are Handlebars source, so a body read
// through GET /emails/templates/:kind is plain HTML that a project can copy and edit.

export const paragraph = (html: string) => `<p style="margin:0 0 16px;">${html}</p>`;

export const muted = (html: string) => `<p style="margin:16px 0 0;font-size:13px;color:${MUTED};">${html}</p>`;

/** The one action of an email: `href` is a Handlebars expression such as `{{url}}`. */
export const button = (href: string, label: string) =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr><td style="border-radius:6px;background-color:${BRAND};"><a href="${href}" style="display:inline-block;padding:12px 22px;font-family:${FONT};font-size:15px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;">${label}</a></td></tr>
</table>`;

/** A message quoted in a notification. */
export const quote = (html: string) =>
  `<div style="margin:0 0 16px;padding:12px 16px;background-color:#f9fafb;border-left:3px solid #d1d5db;border-radius:4px;">${html}</div>`;

/** Label/value rows; each row is wrapped in `{{#if}}` on its value, so absent values leave no row. */
export const details = (rows: [label: string, value: string][]) =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;font-size:14px;">
${rows
  .map(
    ([label, value]) =>
      `{{#if ${value}}}<tr><td style="padding:2px 16px 2px 0;color:${MUTED};vertical-align:top;">${label}</td><td style="padding:2px 0;">{{${value}}}</td></tr>{{/if}}`,
  )
  .join('\n')}
</table>`;

/** A transcript's messages; the visitor's are tinted, so who said what is visible at a glance. */
export const transcript = (visitorLabel: string) =>
  `{{#each messages}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px;">
<tr><td style="padding:10px 14px;border-radius:6px;{{#if fromVisitor}}background-color:#eef2ff;border-left:3px solid #6366f1;{{else}}background-color:#f9fafb;border-left:3px solid #d1d5db;{{/if}}">
<div style="font-size:13px;color:${MUTED};"><strong style="color:#111827;">{{senderFullname}}</strong>{{#if fromVisitor}} · ${visitorLabel}{{/if}} · {{date createdAt @root.timeZone}}</div>
<div style="margin-top:4px;">{{multiline text}}</div>
</td></tr>
</table>
{{/each}}`;

/** A person's first name, else their full name: the greeting of a notification. */
export const nameOf = (person: string) =>
  `{{#if ${person}.firstname}}{{${person}.firstname}}{{else}}{{${person}.fullName}}{{/if}}`;

/** The plain-text twin of `details`: one `Label: value` line per present value. */
export const detailLines = (rows: [label: string, value: string][]) =>
  rows.map(([label, value]) => `{{#if ${value}}}\n${label}: {{${value}}}\n{{/if}}`).join('\n');

/** For clients that mangle buttons: the action's link, written out. */
export const fallbackLink = (intro: string, href: string) =>
  muted(`${intro}<br><a href="${href}" style="color:${BRAND};word-break:break-all;">${href}</a>`);
