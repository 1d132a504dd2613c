/**
 * Why: a password can otherwise be guessed at the speed of argon2 (Tiledesk has no limit). Each
 * password check against an account counts as an attempt for that email and client address; a
 * successful one clears the count. The table lives in the database, not in memory, so the limit
 * holds across instances and restarts without Redis.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_attempts (
      email text NOT NULL,
      ip text NOT NULL,
      attempts integer NOT NULL,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (email, ip)
    );
    CREATE INDEX sign_in_attempts_window_idx ON sign_in_attempts (window_started_at);
  `.execute(db);
}
