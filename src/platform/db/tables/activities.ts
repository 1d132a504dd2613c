/** Rows of migration 0022: the audit trail (Tiledesk's activities). */
import type { ColumnType } from 'kysely';
import type { Attributes, CreatedAt } from './column-types.js';

/** A jsonb column that may be SQL NULL, written through `jsonOrNull()`. */
type NullableJson = ColumnType<Attributes | null, string | null, string | null>;

export interface ActivitiesTable {
  id: string;
  project_id: string;
  verb: string;
  actor_type: string;
  actor_id: string;
  actor_name: string | null;
  target_type: string;
  target_id: string | null;
  target: NullableJson;
  action: NullableJson;
  related: NullableJson;
  involved_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}
