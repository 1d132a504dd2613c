/**
 * Why: the inbox and request lists (issue 16) read every open conversation of a project, or every
 * closed one, on each page: the total (`count`) of the page's filter counted rows in the table,
 * and the orders and the agents' visibility rule had no index of their own, so a project with
 * 100,000 conversations answered its inbox in 150-340 ms.
 *
 * - Open conversations (status < 1000: the inbox, /requests/count, the agents' views) are a small
 *   part of a project's history. A partial index holds only them, per project, by last change (the
 *   console's order; the id breaks ties as the lists do), and carries the columns the inbox
 *   filters on, so a page and its total are read from the index alone, whatever the number of
 *   closed conversations. (By creation, the API's default order, the analytics index of 0020
 *   already serves the page: open conversations are among the newest.)
 * - Closed conversations by close time (the console's Closed view), also with those columns: the
 *   total and the rows a later page skips come from the index.
 * - An agent sees the open conversations they take part in or were a candidate for, and an
 *   agent's load (populated with each request's requester) counts their open conversations: the
 *   containment indexes of 0002 and 0005, again over open conversations only, so these read an
 *   agent's open conversations and not their whole history. Each also requires its column to be
 *   non-null, which only a query that tests the column implies (`@>` and `&&` are strict): without
 *   it the planner takes a whole partial GIN index as a list of every open conversation.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX requests_open_by_update_idx ON requests (project_id, updated_at DESC, id DESC)
      INCLUDE (status, preflight, draft, has_bot, department_id, participants, tags) WHERE status < 1000;
    CREATE INDEX requests_closed_by_close_idx ON requests (project_id, closed_at DESC, id DESC)
      INCLUDE (status, preflight, draft) WHERE status >= 1000;
    CREATE INDEX requests_open_participants_idx ON requests USING gin (participants)
      WHERE status < 1000 AND participants IS NOT NULL;
    CREATE INDEX requests_open_agents_idx ON requests USING gin (participants_agents)
      WHERE status < 1000 AND participants_agents IS NOT NULL;
    CREATE INDEX requests_open_candidates_idx ON requests USING gin ((snapshot -> 'agents') jsonb_path_ops)
      WHERE status < 1000 AND snapshot -> 'agents' IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS requests_open_candidates_idx;
    DROP INDEX IF EXISTS requests_open_agents_idx;
    DROP INDEX IF EXISTS requests_open_participants_idx;
    DROP INDEX IF EXISTS requests_closed_by_close_idx;
    DROP INDEX IF EXISTS requests_open_by_update_idx;
  `.execute(db);
}
