/**
 * Why: a WebSocket subscription to `/<project>/events/<project_user_id>` starts with that project
 * user's last 20 events; without this index that read scans every event of the project.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS events_project_user_created_idx
      ON events (project_id, project_user_id, created_at DESC);
  `.execute(db);
}
