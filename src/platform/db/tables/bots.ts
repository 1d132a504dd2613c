/** Rows of migrations 0003 and 0006: bots (faq_kb) and intents (faq). */
import type { ColumnType, Generated } from 'kysely';
import type { Attributes, CreatedAt, Json, JsonDefault, SearchVector } from './column-types.js';

export interface BotsTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  url: string | null;
  webhook_url: string | null;
  webhook_enabled: Generated<boolean>;
  type: Generated<string>;
  subtype: string | null;
  trashed: Generated<boolean>;
  trashed_at: Date | null;
  secret: string;
  language: Generated<string>;
  attributes: Json<Attributes | null> | null;
  public: Generated<boolean>;
  certified: Generated<boolean>;
  main_category: string | null;
  intents_engine: Generated<string>;
  tags: JsonDefault<string[]>;
  score: ColumnType<number, number | undefined, number>;
  published_by: string | null;
  published_at: Date | null;
  trained: Generated<boolean>;
  short_description: string | null;
  title: string | null;
  certified_tags: JsonDefault<unknown[]>;
  agents_available: Generated<boolean>;
  slug: string | null;
  modified: Generated<boolean>;
  root_id: string | null;
  release_note: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}

export interface IntentsTable {
  id: string;
  project_id: string;
  bot_id: string;
  intent_id: string;
  intent_display_name: string;
  question: string | null;
  answer: string | null;
  reply: Json<Attributes | null> | null;
  webhook_enabled: Generated<boolean>;
  enabled: Generated<boolean>;
  topic: Generated<string>;
  status: Generated<string>;
  language: string | null;
  form: Json<Attributes | null> | null;
  actions: Json<unknown[] | null> | null;
  attributes: Json<Attributes | null> | null;
  agents_available: Generated<boolean>;
  trashed: Generated<boolean>;
  trashed_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}
