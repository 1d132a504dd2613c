/**
 * The webhooks' calls to the API (`/:project_id/subscriptions`, admins only): subscriptions, their
 * delivery log, and a test delivery. The signing secret comes once, in the `x-hook-secret` header
 * of the answer that created the subscription; the server never shows it again.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

export type Subscription =
  paths['/{project_id}/subscriptions/{subscription_id}']['get']['responses'][200]['content']['application/json'];
export type Delivery =
  paths['/{project_id}/subscriptions/history']['get']['responses'][200]['content']['application/json'][number];
export type TestResult =
  paths['/{project_id}/subscriptions/test']['post']['responses'][200]['content']['application/json'];

export interface SubscriptionDraft {
  event: string;
  target: string;
}

/** Deliveries shown per page of the log. */
export const LOG_PAGE_SIZE = 20;

const path = (projectId: string, subscriptionId: string) => ({
  path: { project_id: projectId, subscription_id: subscriptionId },
});

export async function listSubscriptions(projectId: string): Promise<Subscription[]> {
  return unwrap(await api.GET('/{project_id}/subscriptions', { params: { path: { project_id: projectId } } }));
}

/** The new subscription, and its secret when this call created it (not when it existed already). */
export async function createSubscription(
  projectId: string,
  draft: SubscriptionDraft,
): Promise<{ subscription: Subscription; secret?: string }> {
  const result = await api.POST('/{project_id}/subscriptions', {
    params: { path: { project_id: projectId } },
    body: draft,
  });
  const subscription = unwrap(result);
  return { subscription, secret: result.response.headers.get('x-hook-secret') ?? undefined };
}

export async function updateSubscription(
  projectId: string,
  id: string,
  changes: Partial<SubscriptionDraft> & { enabled?: boolean },
): Promise<Subscription> {
  return unwrap(
    await api.PUT('/{project_id}/subscriptions/{subscription_id}', { params: path(projectId, id), body: changes }),
  );
}

export async function deleteSubscription(projectId: string, id: string): Promise<Subscription> {
  return unwrap(await api.DELETE('/{project_id}/subscriptions/{subscription_id}', { params: path(projectId, id) }));
}

/** One page of the project's delivery log, newest first. */
export async function listDeliveries(projectId: string, page: number): Promise<Delivery[]> {
  return unwrap(
    await api.GET('/{project_id}/subscriptions/history', {
      params: { path: { project_id: projectId }, query: { page, limit: LOG_PAGE_SIZE } },
    }),
  );
}

/** Sends one signed test delivery to the subscription's target now, and says what it answered. */
export async function testSubscription(projectId: string, id: string): Promise<TestResult> {
  return unwrap(
    await api.POST('/{project_id}/subscriptions/test', {
      params: { path: { project_id: projectId } },
      body: { subscription_id: id },
    }),
  );
}
