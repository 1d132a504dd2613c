/** Rows of migration 0020: a project's widget translations (Tiledesk's labels). */
import type { Generated } from 'kysely';
import type { Attributes, CreatedAt, Json } from './column-types.js';

/** The project's labels document: one per project, once an admin wrote a language. */
export interface LabelsTable {
  id: string;
  project_id: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One language of the document, in the order languages were added (`position`). */
export interface LabelEntriesTable {
  id: string;
  project_id: string;
  lang: string;
  position: number;
  is_default: Generated<boolean>;
  data: Json<Attributes>;
}
