/**
 * `/:project_id/emails`: the project's outbox (admins), the templates (agents, as Tiledesk), a
 * test of the SMTP settings; and `/:project_id/requests/:request_id/email/send`, an email to a
 * conversation's visitor.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import type { MessageRow } from '../../platform/db/tables.js';
import { defaultTemplate, pickLanguage, renderEmail } from './email-templates.js';
import { projectFrom, projectLanguage, projectSmtp, templateOverride } from './email-settings.js';
import { emailLinks, projectOf as projectView, requestViewOf } from './email-views.js';
import { sendMail } from './mail-transport.js';
import {
  EmailParams,
  EmailSchema,
  emailSummaryToWire,
  emailToWire,
  OutboxQuery,
  OutboxSchema,
  RequestEmailBody,
  RequestEmailParams,
  RequestEmailResult,
  TemplateParams,
  TemplateQuery,
  TemplateSchema,
  TestEmailBody,
  TestEmailResult,
} from './email.schema.js';

export function emailRoutes({ config, guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  const agents = guards.role('agent');
  const tags = ['emails'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            'The outbox: every email of the project, newest first, with its delivery state (`queued`, `sent`, ' +
            '`failed` with `lastError`, or `unsent` when no SMTP server is configured).',
          params: ProjectParams,
          querystring: OutboxQuery,
          response: { 200: OutboxSchema, ...memberErrors() },
        },
      },
      async (request) => {
        const { status, kind, request_id, page = 0, limit = 40 } = request.query;
        const { rows, count } = await services.email.listOutbox(projectOf(request).id, {
          status,
          kind,
          requestId: request_id,
          limit,
          offset: page * limit,
        });
        return { perPage: limit, count, emails: rows.map((row) => emailSummaryToWire(row)) };
      },
    );

    app.get(
      '/templates/:templateid',
      {
        onRequest: agents,
        schema: {
          tags,
          description:
            "A kind of email's template (Handlebars): the project's override if it has one, else Parley's, in " +
            '`lang` (default: the project language, else English).',
          params: TemplateParams,
          querystring: TemplateQuery,
          response: { 200: TemplateSchema, ...memberErrors() },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const kind = request.params.templateid;
        const language = pickLanguage(request.query.lang, projectLanguage(project));
        const base = defaultTemplate(kind, language);
        const override = templateOverride(project, kind);
        const parts = typeof override === 'string' ? { html: override } : (override ?? {});
        const template = { ...base, ...parts };
        return {
          template: template.html,
          subject: template.subject,
          text: template.text,
          language,
          overridden: override !== undefined,
        };
      },
    );

    // Tiledesk's body also takes an SMTP `config` to try before saving it; Parley tests the saved one.
    app.post(
      '/test/send',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            "Sends a test email now with the project's SMTP settings (or the server's), and answers with the SMTP " +
            "server's response or the error. Not stored in the outbox.",
          params: ProjectParams,
          body: TestEmailBody,
          response: { 200: TestEmailResult, ...memberErrors(BODY, 422) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const own = projectSmtp(project);
        const smtp = own ?? config.email.smtp;
        if (!smtp) throw errors.invalid('No SMTP server is configured (project settings.email.config or SMTP_URL).');
        const language = pickLanguage(projectLanguage(project));
        const rendered = renderEmail('test', language, { project: projectView(project) });
        try {
          const response = await sendMail(
            smtp,
            {
              // A project's own address only through its own server (see email.service.ts).
              from: (own && projectFrom(project)) || config.email.from,
              to: request.body.to,
              ...rendered,
              messageId: `<test-${Date.now()}-${project.id}@parley.invalid>`,
            },
            { timeoutMs: config.email.timeoutMs, allowPrivate: config.allowPrivateOutbound, customerGiven: !!own },
          );
          return { response };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
    );

    app.get(
      '/:email_id',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'One email of the outbox, with its HTML and text.',
          params: EmailParams,
          response: { 200: EmailSchema, ...memberErrors(404) },
        },
      },
      async (request) => emailToWire(await services.email.findInOutbox(projectOf(request).id, request.params.email_id)),
    );

    app.post(
      '/:email_id/resend',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'Queues a `failed` or `unsent` email again (a queued or sent one is returned as it is).',
          params: EmailParams,
          response: { 200: EmailSchema, ...memberErrors(BODY, 404, 422) },
        },
      },
      async (request) => emailToWire(await services.email.resend(projectOf(request), request.params.email_id)),
    );
  };
}

/** `POST /:project_id/requests/:request_id/email/send`. */
export function requestEmailRoutes({ config, guards, jobs, services }: AppContext): FastifyPluginAsyncTypebox {
  const links = emailLinks(config.publicUrl);
  return async (app) => {
    app.post(
      '/:request_id/email/send',
      {
        onRequest: guards.role('agent'),
        schema: {
          tags: ['requests'],
          description:
            "Emails the conversation's visitor (at the lead's address, never another): `text` with `subject` and " +
            '`replyto`, as Tiledesk; without `text`, the transcript. `{"no queued": true}` when the visitor gave ' +
            'no address.',
          params: RequestEmailParams,
          body: RequestEmailBody,
          response: { 200: RequestEmailResult, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const wire = (await services.conversations.get(project, request.params.request_id)) as Record<string, unknown>;
        const lead = (wire.lead && typeof wire.lead === 'object' ? wire.lead : {}) as Record<string, unknown>;
        const to = typeof lead.email === 'string' && lead.email.includes('@') ? lead.email : undefined;
        if (!to) return { 'no queued': true, msg: 'The visitor of this conversation gave no email address.' };
        const { text, subject, replyto } = request.body;
        const caller = principalOf(request);
        const email = text
          ? await services.email.queue({
              kind: 'emailDirect',
              project,
              to,
              ...(replyto && { replyTo: replyto }),
              languages: [wire.language as string | undefined],
              requestId: String(wire.request_id),
              userId: caller.id,
              data: {
                project: projectView(project),
                request: requestViewOf(wire, links),
                subject: subject ?? '',
                text,
              },
            })
          : await services.conversationEmails.queueTranscript(
              project,
              wire,
              (await services.conversations.messages.transcript(String(wire.request_id))).map(rowToMessage),
              to,
            );
        jobs.poke();
        return { queued: true, ...(email && { email: emailSummaryToWire(email) }) };
      },
    );
  };
}

/** A stored message as the email views read messages (the wire's names). */
function rowToMessage(row: MessageRow): Record<string, unknown> {
  return {
    sender: row.sender,
    senderFullname: row.sender_fullname,
    text: row.text,
    type: row.type,
    attributes: row.attributes,
    createdAt: row.created_at,
  };
}
