/**
 * Why: the visitor widget shows its texts in the visitor's language (Tiledesk's `labels`: one
 * document per project holding one entry per language). Tiledesk's stock translations ship with
 * the server (src/modules/labels/default-labels.json) and are never stored; a project's rows are
 * only the languages its admins cloned or wrote. `labels` is the document (who made it, when),
 * `label_entries` its languages in the order they were added, read one at a time by the widget.
 * At most one language per project is the default (the fallback for the others).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE labels (
      id text PRIMARY KEY,
      project_id text NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE label_entries (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES labels(project_id) ON DELETE CASCADE,
      lang text NOT NULL,
      position integer NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      data jsonb NOT NULL,
      UNIQUE (project_id, lang)
    );
    CREATE UNIQUE INDEX label_entries_one_default_idx ON label_entries (project_id) WHERE is_default;
  `.execute(db);
}
