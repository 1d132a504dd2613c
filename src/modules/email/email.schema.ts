/** Wire shapes of the outbox (`/:project_id/emails`) and the email routes of requests. */
import { Type, type Static } from 'typebox';
import type { EmailRow } from '../../platform/db/tables.js';
import { DateTime } from '../../platform/http/schemas.js';
import { compact } from '../../platform/wire.js';
import { EMAIL_KINDS } from './email-kinds.js';

const EmailStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('unsent'),
]);

export const EmailSummarySchema = Type.Object({
  _id: Type.String(),
  id_project: Type.Optional(Type.String()),
  kind: Type.String(),
  to: Type.String(),
  from: Type.String(),
  replyTo: Type.Optional(Type.String()),
  language: Type.String(),
  subject: Type.String(),
  status: EmailStatus,
  attempts: Type.Number(),
  lastError: Type.Optional(Type.String()),
  request_id: Type.Optional(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  sentAt: Type.Optional(DateTime),
});

export const EmailSchema = Type.Object({ ...EmailSummarySchema.properties, html: Type.String(), text: Type.String() });

export function emailSummaryToWire(row: EmailRow): Static<typeof EmailSummarySchema> {
  return compact({
    _id: row.id,
    id_project: row.project_id,
    kind: row.kind,
    to: row.to_address,
    from: row.from_address,
    replyTo: row.reply_to,
    language: row.language,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    request_id: row.request_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString(),
  });
}

export function emailToWire(row: EmailRow): Static<typeof EmailSchema> {
  return { ...emailSummaryToWire(row), html: row.html, text: row.text };
}

export const OutboxQuery = Type.Object({
  status: Type.Optional(EmailStatus),
  kind: Type.Optional(Type.String({ maxLength: 64 })),
  request_id: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const OutboxSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  emails: Type.Array(EmailSummarySchema),
});

export const EmailParams = Type.Object({ project_id: Type.String(), email_id: Type.String() });

export const TemplateParams = Type.Object({
  project_id: Type.String(),
  templateid: Type.Union(EMAIL_KINDS.map((kind) => Type.Literal(kind))),
});

export const TemplateQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });

/** Tiledesk's `{template}` (the HTML), with Parley's subject, text and whether the project overrides it. */
export const TemplateSchema = Type.Object({
  template: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  language: Type.String(),
  overridden: Type.Boolean(),
});

export const TestEmailBody = Type.Object({ to: Type.String({ format: 'email', maxLength: 320 }) });

export const TestEmailResult = Type.Object({
  /** The SMTP server's answer, or why sending failed. */
  response: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
});

export const RequestEmailParams = Type.Object({ project_id: Type.String(), request_id: Type.String() });

/**
 * Tiledesk's body: `text` to the visitor with `subject` and `replyto`. Parley: without `text`, the
 * conversation's transcript.
 */
export const RequestEmailBody = Type.Object({
  text: Type.Optional(Type.String({ maxLength: 100_000 })),
  subject: Type.Optional(Type.String({ maxLength: 500 })),
  replyto: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
});

export const RequestEmailResult = Type.Object({
  queued: Type.Optional(Type.Boolean()),
  'no queued': Type.Optional(Type.Boolean()),
  msg: Type.Optional(Type.String()),
  email: Type.Optional(EmailSummarySchema),
});
