/** The outbox (`emails`). */
import type { Insertable } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import type { EmailsTable, EmailStatus } from '../../platform/db/tables.js';

export interface OutboxFilter {
  status?: EmailStatus;
  kind?: string;
  requestId?: string;
  limit: number;
  offset: number;
}

export function createEmailRepo(connection: Connection) {
  return {
    /** Inserts the email unless one with its dedupe key exists; undefined then. */
    async insertEmail(row: Insertable<EmailsTable>) {
      return connection()
        .insertInto('emails')
        .values(row)
        .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    async setJob(id: string, jobId: number) {
      await connection().updateTable('emails').set({ job_id: jobId }).where('id', '=', id).execute();
    },

    findEmail(id: string) {
      return connection().selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findProjectEmail(projectId: string, id: string) {
      return connection()
        .selectFrom('emails')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async listProjectEmails(projectId: string, filter: OutboxFilter) {
      let query = connection().selectFrom('emails').where('project_id', '=', projectId);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.requestId) query = query.where('request_id', '=', filter.requestId);
      const [rows, total] = await Promise.all([
        query
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
      ]);
      return { rows, count: Number(total.count) };
    },

    /** Every email of the server, newest first (the server admin's /dev/mail). */
    listAllEmails(limit: number) {
      return connection().selectFrom('emails').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    },

    /** One more delivery attempt (counted across resends, unlike a job's attempts). */
    async recordAttempt(id: string) {
      await connection()
        .updateTable('emails')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: new Date() }))
        .where('id', '=', id)
        .execute();
    },

    async markSent(id: string, response: string) {
      await connection()
        .updateTable('emails')
        .set({
          status: 'sent',
          sent_at: new Date(),
          smtp_message_id: response.slice(0, 500),
          last_error: null,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },

    async markError(id: string, status: EmailStatus, error: string) {
      await connection()
        .updateTable('emails')
        .set({ status, last_error: error.slice(0, 2000), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async requeue(id: string, jobId: number) {
      await connection()
        .updateTable('emails')
        .set({ status: 'queued', job_id: jobId, last_error: null, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    /** Outbox retention: sent, failed and unsent emails older than `before`. */
    async purgeEmails(before: Date) {
      const result = await connection()
        .deleteFrom('emails')
        .where('created_at', '<', before)
        .where('status', '<>', 'queued')
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
