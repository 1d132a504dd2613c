/**
 * Webhook subscriptions ("resthooks"): a project admin asks for an event to be POSTed to a
 * target URL. The secret is random per subscription and handed out once, at creation.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, newSecret } from '../../platform/ids.js';
import type { ProjectRow, SubscriptionRow } from '../../platform/db/tables.js';
import { createSubscriptionsRepo } from './subscriptions.repo.js';
import { isSubscribableEvent } from './subscription-events.js';
import { postDelivery } from './webhook-delivery.js';

export interface SubscriptionChanges {
  event?: string;
  target?: string;
  enabled?: boolean;
}

/** A 422 in the same express-validator shape as schema errors. */
function invalidField(param: string, value: string, reason: string) {
  return errors.validation([{ value, msg: 'Invalid value', param, location: 'body', reason }]);
}

function checkEvent(event: string): string {
  if (!isSubscribableEvent(event)) {
    throw invalidField(
      'event',
      event,
      'unknown event: use a Tiledesk event name (request.create, message.create ...), ' +
        'a parametric name (event.emit.<name>), or a wildcard (request.*, *)',
    );
  }
  return event;
}

function checkTarget(target: string): string {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw invalidField('target', target, 'must be an absolute http or https URL');
  }
  return target;
}

/** How much of a tested target's answer is shown. */
const TEST_BODY_MAX_CHARS = 4096;

export interface WebhookTestInput {
  subscription_id?: string;
  target?: string;
  event?: string;
}

export interface WebhookTestResult {
  success: boolean;
  target: string;
  event: string;
  status?: number;
  body?: string;
  truncated?: boolean;
  error?: string;
}

export function createSubscriptionsService({ connection, config }: Platform) {
  const repo = createSubscriptionsRepo(connection);
  async function mustFind(projectId: string, id: string): Promise<SubscriptionRow> {
    const subscription = await repo.findSubscriptionById(projectId, id);
    if (!subscription) throw errors.notFound('subscription', id);
    return subscription;
  }

  return {
    list: (project: ProjectRow) => repo.listSubscriptions(project.id),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    /**
     * Creates the subscription; for an existing (event, target) returns that one instead,
     * without its secret (`secret` is set only when this call created it).
     */
    async create(
      project: ProjectRow,
      createdBy: string,
      input: { event: string; target: string },
    ): Promise<{ subscription: SubscriptionRow; secret?: string }> {
      const event = checkEvent(input.event);
      const target = checkTarget(input.target);
      const created = await repo.insertSubscription({
        id: newObjectId(),
        project_id: project.id,
        event,
        target,
        secret: newSecret(),
        created_by: createdBy,
      });
      if (created) return { subscription: created, secret: created.secret };
      const existing = await repo.findSubscriptionByTarget(project.id, event, target);
      if (!existing) throw errors.notFound('subscription', target);
      return { subscription: existing };
    },

    /** Re-enabling (or pointing at a new target) starts with a clean failure record. */
    async update(project: ProjectRow, id: string, input: SubscriptionChanges): Promise<SubscriptionRow> {
      const current = await mustFind(project.id, id);
      const reenabled = input.enabled === true && !current.enabled;
      const disabled = input.enabled === false && current.enabled;
      const retargeted = input.target !== undefined && input.target !== current.target;
      const updated = await repo.updateSubscription(project.id, id, {
        ...(input.event !== undefined && { event: checkEvent(input.event) }),
        ...(input.target !== undefined && { target: checkTarget(input.target) }),
        ...(input.enabled !== undefined && { enabled: input.enabled }),
        ...(disabled && { disabled_reason: 'disabled by a project admin', disabled_at: new Date() }),
        ...((reenabled || retargeted) && { consecutive_failures: 0 }),
        ...(reenabled && { disabled_reason: null, disabled_at: null }),
      });
      if (!updated) throw errors.notFound('subscription', id);
      return updated;
    },

    async remove(project: ProjectRow, id: string): Promise<SubscriptionRow> {
      const deleted = await repo.deleteSubscription(project.id, id);
      if (!deleted) throw errors.notFound('subscription', id);
      return deleted;
    },

    /**
     * POST /subscriptions/test: sends one test delivery, now, to a subscription (signed with its
     * secret, as its real deliveries) or to a target not saved yet (unsigned), and reports what
     * the target answered. Nothing is stored or retried.
     */
    async test(project: ProjectRow, input: WebhookTestInput): Promise<WebhookTestResult> {
      const subscription = input.subscription_id ? await mustFind(project.id, input.subscription_id) : undefined;
      const target = subscription?.target ?? (input.target !== undefined ? checkTarget(input.target) : undefined);
      if (target === undefined) throw invalidField('target', '', 'a target or a subscription_id is required');
      const event = input.event !== undefined ? checkEvent(input.event) : (subscription?.event ?? 'test');
      const createdAt = new Date();
      const payload = { test: true, id_project: project.id, event, createdAt: createdAt.toISOString() };
      try {
        const response = await postDelivery(config, {
          target,
          subscription,
          deliveryId: newObjectId(),
          event,
          createdAt,
          payload,
        });
        const truncated = response.body.length > TEST_BODY_MAX_CHARS;
        return {
          success: response.status >= 200 && response.status < 300,
          target,
          event,
          status: response.status,
          body: response.body.slice(0, TEST_BODY_MAX_CHARS),
          ...(truncated && { truncated }),
        };
      } catch (error) {
        // Refused, unreachable, timed out, too large, or a value no HTTP header can carry.
        return { success: false, target, event, error: error instanceof Error ? error.message : String(error) };
      }
    },

    history: (project: ProjectRow, page: { page: number; limit: number }, subscriptionId?: string) =>
      repo.listDeliveries(project.id, { offset: page.page * page.limit, limit: page.limit }, subscriptionId),
  };
}
