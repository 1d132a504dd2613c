/**
 * Why: a token's key must bind who the token may name (issue 9).
 * - Team members created by a custom token (role owner/admin/agent signed with a project's key)
 *   become accounts of that project only: `external_project_id` + `external_id` identify them, and
 *   an email is unique among password accounts only, so a token carrying someone's email can never
 *   be exchanged for that person's account.
 * - End users (`project_users` with a `uuid_user`) record which key minted their identity, so a
 *   project's key can only speak for identities it created, never for the server's anonymous guests.
 * - An end user's membership (role type 2) holds an end-user role: Tiledesk stored whatever role
 *   a custom token asked for, and a `supervisor` visitor passed supervisor checks. Rows already
 *   there are brought down to `user`, and a constraint keeps it so.
 * - `password_changed_at` lets tokens issued before a password change stop working.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users
      ADD COLUMN external_project_id text REFERENCES projects (id) ON DELETE CASCADE,
      ADD COLUMN external_id text,
      ADD COLUMN password_changed_at timestamptz;
    ALTER TABLE users DROP CONSTRAINT users_email_key;
    CREATE UNIQUE INDEX users_password_account_email_key ON users (email) WHERE external_project_id IS NULL;
    CREATE UNIQUE INDEX users_external_identity_key ON users (external_project_id, external_id)
      WHERE external_project_id IS NOT NULL;

    ALTER TABLE project_users ADD COLUMN minted_by_project_key boolean NOT NULL DEFAULT false;
    UPDATE project_users SET role = 'user' WHERE role_type = 2 AND role NOT IN ('guest', 'user');
    ALTER TABLE project_users ADD CONSTRAINT project_users_end_user_role
      CHECK (role_type <> 2 OR role IN ('guest', 'user'));
  `.execute(db);
}
