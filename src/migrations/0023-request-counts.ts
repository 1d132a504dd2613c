/**
 * Why: reports over a whole year or all time of conversations read every conversation of the
 * project (100,000 rows: 70-300 ms on the benchmark's machine), over the 100 ms target of issue 13.
 *
 * `request_counts` rolls conversations up per project and 15-minute UTC bucket of their creation
 * (as `message_counts` does messages, migration 0020: a day in any time zone is a whole number of
 * buckets): how many, how many a bot served, and the sums and counts behind each average (waiting
 * time, duration, rating), plus how many got each rating from 1 to 5 and how many another one.
 * No other dimension: at a few conversations per bucket, a department or status column would
 * multiply the rows back to the number of conversations. Reports filtered by department, agent or
 * channel, or over a `lastdays` window (not aligned on buckets), read the conversations instead.
 *
 * A row trigger keeps it in the transaction of every write, whatever path wrote the conversation:
 * it takes the conversation's old contribution out and puts the new one in. It fires on an update
 * only when a column it counts changed (its WHEN clause), so the frequent updates of a
 * conversation (a new message, a participant) cost nothing. Sums are `numeric`, so taking out
 * exactly what was put in leaves no rounding residue, and an average over the rollup is the
 * average over the rows. A deletion only subtracts (an UPDATE): inserting a row for a project
 * being deleted would violate its foreign key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_counts (
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      bucket_at timestamptz NOT NULL,
      count bigint NOT NULL,
      bot_count bigint NOT NULL,
      waiting_sum numeric NOT NULL,
      waiting_count bigint NOT NULL,
      duration_sum numeric NOT NULL,
      duration_count bigint NOT NULL,
      rating_sum numeric NOT NULL,
      rating_count bigint NOT NULL,
      rating_1 bigint NOT NULL,
      rating_2 bigint NOT NULL,
      rating_3 bigint NOT NULL,
      rating_4 bigint NOT NULL,
      rating_5 bigint NOT NULL,
      rating_other bigint NOT NULL,
      PRIMARY KEY (project_id, bucket_at)
    );

    -- One conversation's contribution, times sign (1 to add it, -1 to take it out).
    CREATE FUNCTION request_counts_row(r requests, sign integer) RETURNS request_counts LANGUAGE sql AS $$
      SELECT r.project_id, date_bin('15 minutes', r.created_at, timestamptz 'epoch'),
        sign::bigint, (CASE WHEN r.has_bot THEN sign ELSE 0 END)::bigint,
        coalesce(r.waiting_time, 0)::numeric * sign, (CASE WHEN r.waiting_time IS NULL THEN 0 ELSE sign END)::bigint,
        coalesce(extract(epoch from (r.closed_at - r.created_at)) * 1000, 0) * sign,
        (CASE WHEN r.closed_at IS NULL THEN 0 ELSE sign END)::bigint,
        coalesce(r.rating, 0)::numeric * sign, (CASE WHEN r.rating IS NULL THEN 0 ELSE sign END)::bigint,
        (CASE WHEN r.rating = 1 THEN sign ELSE 0 END)::bigint, (CASE WHEN r.rating = 2 THEN sign ELSE 0 END)::bigint,
        (CASE WHEN r.rating = 3 THEN sign ELSE 0 END)::bigint, (CASE WHEN r.rating = 4 THEN sign ELSE 0 END)::bigint,
        (CASE WHEN r.rating = 5 THEN sign ELSE 0 END)::bigint,
        (CASE WHEN r.rating IS NOT NULL AND r.rating NOT BETWEEN 1 AND 5 THEN sign ELSE 0 END)::bigint
    $$;

    CREATE FUNCTION request_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      gone request_counts;
      added request_counts;
    BEGIN
      IF TG_OP <> 'INSERT' AND NOT OLD.preflight THEN
        gone := request_counts_row(OLD, -1);
        UPDATE request_counts AS counted SET
          count = counted.count + gone.count, bot_count = counted.bot_count + gone.bot_count,
          waiting_sum = counted.waiting_sum + gone.waiting_sum, waiting_count = counted.waiting_count + gone.waiting_count,
          duration_sum = counted.duration_sum + gone.duration_sum,
          duration_count = counted.duration_count + gone.duration_count,
          rating_sum = counted.rating_sum + gone.rating_sum, rating_count = counted.rating_count + gone.rating_count,
          rating_1 = counted.rating_1 + gone.rating_1, rating_2 = counted.rating_2 + gone.rating_2,
          rating_3 = counted.rating_3 + gone.rating_3, rating_4 = counted.rating_4 + gone.rating_4,
          rating_5 = counted.rating_5 + gone.rating_5, rating_other = counted.rating_other + gone.rating_other
        WHERE counted.project_id = gone.project_id AND counted.bucket_at = gone.bucket_at;
      END IF;
      IF TG_OP <> 'DELETE' AND NOT NEW.preflight THEN
        added := request_counts_row(NEW, 1);
        INSERT INTO request_counts AS counted VALUES (added.*)
        ON CONFLICT (project_id, bucket_at) DO UPDATE SET
          count = counted.count + excluded.count, bot_count = counted.bot_count + excluded.bot_count,
          waiting_sum = counted.waiting_sum + excluded.waiting_sum,
          waiting_count = counted.waiting_count + excluded.waiting_count,
          duration_sum = counted.duration_sum + excluded.duration_sum,
          duration_count = counted.duration_count + excluded.duration_count,
          rating_sum = counted.rating_sum + excluded.rating_sum, rating_count = counted.rating_count + excluded.rating_count,
          rating_1 = counted.rating_1 + excluded.rating_1, rating_2 = counted.rating_2 + excluded.rating_2,
          rating_3 = counted.rating_3 + excluded.rating_3, rating_4 = counted.rating_4 + excluded.rating_4,
          rating_5 = counted.rating_5 + excluded.rating_5, rating_other = counted.rating_other + excluded.rating_other;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER request_counts_on_insert AFTER INSERT ON requests
      FOR EACH ROW EXECUTE FUNCTION request_counts_change();
    CREATE TRIGGER request_counts_on_delete AFTER DELETE ON requests
      FOR EACH ROW EXECUTE FUNCTION request_counts_change();
    CREATE TRIGGER request_counts_on_update AFTER UPDATE ON requests
      FOR EACH ROW
      WHEN ((OLD.project_id, OLD.created_at, OLD.preflight, OLD.has_bot, OLD.waiting_time, OLD.closed_at, OLD.rating)
            IS DISTINCT FROM
            (NEW.project_id, NEW.created_at, NEW.preflight, NEW.has_bot, NEW.waiting_time, NEW.closed_at, NEW.rating))
      EXECUTE FUNCTION request_counts_change();

    INSERT INTO request_counts
    SELECT (c).project_id, (c).bucket_at, sum((c).count), sum((c).bot_count), sum((c).waiting_sum),
      sum((c).waiting_count), sum((c).duration_sum), sum((c).duration_count), sum((c).rating_sum),
      sum((c).rating_count), sum((c).rating_1), sum((c).rating_2), sum((c).rating_3), sum((c).rating_4),
      sum((c).rating_5), sum((c).rating_other)
    FROM (SELECT request_counts_row(requests, 1) AS c FROM requests WHERE NOT preflight) AS rows
    GROUP BY 1, 2;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS request_counts_on_update ON requests;
    DROP TRIGGER IF EXISTS request_counts_on_delete ON requests;
    DROP TRIGGER IF EXISTS request_counts_on_insert ON requests;
    DROP FUNCTION IF EXISTS request_counts_change();
    DROP FUNCTION IF EXISTS request_counts_row(requests, integer);
    DROP TABLE IF EXISTS request_counts;
  `.execute(db);
}
