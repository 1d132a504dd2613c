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
 * - The total of a list whose filter is only about status, preflight, draft and bot, seen by a
 *   caller who sees everything (the owner's inbox and views, the Closed view, /requests/count) is
 *   read from `request_list_counts`: conversations counted per project, status, preflight, draft
 *   and bot. Its triggers only append (per statement and key for insertions and deletions, -n for
 *   what was taken out; -1 and +1 for an update that changed one of those columns), as 0024's
 *   rollups do, so no write waits for another; `compact_counts()` folds the rows of a key into one. A total is the sum of its rows, committed with the conversations they count:
 *   it equals a recount in any transaction.
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

    CREATE TABLE request_list_counts (
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      status integer NOT NULL,
      preflight boolean NOT NULL,
      draft boolean NOT NULL,
      has_bot boolean NOT NULL,
      count bigint NOT NULL
    );
    CREATE INDEX request_list_counts_key_idx ON request_list_counts (project_id, status, preflight, draft, has_bot);
    INSERT INTO request_list_counts
      SELECT project_id, status, preflight, draft, has_bot, count(*) FROM requests GROUP BY 1, 2, 3, 4, 5;

    CREATE FUNCTION request_list_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO request_list_counts
        SELECT project_id, status, preflight, draft, has_bot, count(*) FROM added GROUP BY 1, 2, 3, 4, 5;
      RETURN NULL;
    END $$;

    -- Not for a project being deleted: its counts go with it, and a row would break the foreign key.
    CREATE FUNCTION request_list_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO request_list_counts
        SELECT project_id, status, preflight, draft, has_bot, -count(*) FROM removed
        WHERE EXISTS (SELECT 1 FROM projects WHERE projects.id = removed.project_id)
        GROUP BY 1, 2, 3, 4, 5;
      RETURN NULL;
    END $$;

    -- Per row, and only when a counted column changed (the WHEN below): a new message's update of
    -- its conversation costs nothing here.
    CREATE FUNCTION request_list_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM projects WHERE projects.id = OLD.project_id) THEN
        INSERT INTO request_list_counts VALUES (OLD.project_id, OLD.status, OLD.preflight, OLD.draft, OLD.has_bot, -1);
      END IF;
      INSERT INTO request_list_counts VALUES (NEW.project_id, NEW.status, NEW.preflight, NEW.draft, NEW.has_bot, 1);
      RETURN NULL;
    END $$;

    CREATE TRIGGER request_list_counts_on_insert AFTER INSERT ON requests
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION request_list_counts_add();
    CREATE TRIGGER request_list_counts_on_delete AFTER DELETE ON requests
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION request_list_counts_remove();
    CREATE TRIGGER request_list_counts_on_update AFTER UPDATE ON requests FOR EACH ROW
      WHEN ((OLD.project_id, OLD.status, OLD.preflight, OLD.draft, OLD.has_bot)
            IS DISTINCT FROM (NEW.project_id, NEW.status, NEW.preflight, NEW.draft, NEW.has_bot))
      EXECUTE FUNCTION request_list_counts_move();

    -- 0024's compaction, plus these counts.
    CREATE OR REPLACE FUNCTION compact_counts(max_buckets integer) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      folded_messages bigint;
      folded_requests bigint;
      folded_lists bigint;
    BEGIN
      WITH doubled AS (
        SELECT project_id, bucket_at, channel FROM message_counts
        GROUP BY 1, 2, 3 HAVING count(*) > 1 LIMIT max_buckets
      ), gone AS (
        DELETE FROM message_counts AS counted USING doubled
         WHERE (counted.project_id, counted.bucket_at, counted.channel) = (doubled.project_id, doubled.bucket_at, doubled.channel)
        RETURNING counted.*
      ), kept AS (
        INSERT INTO message_counts (project_id, bucket_at, channel, count)
        SELECT project_id, bucket_at, channel, sum(count) FROM gone GROUP BY 1, 2, 3 HAVING sum(count) <> 0
      )
      SELECT count(*) INTO folded_messages FROM gone;

      WITH doubled AS (
        SELECT project_id, bucket_at FROM request_counts GROUP BY 1, 2 HAVING count(*) > 1 LIMIT max_buckets
      ), gone AS (
        DELETE FROM request_counts AS counted USING doubled
         WHERE (counted.project_id, counted.bucket_at) = (doubled.project_id, doubled.bucket_at)
        RETURNING counted.*
      ), kept AS (
        INSERT INTO request_counts
        SELECT project_id, bucket_at, sum(count), sum(bot_count), sum(waiting_sum), sum(waiting_count),
          sum(duration_sum), sum(duration_count), sum(rating_sum), sum(rating_count), sum(rating_1),
          sum(rating_2), sum(rating_3), sum(rating_4), sum(rating_5), sum(rating_other)
        FROM gone GROUP BY 1, 2 HAVING sum(count) <> 0
      )
      SELECT count(*) INTO folded_requests FROM gone;

      WITH doubled AS (
        SELECT project_id, status, preflight, draft, has_bot FROM request_list_counts
        GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 LIMIT max_buckets
      ), gone AS (
        DELETE FROM request_list_counts AS counted USING doubled
         WHERE (counted.project_id, counted.status, counted.preflight, counted.draft, counted.has_bot)
             = (doubled.project_id, doubled.status, doubled.preflight, doubled.draft, doubled.has_bot)
        RETURNING counted.*
      ), kept AS (
        INSERT INTO request_list_counts
        SELECT project_id, status, preflight, draft, has_bot, sum(count) FROM gone GROUP BY 1, 2, 3, 4, 5
        HAVING sum(count) <> 0
      )
      SELECT count(*) INTO folded_lists FROM gone;
      RETURN folded_messages + folded_requests + folded_lists;
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS request_list_counts_on_update ON requests;
    DROP TRIGGER IF EXISTS request_list_counts_on_delete ON requests;
    DROP TRIGGER IF EXISTS request_list_counts_on_insert ON requests;
    DROP FUNCTION IF EXISTS request_list_counts_move();
    DROP FUNCTION IF EXISTS request_list_counts_remove();
    DROP FUNCTION IF EXISTS request_list_counts_add();
    DROP TABLE IF EXISTS request_list_counts;
    DROP INDEX IF EXISTS requests_open_candidates_idx;
    DROP INDEX IF EXISTS requests_open_agents_idx;
    DROP INDEX IF EXISTS requests_open_participants_idx;
    DROP INDEX IF EXISTS requests_closed_by_close_idx;
    DROP INDEX IF EXISTS requests_open_by_update_idx;
  `.execute(db);
}
