/**
 * Why: GET /requests?full_text= must find a conversation by what was said in it while it is still
 * open. A closed request carries its transcript in its own `search` vector (0002); an open one has
 * only its first text there, and its messages live in `messages`. This indexes the messages' text
 * the same way ('simple' configuration: no stemming, any language), so the list asks the index
 * for the conversations whose messages match instead of reading them.
 *
 * An expression index, not a generated column: adding a stored column would rewrite the whole
 * messages table; building an index only reads it. The query repeats the exact expression
 * (requests.list.ts). PostgreSQL's own full-text search, not pg_trgm: PGlite would need the
 * extension loaded at start-up, and whole-word matching is what `full_text` does everywhere else.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX messages_text_search_idx ON messages USING gin (to_tsvector('simple', coalesce(text, '')));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS messages_text_search_idx;`.execute(db);
}
