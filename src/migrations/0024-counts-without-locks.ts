/**
 * Why: the count rollups (migrations 0020 and 0023) upserted one row per project and 15-minute
 * bucket. Every transaction that wrote a message or a conversation locked that row until it
 * committed, so a project's writes queued behind each other, and two transactions that reached the
 * message row and the conversation row in opposite orders (a first message creating its
 * conversation while another conversation is answered) deadlocked: PostgreSQL ended one of them
 * and the caller got a 500.
 *
 * Now the triggers only append: each statement adds a row with its contribution (negative for
 * what it took out), and inserts never wait for each other. A bucket may therefore hold several
 * rows; every reader already sums them. `compact_counts()` folds each bucket's rows back into one
 * (every instance does it every minute: `compactCounts` in modules/analytics/analytics.service.ts); it
 * deletes the rows it folds and inserts their sum in one statement, so a count is the same before
 * and after, and two instances compacting at once fold each row once.
 *
 * A contribution taken out while its project is being deleted is not written: the project's
 * counts go with it (ON DELETE CASCADE), and a row for it would break the foreign key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE message_counts DROP CONSTRAINT message_counts_pkey;
    CREATE INDEX message_counts_bucket_idx ON message_counts (project_id, bucket_at, channel);
    ALTER TABLE request_counts DROP CONSTRAINT request_counts_pkey;
    CREATE INDEX request_counts_bucket_idx ON request_counts (project_id, bucket_at);

    CREATE OR REPLACE FUNCTION message_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO message_counts (project_id, bucket_at, channel, count)
      SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), count(*)
        FROM added GROUP BY 1, 2, 3;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION message_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO message_counts (project_id, bucket_at, channel, count)
      SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), -count(*)
        FROM removed WHERE EXISTS (SELECT 1 FROM projects WHERE projects.id = removed.project_id)
        GROUP BY 1, 2, 3;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION message_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM removed JOIN added USING (id)
                  WHERE (removed.project_id, removed.created_at, removed.channel ->> 'name')
                        IS DISTINCT FROM (added.project_id, added.created_at, added.channel ->> 'name')) THEN
        INSERT INTO message_counts (project_id, bucket_at, channel, count)
        SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), -count(*)
          FROM removed GROUP BY 1, 2, 3
        UNION ALL
        SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), count(*)
          FROM added GROUP BY 1, 2, 3;
      END IF;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION request_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND NOT OLD.preflight
         AND EXISTS (SELECT 1 FROM projects WHERE projects.id = OLD.project_id) THEN
        INSERT INTO request_counts SELECT (request_counts_row(OLD, -1)).*;
      END IF;
      IF TG_OP <> 'DELETE' AND NOT NEW.preflight THEN
        INSERT INTO request_counts SELECT (request_counts_row(NEW, 1)).*;
      END IF;
      RETURN NULL;
    END $$;

    -- Folds every bucket holding several rows into one (none when they cancel out); returns how
    -- many rows it removed. At most max_buckets buckets per table and call.
    CREATE FUNCTION compact_counts(max_buckets integer) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      folded_messages bigint;
      folded_requests bigint;
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
      RETURN folded_messages + folded_requests;
    END $$;
  `.execute(db);
}
