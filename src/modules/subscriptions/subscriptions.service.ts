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

export function createSubscriptionsService({ connection }: Platform) {
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

    history: (project: ProjectRow, page: { page: number; limit: number }) =>
      repo.listDeliveries(project.id, { offset: page.page * page.limit, limit: page.limit }),
  };
}
