/**
 * Why: Tiledesk's text indexes stem each document in its own language (`language_override`),
 * so "looking" finds an English intent that says "look". 0003 indexed intents with the
 * language-blind 'simple' configuration and gave bots no text index at all (their list filters
 * by `text` over name, description and tags).
 *
 * `parley_ts_config` maps an ISO 639-1 code (optionally with a region, "pt-BR") to a PostgreSQL
 * text-search configuration, 'simple' for anything else. It returns constants only, so it is
 * truly immutable and may drive generated columns.
 */
import { sql, type Kysely } from 'kysely';

const LANGUAGES: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const cases = Object.entries(LANGUAGES)
    .map(([code, config]) => `WHEN '${code}' THEN '${config}'::regconfig`)
    .join(' ');
  await sql
    .raw(
      `
    CREATE FUNCTION parley_ts_config(language text) RETURNS regconfig
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE lower(split_part(replace(coalesce(language, ''), '_', '-'), '-', 1))
        ${cases} ELSE 'simple'::regconfig END $$;

    DROP INDEX intents_search_idx;
    ALTER TABLE intents DROP COLUMN search;
    ALTER TABLE intents ADD COLUMN search tsvector GENERATED ALWAYS AS
      (to_tsvector(parley_ts_config(language), coalesce(question, ''))) STORED;
    CREATE INDEX intents_search_idx ON intents USING gin (search);

    ALTER TABLE bots ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector(parley_ts_config(language), coalesce(name, '') || ' ' || coalesce(description, ''))
      || jsonb_to_tsvector(parley_ts_config(language), tags, '["string"]')
    ) STORED;
    CREATE INDEX bots_search_idx ON bots USING gin (search);
  `,
    )
    .execute(db);
}
