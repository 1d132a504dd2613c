import { Type, type Static } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';
import type { SubscriptionRow } from '../../platform/db/tables.js';
import type { DeliveryWithJob } from './subscriptions.repo.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';

/** A subscription as Tiledesk shows it (never its secret), plus Parley's failure state. */
export const SubscriptionSchema = documentSchema({
  id_project: Type.String(),
  event: Type.String(),
  target: Type.String(),
  enabled: Type.Boolean(),
  consecutive_failures: Type.Number(),
  disabled_reason: Type.Optional(Type.String()),
  disabled_at: Type.Optional(DateTime),
  createdBy: Type.String(),
});
export type SubscriptionWire = Static<typeof SubscriptionSchema>;

export function subscriptionToWire(subscription: SubscriptionRow): SubscriptionWire {
  return compact(
    documentOf(subscription, {
      id_project: subscription.project_id,
      event: subscription.event,
      target: subscription.target,
      enabled: subscription.enabled,
      consecutive_failures: subscription.consecutive_failures,
      disabled_reason: subscription.disabled_reason,
      disabled_at: iso(subscription.disabled_at),
      createdBy: subscription.created_by,
    }),
  ) as SubscriptionWire;
}

/** One entry of the delivery log (`GET /subscriptions/history`). */
export const DeliverySchema = Type.Object({
  _id: Type.String({ description: 'The delivery id, also sent as the X-Parley-Delivery header' }),
  id: Type.String(),
  id_project: Type.String(),
  subscription_id: Type.String(),
  event: Type.String(),
  target: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Number(),
  response_status: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
  delivered_at: Type.Optional(DateTime),
  next_attempt_at: Type.Optional({
    ...DateTime,
    description: 'Parley: when a pending delivery is tried next (absent once delivered or failed)',
  }),
  max_attempts: Type.Optional(Type.Number({ description: 'Parley: how many attempts a delivery gets in all' })),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type DeliveryWire = Static<typeof DeliverySchema>;

export function deliveryToWire(delivery: DeliveryWithJob): DeliveryWire {
  return compact({
    _id: delivery.id,
    id: delivery.id,
    id_project: delivery.project_id,
    subscription_id: delivery.subscription_id,
    event: delivery.event,
    target: delivery.target,
    status: delivery.status as DeliveryWire['status'],
    attempts: delivery.attempts,
    response_status: delivery.response_status,
    error: delivery.error,
    delivered_at: iso(delivery.delivered_at),
    next_attempt_at: delivery.status === 'pending' ? iso(delivery.next_attempt_at) : undefined,
    max_attempts: delivery.max_attempts ?? undefined,
    createdAt: iso(delivery.created_at)!,
    updatedAt: iso(delivery.updated_at)!,
  }) as DeliveryWire;
}

export const SubscriptionParams = Type.Object({ project_id: Type.String(), subscription_id: Type.String() });

export const CreateSubscriptionBody = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 200 }),
  target: Type.String({ minLength: 1, maxLength: 2048 }),
});

export const UpdateSubscriptionBody = Type.Object({
  event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  enabled: Type.Optional(Type.Boolean()),
});

export const HistoryQuery = Type.Object({
  subscription_id: Type.Optional(Type.String({ maxLength: 100, description: "Parley: one subscription's deliveries" })),
  page: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 40 })),
});

export const WebhookTestBody = Type.Object({
  subscription_id: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

export const WebhookTestResultSchema = Type.Object({
  success: Type.Boolean({ description: 'The target answered 2xx' }),
  target: Type.String(),
  event: Type.String(),
  status: Type.Optional(Type.Number({ description: "The target's status (redirects are not followed)" })),
  body: Type.Optional(Type.String({ description: "The start of the target's answer (4096 characters at most)" })),
  truncated: Type.Optional(Type.Boolean()),
  error: Type.Optional(Type.String({ description: 'Why no answer came: refused, unreachable, timed out, too large' })),
});
