/** Rows of migration 0012: canned responses (agents' saved replies). */
import type { Generated } from 'kysely';
import type { Attributes, CreatedAt, Json } from './column-types.js';

export interface CannedResponsesTable {
  id: string;
  project_id: string;
  title: string | null;
  text: string;
  shared: boolean;
  attributes: Json<Attributes | null> | null;
  status: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
