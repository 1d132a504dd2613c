/**
 * The outbox: every email is rendered when the change that causes it happens, stored in `emails`
 * and, when an SMTP server is configured (the project's own or the server's), handed to a
 * delivery job queued in the same transaction. So an email exists exactly when its cause
 * committed, survives restarts, is sent by one instance (the job queue's claim), is retried with
 * backoff, and its state (attempts, last error) is visible to the project's admins. A delivery
 * failure never reaches the API call that caused the email: that call only wrote rows.
 *
 * Without SMTP the email is kept as `unsent`: the outbox (and the log, for account emails) shows
 * what would have been sent.
 */
import type { Platform } from '../../platform/context.js';
import type { EmailRow, EmailStatus, JobRow, ProjectRow } from '../../platform/db/tables.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/job-queue.js';
import type { EmailData, EmailKind } from './email-kinds.js';
import { pickLanguage, renderEmail } from './email-templates.js';
import { createEmailRepo, type OutboxFilter } from './email.repo.js';
import { projectFrom, projectLanguage, projectSmtp, templateOverride } from './email-settings.js';
import { PermanentMailError, sendMail } from './mail-transport.js';

// What other areas use to describe the emails they queue (the data of email-kinds.ts).
export type { EmailKind, PersonView } from './email-kinds.js';
export { emailLinks, personOf, projectOf } from './email-views.js';

export const EMAIL_JOB = 'email.send';

/** Account emails: printed to the log when they cannot be sent, so a new server's owner can follow their links. */
const ACCOUNT_KINDS: ReadonlySet<EmailKind> = new Set([
  'verify',
  'resetPassword',
  'beenInvitedNewUser',
  'beenInvitedExistingUser',
]);

export interface EmailToQueue<K extends EmailKind> {
  kind: K;
  /** The project the email is about (its SMTP, sender, templates and outbox); none for account emails. */
  project?: ProjectRow;
  to: string;
  /** Candidate languages, best first (the recipient's, the conversation's...); the project's and English follow. */
  languages?: Array<string | null | undefined>;
  data: EmailData[K];
  replyTo?: string;
  /** At most one email is ever queued per key. */
  dedupeKey?: string;
  requestId?: string;
  userId?: string;
}

export interface EmailDeps {
  /** The project of an email at delivery time (its SMTP settings may have changed since). */
  findProject: (id: string) => Promise<ProjectRow | undefined>;
}

export function createEmailService(platform: Platform, deps: EmailDeps) {
  const { config, transaction, jobs, log } = platform;
  const repo = createEmailRepo(platform.connection);
  const settings = config.email;

  function smtpFor(project: Pick<ProjectRow, 'settings'> | undefined) {
    const own = project && projectSmtp(project);
    return own ? { smtp: own, customerGiven: true } : settings.smtp && { smtp: settings.smtp, customerGiven: false };
  }

  /**
   * A project's own address is its sender only through its own SMTP server: through the server's
   * relay anyone's address would go out under the server's reputation (a project admin could
   * send as anybody), so there the sender is the server's address under the project's name, and
   * the project's address becomes the Reply-To.
   */
  function addressesFor(project: ProjectRow | undefined): { from: string; replyTo?: string } {
    if (!project) return { from: settings.from };
    const own = projectFrom(project);
    if (own && projectSmtp(project)) return { from: own };
    const address = /<([^>]+)>/.exec(settings.from)?.[1] ?? settings.from;
    const from = `"${project.name.replace(/["\\\r\n]/g, '')}" <${address}>`;
    return own ? { from, replyTo: own } : { from };
  }

  /**
   * Renders the email and stores it; with SMTP, queues its delivery. Runs in the caller's
   * transaction (or its own): the email commits or rolls back with its cause. Undefined when the
   * dedupe key was already used.
   */
  async function queue<K extends EmailKind>(email: EmailToQueue<K>): Promise<EmailRow | undefined> {
    const { project } = email;
    const language = pickLanguage(...(email.languages ?? []), project && projectLanguage(project));
    const rendered = renderEmail(email.kind, language, email.data, project && templateOverride(project, email.kind));
    for (const warning of rendered.warnings ?? []) {
      log.warn({ projectId: project?.id, kind: email.kind, warning }, 'email template override failed');
    }
    const route = smtpFor(project);
    const addresses = addressesFor(project);
    const row = await transaction(async () => {
      const stored = await repo.insertEmail({
        id: newObjectId(),
        project_id: project?.id ?? null,
        kind: email.kind,
        to_address: email.to,
        from_address: addresses.from,
        reply_to: email.replyTo ?? addresses.replyTo ?? null,
        language,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        status: route ? 'queued' : 'unsent',
        dedupe_key: email.dedupeKey ?? null,
        request_id: email.requestId ?? null,
        user_id: email.userId ?? null,
      });
      if (stored && route) {
        const [jobId] = await jobs.enqueue([deliveryJob(stored)]);
        await repo.setJob(stored.id, jobId!); // one job per enqueued row
      }
      return stored;
    });
    if (row && !route) {
      const account = ACCOUNT_KINDS.has(email.kind);
      log.info(
        { kind: email.kind, to: email.to, subject: row.subject, ...(account && { text: row.text }) },
        'email kept in the outbox, not sent: no SMTP server is configured (SMTP_URL)',
      );
    }
    return row;
  }

  function deliveryJob(row: EmailRow) {
    return {
      kind: EMAIL_JOB,
      projectId: row.project_id ?? undefined,
      payload: { emailId: row.id },
      maxAttempts: settings.maxAttempts,
    };
  }

  const handler: JobHandler = {
    async run(job: JobRow) {
      const email = await repo.findEmail(String(job.payload.emailId));
      // Deleted with its project, or already sent by an attempt whose result was recorded late.
      if (!email || email.status === 'sent') return;
      const project = email.project_id ? await deps.findProject(email.project_id) : undefined;
      const route = smtpFor(project);
      if (!route) throw new PermanentJobError('no SMTP server is configured any more');
      await repo.recordAttempt(email.id);
      try {
        const response = await sendMail(
          route.smtp,
          {
            from: email.from_address,
            to: email.to_address,
            ...(email.reply_to && { replyTo: email.reply_to }),
            subject: email.subject,
            html: email.html,
            text: email.text,
            messageId: messageIdOf(email),
          },
          {
            timeoutMs: settings.timeoutMs,
            allowPrivate: config.allowPrivateOutbound,
            customerGiven: route.customerGiven,
          },
        );
        await repo.markSent(email.id, response);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const permanent = error instanceof PermanentMailError;
        await repo.markError(email.id, permanent ? 'failed' : 'queued', message);
        throw permanent ? new PermanentJobError(message) : error;
      }
    },
    async onGiveUp(job, error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.markError(String(job.payload.emailId), 'failed', message);
    },
  };

  return {
    queue,
    handler,

    /** GET /:project_id/emails: the project's outbox, newest first. */
    listOutbox: (projectId: string, filter: OutboxFilter) => repo.listProjectEmails(projectId, filter),

    async findInOutbox(projectId: string, id: string): Promise<EmailRow> {
      const email = await repo.findProjectEmail(projectId, id);
      if (!email) throw errors.notFound('email', id);
      return email;
    },

    /** Every email of the server (the server admin's view of /dev/mail). */
    listAll: (limit: number) => repo.listAllEmails(limit),

    /** POST /:project_id/emails/:id/resend: a failed or unsent email goes back to the queue. */
    async resend(project: ProjectRow, id: string): Promise<EmailRow> {
      return transaction(async () => {
        const email = await repo.findProjectEmail(project.id, id);
        if (!email) throw errors.notFound('email', id);
        if (email.status === 'queued' || email.status === 'sent') return email;
        if (!smtpFor(project)) throw errors.invalid('No SMTP server is configured: the email cannot be sent.');
        const [jobId] = await jobs.enqueue([deliveryJob(email)]);
        await repo.requeue(email.id, jobId!); // one job per enqueued row
        return { ...email, status: 'queued' as EmailStatus, job_id: jobId!, last_error: null };
      });
    },

    /** Outbox retention (EMAIL_RETENTION_DAYS); run now and then by any instance. */
    async purge(now = new Date()) {
      if (settings.retentionDays === 0) return 0;
      return repo.purgeEmails(new Date(now.getTime() - settings.retentionDays * 86_400_000));
    },
  };
}

/** `<emailid@domain>` with the sender's domain: stable across attempts. */
function messageIdOf(email: EmailRow): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(email.from_address)?.[1] ?? 'parley.invalid';
  return `<${email.id}@${domain}>`;
}

export type EmailService = ReturnType<typeof createEmailService>;
