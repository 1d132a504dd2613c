/** Rows of migration 0011: pending bot turns and flow variables. */
import type { Generated } from 'kysely';
import type { Attributes, CreatedAt, Json, JsonDefault } from './column-types.js';

export type BotTurnKind = 'start' | 'message' | 'resume' | 'deliver';

export interface BotTurnsTable {
  id: Generated<number>;
  project_id: string;
  request_id: string;
  bot_id: string;
  kind: BotTurnKind;
  message: Json<Attributes | null> | null;
  resume: Json<Attributes | null> | null;
  run_at: CreatedAt;
  job_id: number | null;
  created_at: CreatedAt;
}

export interface BotFlowStatesTable {
  request_id: string;
  project_id: string;
  variables: JsonDefault<Attributes>;
  updated_at: CreatedAt;
}
