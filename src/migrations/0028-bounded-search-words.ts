/**
 * Why: a text search vector holds at most 1 MB of words, and PostgreSQL refuses to build a larger
 * one. `requests.search` (0002) was built from the whole transcript written at close, so a
 * conversation with more than about 1 MB of distinct words (a visitor's twenty maximal messages of
 * random words do it) could not be closed: the close failed with a 500, and auto-close retried it
 * for ever. The request's own words are now read from its first 100,000 characters, the
 * transcript last (at most about 0.5 MB in a vector, whatever the characters). A word beyond that
 * is not found by `full_text`; the conversation keeps every message.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE requests DROP COLUMN search;
    ALTER TABLE requests ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple', left(
        coalesce(first_text, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(rating_message, '') || ' ' ||
        coalesce(jsonb_path_query_array(tags, '$[*].tag')::text, '') || ' ' ||
        coalesce(jsonb_path_query_array(notes, '$[*].text')::text, '') || ' ' ||
        coalesce(snapshot #>> '{lead,email}', '') || ' ' ||
        coalesce(snapshot #>> '{lead,fullname}', '') || ' ' ||
        coalesce(transcript, ''), 100000))
    ) STORED;
    CREATE INDEX requests_search_idx ON requests USING gin (search);
    CREATE INDEX requests_open_search_idx ON requests USING gin (search) WHERE status < 1000;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE requests DROP COLUMN search;
    ALTER TABLE requests ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple',
        coalesce(first_text, '') || ' ' || coalesce(subject, '') || ' ' ||
        coalesce(transcript, '') || ' ' || coalesce(rating_message, '') || ' ' ||
        coalesce(jsonb_path_query_array(tags, '$[*].tag')::text, '') || ' ' ||
        coalesce(jsonb_path_query_array(notes, '$[*].text')::text, '') || ' ' ||
        coalesce(snapshot #>> '{lead,email}', '') || ' ' ||
        coalesce(snapshot #>> '{lead,fullname}', ''))
    ) STORED;
    CREATE INDEX requests_search_idx ON requests USING gin (search);
    CREATE INDEX requests_open_search_idx ON requests USING gin (search) WHERE status < 1000;
  `.execute(db);
}
