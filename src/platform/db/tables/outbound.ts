/**
 * Rows of migrations 0004, 0007 and 0016: the job queue, webhook subscriptions and their delivery
 * log, the event log.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Attributes, CreatedAt, Json } from './column-types.js';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  project_id: string | null;
  payload: Json<Attributes>;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  run_at: CreatedAt;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SubscriptionsTable {
  id: string;
  project_id: string;
  event: string;
  target: string;
  secret: string;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: string;
  project_id: string;
  subscription_id: string;
  job_id: number | null;
  event: string;
  target: string;
  status: Generated<string>;
  attempts: Generated<number>;
  response_status: number | null;
  error: string | null;
  payload: Json<Attributes>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  delivered_at: Date | null;
}

export interface EventLogTable {
  id: Generated<number>;
  project_id: string;
  name: string;
  payload: Json<unknown>;
  created_at: CreatedAt;
}
