import { sql, type Insertable, type Updateable } from 'kysely';
import { json } from '../../platform/db/json.js';
import type { SubscriptionsTable, WebhookDeliveriesTable, WebhookDeliveryRow } from '../../platform/db/tables.js';
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** A delivery with the state of its job (none once the finished job was purged). */
export type DeliveryWithJob = WebhookDeliveryRow & { next_attempt_at: Date | null; max_attempts: number | null };

/** Subscriptions queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createSubscriptionsRepo(connection: Connection) {
  /** Inserts unless (project, event, target) exists; undefined when it does. */
  function insertSubscription(row: Insertable<SubscriptionsTable>) {
    const db = connection();
    return db
      .insertInto('subscriptions')
      .values(row)
      .onConflict((conflict) => conflict.columns(['project_id', 'event', 'target']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  function findSubscriptionById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findSubscriptionByTarget(projectId: string, event: string, target: string) {
    const db = connection();
    return db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('event', '=', event)
      .where('target', '=', target)
      .executeTakeFirst();
  }

  function listSubscriptions(projectId: string) {
    const db = connection();
    return db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  function updateSubscription(projectId: string, id: string, changes: Updateable<SubscriptionsTable>) {
    const db = connection();
    return db
      .updateTable('subscriptions')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteSubscription(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('subscriptions')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** A delivery succeeded: the failure streak ends. */
  async function resetFailures(projectId: string, id: string): Promise<void> {
    const db = connection();
    await db
      .updateTable('subscriptions')
      .set({ consecutive_failures: 0 })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('consecutive_failures', '<>', 0)
      .execute();
  }

  /**
   * A delivery failed for good: one more failure, and the subscription is disabled when the streak
   * reaches `disableAfter`. One statement, so concurrent failures cannot miss the threshold.
   */
  function countFailure(projectId: string, id: string, disableAfter: number, reason: string) {
    const db = connection();
    const reached = sql<boolean>`consecutive_failures + 1 >= ${disableAfter}`;
    return db
      .updateTable('subscriptions')
      .set({
        consecutive_failures: sql`consecutive_failures + 1`,
        enabled: sql`CASE WHEN ${reached} THEN false ELSE enabled END`,
        disabled_reason: sql`CASE WHEN enabled AND ${reached} THEN ${reason.slice(0, 500)} ELSE disabled_reason END`,
        disabled_at: sql`CASE WHEN enabled AND ${reached} THEN now() ELSE disabled_at END`,
        updated_at: new Date(),
      })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** The `event` of every enabled subscription of these projects, by project. */
  async function listSubscribedEvents(projectIds: string[]): Promise<Map<string, Set<string>>> {
    const db = connection();
    const rows = await db
      .selectFrom('subscriptions')
      .select(['project_id', 'event'])
      .distinct()
      .where('project_id', 'in', projectIds)
      .where('enabled', '=', true)
      .execute();
    const byProject = new Map<string, Set<string>>();
    for (const { project_id, event } of rows) {
      let events = byProject.get(project_id);
      if (!events) byProject.set(project_id, (events = new Set()));
      events.add(event);
    }
    return byProject;
  }

  /**
   * Queues one delivery (a `webhook_deliveries` row and its job) per enabled subscription whose
   * `event` is one of an event's `patterns`, in one statement whatever the number of events and
   * subscriptions.
   */
  async function stageDeliveries(
    events: Array<{ event: DomainEvent; patterns: string[] }>,
    job: { kind: string; maxAttempts: number },
  ): Promise<number> {
    const db = connection();
    const rows = events.map(({ event, patterns }, position) => ({
      position,
      name: event.name,
      project_id: event.projectId,
      patterns,
      payload: event.payload ?? null,
    }));
    // MATERIALIZED: the random delivery ids must be drawn once, then shared by both inserts.
    const result = await sql`
    WITH event AS (
      SELECT * FROM jsonb_to_recordset(${json(rows)}::jsonb)
        AS e(position int, name text, project_id text, patterns text[], payload jsonb)
    ), matched AS MATERIALIZED (
      SELECT gen_random_uuid()::text AS delivery_id, s.id AS subscription_id, s.project_id, s.target,
        e.name, e.payload, e.position
      FROM event e
      JOIN subscriptions s ON s.project_id = e.project_id AND s.enabled AND s.event = ANY(e.patterns)
    ), job AS (
      INSERT INTO jobs (kind, project_id, payload, max_attempts)
      SELECT ${job.kind}::text, project_id, jsonb_build_object('deliveryId', delivery_id), ${job.maxAttempts}::int
      FROM matched
      ORDER BY position, subscription_id
      RETURNING id, payload->>'deliveryId' AS delivery_id
    )
    INSERT INTO webhook_deliveries (id, project_id, subscription_id, job_id, event, target, payload)
    SELECT m.delivery_id, m.project_id, m.subscription_id, job.id, m.name, m.target, COALESCE(m.payload, 'null')
    FROM matched m JOIN job ON job.delivery_id = m.delivery_id`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }

  function findDeliveryById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Records an attempt on a delivery still pending (never overwrites a settled one). */
  function recordAttempt(projectId: string, id: string, changes: Updateable<WebhookDeliveriesTable>) {
    const db = connection();
    return db
      .updateTable('webhook_deliveries')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning(['id', 'subscription_id'])
      .executeTakeFirst();
  }

  /** The delivery log, newest first. */
  /** The delivery log, newest first, with when each pending delivery is tried next (its job's run_at). */
  function listDeliveries(
    projectId: string,
    page: { offset: number; limit: number },
    subscriptionId?: string,
  ): Promise<DeliveryWithJob[]> {
    const db = connection();
    return db
      .selectFrom('webhook_deliveries as d')
      .leftJoin('jobs as j', 'j.id', 'd.job_id')
      .selectAll('d')
      .select(['j.run_at as next_attempt_at', 'j.max_attempts'])
      .where('d.project_id', '=', projectId)
      .$if(subscriptionId !== undefined, (query) => query.where('d.subscription_id', '=', subscriptionId!))
      .orderBy('d.created_at', 'desc')
      .orderBy('d.job_id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  return {
    insertSubscription,
    findSubscriptionById,
    findSubscriptionByTarget,
    listSubscriptions,
    updateSubscription,
    deleteSubscription,
    resetFailures,
    countFailure,
    listSubscribedEvents,
    stageDeliveries,
    findDeliveryById,
    recordAttempt,
    listDeliveries,
  };
}
