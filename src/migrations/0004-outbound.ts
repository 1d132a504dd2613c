/**
 * Why: everything the server sends out must survive a crash and run once across instances.
 *
 * - jobs is the durable queue: a job is inserted in the same transaction as the change that
 *   caused it, claimed with FOR UPDATE SKIP LOCKED (one instance wins), retried with backoff
 *   until max_attempts, and kept (done/failed) for the delivery log.
 * - subscriptions are webhook targets; their secret signs deliveries (HMAC) and is random per
 *   subscription. A subscription that keeps failing is disabled with the reason recorded.
 * - webhook_deliveries is the delivery log shown by GET /subscriptions/history.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      project_id text,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      run_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 10,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status IN ('pending', 'running', 'done', 'failed'))
    );
    CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status IN ('pending', 'running');
    CREATE INDEX jobs_project_kind_idx ON jobs (project_id, kind, created_at DESC);

    CREATE TABLE subscriptions (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      event text NOT NULL,
      target text NOT NULL,
      secret text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      disabled_at timestamptz,
      consecutive_failures integer NOT NULL DEFAULT 0,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, event, target)
    );
    CREATE INDEX subscriptions_project_event_idx ON subscriptions (project_id, event) WHERE enabled;

    CREATE TABLE webhook_deliveries (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      subscription_id text NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
      job_id bigint,
      event text NOT NULL,
      target text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      response_status integer,
      error text,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    );
    CREATE INDEX webhook_deliveries_project_idx ON webhook_deliveries (project_id, created_at DESC);
  `.execute(db);
}
