/**
 * Why: the analytics routes (issue 13) must answer in under 100 ms for a project of 100,000
 * conversations and 1,000,000 messages, on every call, without scanning the messages.
 *
 * - `message_counts` holds how many messages a project received per 15-minute UTC bucket and
 *   channel. Fifteen minutes, because every time zone in use is offset from UTC by a multiple of
 *   15 minutes (India +5:30, Nepal +5:45): a day, week or month in any zone is a whole number of
 *   buckets. A year is 35,040 buckets, so "messages per month, ever" reads tens of thousands of
 *   rows, not millions.
 * - Statement-level triggers keep it, in the transaction that inserts or deletes the messages:
 *   one grouped upsert per statement (a bulk import of 1,000 messages touches one or two rows),
 *   whatever path wrote them (the API, the import, a cascade from a deleted project or request,
 *   SQL by hand). A count is therefore always the recount of the rows committed with it. Rows
 *   are upserted in key order, so two transactions lock shared buckets in the same order.
 * - Conversations are few enough per project to aggregate directly, but not from the heap: a
 *   partial index (without preflight ones, which no report counts) by creation time carries the
 *   columns the reports group or average on, so most reports are index-only scans of about 150
 *   bytes a conversation. `participants` (bots included) is left out, as it doubled the index:
 *   the `participant` filter reads the rows of its window, through the participants GIN index.
 * - Reports by sender, by bot answer and by conversation read messages by time through a new
 *   (project, created_at) index, bounded by the report's window; end users (visitors) likewise.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_counts (
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      bucket_at timestamptz NOT NULL,
      channel text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (project_id, bucket_at, channel)
    );

    CREATE FUNCTION message_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO message_counts AS counted (project_id, bucket_at, channel, count)
      SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), count(*)
        FROM added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (project_id, bucket_at, channel) DO UPDATE SET count = counted.count + excluded.count;
      RETURN NULL;
    END $$;

    CREATE FUNCTION message_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE message_counts AS counted SET count = counted.count - gone.count
        FROM (SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch') AS bucket_at,
                     coalesce(channel ->> 'name', '') AS channel, count(*) AS count
                FROM removed GROUP BY 1, 2, 3) AS gone
       WHERE counted.project_id = gone.project_id AND counted.bucket_at = gone.bucket_at AND counted.channel = gone.channel;
      RETURN NULL;
    END $$;

    -- Messages are not updated by the server; a change of time or channel by hand moves the count.
    CREATE FUNCTION message_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM removed JOIN added USING (id)
                  WHERE (removed.project_id, removed.created_at, removed.channel ->> 'name')
                        IS DISTINCT FROM (added.project_id, added.created_at, added.channel ->> 'name')) THEN
        UPDATE message_counts AS counted SET count = counted.count - gone.count
          FROM (SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch') AS bucket_at,
                       coalesce(channel ->> 'name', '') AS channel, count(*) AS count
                  FROM removed GROUP BY 1, 2, 3) AS gone
         WHERE counted.project_id = gone.project_id AND counted.bucket_at = gone.bucket_at AND counted.channel = gone.channel;
        INSERT INTO message_counts AS counted (project_id, bucket_at, channel, count)
        SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), count(*)
          FROM added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (project_id, bucket_at, channel) DO UPDATE SET count = counted.count + excluded.count;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER message_counts_on_insert AFTER INSERT ON messages
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION message_counts_add();
    CREATE TRIGGER message_counts_on_delete AFTER DELETE ON messages
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION message_counts_remove();
    CREATE TRIGGER message_counts_on_update AFTER UPDATE ON messages
      REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION message_counts_move();

    INSERT INTO message_counts (project_id, bucket_at, channel, count)
    SELECT project_id, date_bin('15 minutes', created_at, timestamptz 'epoch'), coalesce(channel ->> 'name', ''), count(*)
      FROM messages GROUP BY 1, 2, 3;

    CREATE INDEX requests_analytics_idx ON requests (project_id, created_at)
      INCLUDE (status, has_bot, waiting_time, first_response_at, closed_at, rating, department_id, participants_agents)
      WHERE preflight = false;
    CREATE INDEX messages_project_created_idx ON messages (project_id, created_at) INCLUDE (sender);
    CREATE INDEX project_users_end_users_idx ON project_users (project_id, created_at)
      WHERE role IN ('guest', 'user') AND status = 'active';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS project_users_end_users_idx;
    DROP INDEX IF EXISTS messages_project_created_idx;
    DROP INDEX IF EXISTS requests_analytics_idx;
    DROP TRIGGER IF EXISTS message_counts_on_update ON messages;
    DROP TRIGGER IF EXISTS message_counts_on_delete ON messages;
    DROP TRIGGER IF EXISTS message_counts_on_insert ON messages;
    DROP FUNCTION IF EXISTS message_counts_move();
    DROP FUNCTION IF EXISTS message_counts_remove();
    DROP FUNCTION IF EXISTS message_counts_add();
    DROP TABLE IF EXISTS message_counts;
  `.execute(db);
}
