/**
 * Why: the conversation routes ask three questions the 0002 indexes do not answer cheaply.
 *
 * - Round robin needs "the agent routing assigned last" in a project: the newest assigned_at
 *   among human-served requests.
 * - Agents list the requests they participate in *or* were candidates for when the request was
 *   routed (snapshot.agents, Tiledesk's visibility rule): a jsonb containment index.
 * - Visitors list their own requests (`/requests/me`) by the requester in the snapshot.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX requests_project_assigned_idx ON requests (project_id, assigned_at DESC, id DESC)
      WHERE has_bot = false AND assigned_at IS NOT NULL;
    CREATE INDEX requests_snapshot_agents_idx ON requests USING gin ((snapshot -> 'agents') jsonb_path_ops);
    CREATE INDEX requests_snapshot_requester_idx ON requests (project_id, (snapshot #>> '{requester,uuid_user}'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS requests_snapshot_requester_idx;
    DROP INDEX IF EXISTS requests_snapshot_agents_idx;
    DROP INDEX IF EXISTS requests_project_assigned_idx;
  `.execute(db);
}
