/**
 * The durable job queue for outbound calls (webhook deliveries, external bot calls...).
 *
 * Jobs are rows in `jobs`, inserted inside the transaction that caused them. Workers claim due
 * jobs with FOR UPDATE SKIP LOCKED, so with several instances each job runs in one place; a
 * claim is a lease (`locked_until`): if its instance dies, the job becomes due again. A failed
 * attempt is retried with exponential backoff and jitter until `max_attempts`, then the job is
 * marked failed and its handler's `onGiveUp` runs.
 */
import os from 'node:os';
import { sql, type UpdateObject } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from '../db/unit-of-work.js';
import { json } from '../db/json.js';
import { asServer } from '../events/actor.js';
import type { Database, JobRow } from '../db/tables.js';

export interface NewJob {
  kind: string;
  projectId?: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobHandler {
  run(job: JobRow): Promise<void>;
  /** Called once when the last attempt failed (or a PermanentJobError was thrown). */
  onGiveUp?(job: JobRow, error: unknown): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (e.g. the target is forbidden). */
export class PermanentJobError extends Error {}

export interface JobQueueOptions {
  pollIntervalMs?: number;
  /** Delay of the first retry; doubles each attempt. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  leaseMs?: number;
  /** Jobs one instance runs at once (and claims at most per query). */
  batchSize?: number;
}

export interface JobQueue {
  /** Inserts the jobs on the ambient connection: inside a unit of work, atomically with its change. */
  enqueue(jobs: NewJob[]): Promise<number[]>;
  register(kind: string, handler: JobHandler): void;
  /** Asks the worker to look for due jobs now (after a commit that enqueued some). */
  poke(): void;
  start(): void;
  stop(): Promise<void>;
  /** Test/bench helper: runs due jobs until none is left. */
  runDue(): Promise<number>;
  /**
   * Deletes jobs that ended (done or failed) before `before`: what they did is recorded where it
   * matters (the outbox, the delivery log, the conversation), so the queue keeps only recent ones.
   */
  purgeFinished(before: Date): Promise<number>;
}

export function createJobQueue(
  connection: Connection,
  log: FastifyBaseLogger,
  options: JobQueueOptions = {},
): JobQueue {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const baseBackoffMs = options.baseBackoffMs ?? 2000;
  const maxBackoffMs = options.maxBackoffMs ?? 10 * 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const workerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const handlers = new Map<string, JobHandler>();

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  /** The worker's claim loop, while it runs; a tick meanwhile only asks it to look again. */
  let filling: Promise<void> | undefined;
  let again = false;
  /** Jobs this worker is running: each frees its slot when it ends, not when its batch does. */
  const running = new Set<Promise<void>>();

  async function claim(limit = batchSize): Promise<JobRow[]> {
    const kinds = [...handlers.keys()];
    if (kinds.length === 0) return [];
    const result = await sql<JobRow>`
      UPDATE jobs SET status = 'running', locked_by = ${workerId},
        locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
        attempts = attempts + 1, updated_at = now()
      WHERE id IN (
        SELECT id FROM jobs
        WHERE kind = ANY(${kinds}::text[])
          AND ((status = 'pending' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(connection());
    return result.rows;
  }

  /** Updates a job this worker still holds; false when its lease expired and another took it. */
  async function release(job: JobRow, changes: UpdateObject<Database, 'jobs'>) {
    const result = await connection()
      .updateTable('jobs')
      .set(changes)
      .where('id', '=', job.id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return true;
    log.warn({ jobId: job.id, kind: job.kind }, 'job lease lost before the attempt was recorded');
    return false;
  }

  async function settle(job: JobRow, error: unknown): Promise<void> {
    const handler = handlers.get(job.kind);
    const message = error instanceof Error ? error.message : String(error);
    const giveUp = error instanceof PermanentJobError || job.attempts >= job.max_attempts;
    const unlocked = { last_error: message, locked_by: null, locked_until: null, updated_at: new Date() };
    if (giveUp) {
      if (!(await release(job, { ...unlocked, status: 'failed' }))) return;
      try {
        await handler?.onGiveUp?.(job, error);
      } catch (giveUpError) {
        log.error({ jobId: job.id, kind: job.kind, err: giveUpError }, 'job onGiveUp failed');
      }
      return;
    }
    const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (job.attempts - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    // The database clock decides when a job is due (claim compares with now()), not this host's.
    await release(job, {
      ...unlocked,
      status: 'pending',
      run_at: sql<Date>`now() + make_interval(secs => ${jittered / 1000})`,
    });
  }

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler.run(job);
    } catch (error) {
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: error }, 'job attempt failed');
      await settle(job, error);
      return;
    }
    await release(job, {
      status: 'done',
      last_error: null,
      locked_by: null,
      locked_until: null,
      updated_at: new Date(),
    });
  }

  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await claim();
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map(runOne));
      total += jobs.length;
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    // A poke from a request must not run the jobs on behalf of its caller (actor.ts).
    timer = asServer(() => setTimeout(tick, delay));
    timer.unref();
  }

  /**
   * Claims due jobs into the free slots and starts each one on its own: a slow job (a webhook
   * target taking its whole timeout) holds one slot, and a bot's answer queued behind it runs
   * at once in another, instead of waiting for the slowest job of a batch.
   */
  async function fill(): Promise<void> {
    while (!stopped && running.size < batchSize) {
      const free = batchSize - running.size;
      const jobs = await claim(free);
      for (const job of jobs) {
        const run: Promise<void> = runOne(job)
          .catch((error: unknown) => log.error({ jobId: job.id, kind: job.kind, err: error }, 'job run failed'))
          .finally(() => {
            running.delete(run);
            schedule(0);
          });
        running.add(run);
      }
      if (jobs.length < free) return;
    }
  }

  function tick(): void {
    if (stopped) return;
    if (filling) {
      again = true;
      return;
    }
    filling = fill()
      .catch((error: unknown) => {
        log.error({ err: error }, 'job worker pass failed');
      })
      .finally(() => {
        filling = undefined;
        if (again) {
          again = false;
          schedule(0);
        } else {
          schedule(pollIntervalMs);
        }
      });
  }

  return {
    async enqueue(jobs) {
      if (jobs.length === 0) return [];
      const rows = await connection()
        .insertInto('jobs')
        .values(
          jobs.map((job) => ({
            kind: job.kind,
            project_id: job.projectId ?? null,
            payload: json(job.payload),
            run_at: job.runAt,
            max_attempts: job.maxAttempts,
          })),
        )
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    },
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    poke() {
      schedule(0);
    },
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await filling;
      await Promise.all(running);
    },
    runDue,
    async purgeFinished(before) {
      const result = await connection()
        .deleteFrom('jobs')
        .where('status', 'in', ['done', 'failed'])
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
