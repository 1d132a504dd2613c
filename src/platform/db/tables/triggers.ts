/** Rows of migration 0021: triggers (Tiledesk's rules) and the failures their admins read. */
import type { Generated } from 'kysely';
import type { Attributes, CreatedAt, Json } from './column-types.js';

export interface TriggerCondition {
  key?: string;
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
}

export interface TriggerAction {
  key: string;
  parameters?: Attributes;
}

export interface TriggersTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  trigger_key: string;
  trigger_name: string;
  trigger_description: string | null;
  conditions: Json<{ all?: TriggerCondition[]; any?: TriggerCondition[] }>;
  actions: Json<TriggerAction[]>;
  enabled: boolean;
  code: string | null;
  type: string | null;
  version: number | null;
  created_by: string;
  updated_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface TriggerFailuresTable {
  id: Generated<string>;
  project_id: string;
  trigger_id: string;
  trigger_name: string | null;
  event: string;
  request_id: string | null;
  action: string | null;
  error: string;
  created_at: CreatedAt;
}
