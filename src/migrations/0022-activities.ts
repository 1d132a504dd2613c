/**
 * Why: admins need an audit trail of who did what in their project (issue 13): availability and
 * role changes, invitations and removals, assignments, closes and deletions, as Tiledesk's
 * activities module records them. Each row is written by a staging hook in the transaction of the
 * change it records, so an activity exists if and only if its change committed. `target` and
 * `action` hold Tiledesk's `target.object` and `actionObj`; `involved_user_ids` (actor, target
 * user, assignee, the request's agents) serves `?agent_id=`. Rows outlive a deleted project like
 * the event log's and leave by retention (ACTIVITIES_RETENTION_DAYS), hence no foreign key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE activities (
      id text PRIMARY KEY,
      project_id text NOT NULL,
      verb text NOT NULL,
      actor_type text NOT NULL,
      actor_id text NOT NULL,
      actor_name text,
      target_type text NOT NULL,
      target_id text,
      target jsonb,
      action jsonb,
      related jsonb,
      involved_user_ids text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX activities_project_idx ON activities (project_id, created_at DESC, id DESC);
    CREATE INDEX activities_project_verb_idx ON activities (project_id, verb, created_at DESC);
    CREATE INDEX activities_involved_idx ON activities USING gin (involved_user_ids);
    CREATE INDEX activities_created_idx ON activities (created_at);
  `.execute(db);
}
