/**
 * Why: visitors and agents attach files to chat messages (Tiledesk's `/:project_id/files/chat`).
 * The bytes live in the database, as Tiledesk keeps them in MongoDB's GridFS, so several
 * instances behind a load balancer share them with no extra infrastructure. A file is its
 * project's (rows go with the project) and is found by its path, which holds a random uuid.
 * Chat files expire: reads ignore expired rows and uploads sweep them, hence the index.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE files (
      path text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      content_type text NOT NULL,
      size integer NOT NULL,
      data bytea NOT NULL,
      created_by text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX files_project_idx ON files (project_id);
    CREATE INDEX files_expires_at_idx ON files (expires_at);
  `.execute(db);
}
