/**
 * Why: agents answer the same questions all day; canned responses are the saved replies they pick
 * from (Tiledesk's `pubmodules/canned`). A response is the project's (shared) or its author's own
 * (private), so lists filter on both; deleting one first only marks it (status 1000), as Tiledesk
 * does. Rows go with their project, like every tenant table.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE canned_responses (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      title text,
      text text NOT NULL,
      shared boolean NOT NULL,
      attributes jsonb,
      status integer NOT NULL DEFAULT 100,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX canned_responses_project_created_idx ON canned_responses (project_id, created_at DESC);
  `.execute(db);
}
