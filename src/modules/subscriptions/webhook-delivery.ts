/**
 * Webhook delivery: a staging hook queues one delivery per matching subscription inside the
 * transaction that emitted the event, and a job handler sends it (retried by the job queue).
 *
 * The body is Tiledesk's `{timestamp, payload, hook, token}` so existing receivers keep working.
 * Unlike Tiledesk, the secret itself is never sent (`x-hook-secret`): each request carries an
 * HMAC-SHA256 signature of `<timestamp>.<body>` keyed with it, and a delivery id that stays the
 * same across retries.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Platform } from '../../platform/context.js';
import type { StagingHook } from '../../platform/events/event-bus.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/job-queue.js';
import { audienceFor, signToken } from '../../platform/auth/jwt.js';
import { OutboundRefusedError, postJson } from '../../platform/http/outbound.js';
import type { JobRow, SubscriptionRow, WebhookDeliveryRow } from '../../platform/db/tables.js';
import { createSubscriptionsRepo } from './subscriptions.repo.js';
import { subscriptionToWire } from './subscriptions.schema.js';
import { subscriptionPatternsFor } from './subscription-events.js';

export const WEBHOOK_JOB = 'webhook.deliver';

const WEBHOOK_HEADERS = {
  delivery: 'x-parley-delivery',
  event: 'x-parley-event',
  timestamp: 'x-parley-timestamp',
  signature: 'x-parley-signature',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the subscription secret>`. */
function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One delivery as it is sent: to a subscription, or (a test) to a target without one. */
export interface OutgoingDelivery {
  target: string;
  /** The subscription it is for: its wire `hook`, a token and the signature use its secret. */
  subscription?: SubscriptionRow;
  deliveryId: string;
  event: string;
  createdAt: Date;
  payload: unknown;
}

/**
 * POSTs a delivery through the outbound client (deadline, no redirects, SSRF guard): Tiledesk's
 * `{timestamp, payload, hook, token}` body, with Parley's delivery headers and, for a
 * subscription, the signature.
 */
export async function postDelivery(config: Config, delivery: OutgoingDelivery) {
  const { subscription } = delivery;
  const hook = subscription && subscriptionToWire(subscription);
  const token =
    subscription &&
    (await signToken(hook!, {
      secret: subscription.secret,
      subject: 'subscription',
      audience: audienceFor('subscriptions', subscription.id),
    }));
  const body = JSON.stringify({ timestamp: delivery.createdAt.getTime(), payload: delivery.payload, hook, token });
  const timestamp = Math.floor(Date.now() / 1000);
  return postJson(delivery.target, body, {
    timeoutMs: config.webhookTimeoutMs,
    maxResponseBytes: config.outboundMaxResponseBytes,
    allowPrivate: config.allowPrivateOutbound,
    headers: {
      'user-agent': 'parley-webhooks',
      [WEBHOOK_HEADERS.delivery]: delivery.deliveryId,
      [WEBHOOK_HEADERS.event]: delivery.event,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      ...(subscription && { [WEBHOOK_HEADERS.signature]: signDelivery(subscription.secret, timestamp, body) }),
    },
  });
}

export function createWebhookDelivery({ connection, transaction, config, log }: Platform) {
  const repo = createSubscriptionsRepo(connection);
  /**
   * Runs in every transaction that emitted events, before it commits. Most events have no
   * subscription: only their projects go to the database first, and payloads only for those that do.
   */
  const stage: StagingHook = async (events) => {
    const subscribed = await repo.listSubscribedEvents([...new Set(events.map((event) => event.projectId))]);
    // Each event's patterns are worked out once, for this filter and for the insert.
    const wanted = events.flatMap((event) => {
      const asked = subscribed.get(event.projectId);
      if (!asked) return [];
      const patterns = subscriptionPatternsFor(event);
      return patterns.some((pattern) => asked.has(pattern)) ? [{ event, patterns }] : [];
    });
    if (wanted.length === 0) return;
    await repo.stageDeliveries(wanted, { kind: WEBHOOK_JOB, maxAttempts: config.webhookMaxAttempts });
  };

  function send(subscription: SubscriptionRow, delivery: WebhookDeliveryRow) {
    return postDelivery(config, {
      target: subscription.target,
      subscription,
      deliveryId: delivery.id,
      event: delivery.event,
      createdAt: delivery.created_at,
      payload: delivery.payload,
    });
  }

  const handler: JobHandler = {
    async run(job: JobRow) {
      const projectId = job.project_id ?? '';
      const delivery = await repo.findDeliveryById(projectId, String(job.payload.deliveryId));
      // Gone with its subscription, or already settled: nothing left to send.
      if (!delivery || delivery.status !== 'pending') return;
      const subscription = await repo.findSubscriptionById(projectId, delivery.subscription_id);
      if (!subscription) return;
      if (!subscription.enabled) {
        await repo.recordAttempt(projectId, delivery.id, { status: 'failed', error: 'subscription disabled' });
        return;
      }

      let outcome: { status?: number; error?: string; refused?: boolean };
      try {
        const response = await send(subscription, delivery);
        outcome =
          response.status >= 200 && response.status < 300
            ? { status: response.status }
            : { status: response.status, error: `HTTP ${response.status}${snippet(response.body)}` };
      } catch (error) {
        outcome = { error: (error as Error).message, refused: error instanceof OutboundRefusedError };
      }

      const delivered = outcome.error === undefined;
      // Retries follow the subscription: correcting its target rescues the pending deliveries.
      const attempt = {
        target: subscription.target,
        attempts: job.attempts,
        response_status: outcome.status ?? null,
        error: outcome.error ?? null,
        ...(delivered && { status: 'delivered', delivered_at: new Date() }),
      };
      if (delivered) {
        // One transaction: the log never shows a success while the failure streak still counts.
        await transaction(async () => {
          await repo.recordAttempt(projectId, delivery.id, attempt);
          await repo.resetFailures(projectId, subscription.id);
        });
        return;
      }
      await repo.recordAttempt(projectId, delivery.id, attempt);
      if (outcome.refused) throw new PermanentJobError(outcome.error);
      throw new Error(outcome.error);
    },

    async onGiveUp(job, error) {
      const projectId = job.project_id ?? '';
      const message = error instanceof Error ? error.message : String(error);
      const reason = `disabled after ${config.webhookDisableAfter} consecutive failed deliveries (last: ${message})`;
      // One transaction: the log never shows a failed delivery that the streak has not counted yet.
      const subscription = await transaction(async () => {
        const failed = await repo.recordAttempt(projectId, String(job.payload.deliveryId), {
          status: 'failed',
          error: message,
        });
        return failed && repo.countFailure(projectId, failed.subscription_id, config.webhookDisableAfter, reason);
      });
      if (subscription && !subscription.enabled) {
        log.warn({ subscriptionId: subscription.id, projectId }, 'webhook subscription disabled after failures');
      }
    },
  };

  return { stage, handler };
}

/** The start of a failing response's body, for the delivery log. */
function snippet(body: string): string {
  const text = body.trim().slice(0, 200);
  return text ? `: ${text}` : '';
}
