/**
 * Why: Parley sends email (src/modules/email). `emails` is the outbox: every email rendered, with
 * its delivery state, whether or not SMTP is configured (without it the row is kept `unsent`, so a
 * new server shows what it would have sent). A `dedupe_key` makes "once per conversation and
 * agent" notifications idempotent. `account_keys` are the one-time secrets of verification and
 * password-reset links, stored hashed (a database read does not give anyone a working link).
 * `users.language` chooses the language of the emails a user receives.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE emails (
      id text PRIMARY KEY,
      project_id text REFERENCES projects(id) ON DELETE CASCADE,
      kind text NOT NULL,
      to_address text NOT NULL,
      from_address text NOT NULL,
      reply_to text,
      language text NOT NULL,
      subject text NOT NULL,
      html text NOT NULL,
      text text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      job_id bigint,
      dedupe_key text UNIQUE,
      request_id text,
      user_id text,
      smtp_message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX emails_project_idx ON emails (project_id, created_at DESC, id DESC);
    CREATE INDEX emails_created_idx ON emails (created_at);

    CREATE TABLE account_keys (
      key_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      purpose text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX account_keys_user_idx ON account_keys (user_id, purpose, created_at);

    ALTER TABLE users ADD COLUMN language text;
  `.execute(db);
}
