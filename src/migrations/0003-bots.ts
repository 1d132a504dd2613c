/**
 * Why: bots (Tiledesk "faq_kb") and their intents ("faq"). Intents are searched by exact
 * question first and then by full text, so the question gets a generated tsvector; the
 * unique indexes are the ones Tiledesk relies on for its 409 "Duplicate intent_display_name".
 * Each bot owns a random secret (not one per process, which is a Tiledesk bug).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bots (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      url text,
      webhook_url text,
      webhook_enabled boolean NOT NULL DEFAULT false,
      type text NOT NULL DEFAULT 'internal',
      subtype text,
      trashed boolean NOT NULL DEFAULT false,
      trashed_at timestamptz,
      secret text NOT NULL,
      language text NOT NULL DEFAULT 'en',
      attributes jsonb,
      public boolean NOT NULL DEFAULT false,
      certified boolean NOT NULL DEFAULT false,
      main_category text,
      intents_engine text NOT NULL DEFAULT 'none',
      tags jsonb NOT NULL DEFAULT '[]',
      score numeric NOT NULL DEFAULT 0,
      published_by text,
      published_at timestamptz,
      trained boolean NOT NULL DEFAULT true,
      short_description text,
      title text,
      certified_tags jsonb NOT NULL DEFAULT '[]',
      agents_available boolean NOT NULL DEFAULT false,
      slug text,
      modified boolean NOT NULL DEFAULT false,
      root_id text,
      release_note text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX bots_project_idx ON bots (project_id);
    CREATE UNIQUE INDEX bots_slug_uq ON bots (project_id, slug) WHERE slug IS NOT NULL;

    CREATE TABLE intents (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      bot_id text NOT NULL,
      intent_id text NOT NULL,
      intent_display_name text NOT NULL,
      question text,
      answer text,
      reply jsonb,
      webhook_enabled boolean NOT NULL DEFAULT false,
      enabled boolean NOT NULL DEFAULT true,
      topic text NOT NULL DEFAULT 'default',
      status text NOT NULL DEFAULT 'live',
      language text,
      form jsonb,
      actions jsonb,
      attributes jsonb,
      agents_available boolean NOT NULL DEFAULT false,
      trashed boolean NOT NULL DEFAULT false,
      trashed_at timestamptz,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(question, ''))) STORED
    );
    CREATE UNIQUE INDEX intents_display_name_uq ON intents (project_id, bot_id, intent_display_name);
    CREATE UNIQUE INDEX intents_intent_id_uq ON intents (project_id, bot_id, intent_id);
    CREATE INDEX intents_search_idx ON intents USING gin (search);
  `.execute(db);
}
