/**
 * Why: analytics, audit and replays need one history of what happened, written atomically with
 * the change itself (issue 10). Every domain event a transaction emits is appended here in that
 * transaction: the wire payload as webhooks and realtime frames carry it. The server only ever
 * inserts; `id` orders the log (commit order within a project's locks), `created_at` is the
 * database's clock. Rows outlive soft-deleted projects on purpose (an audit trail); no foreign key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE event_log (
      id bigserial PRIMARY KEY,
      project_id text NOT NULL,
      name text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX event_log_project_idx ON event_log (project_id, id);
  `.execute(db);
}
