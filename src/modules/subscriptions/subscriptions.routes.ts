/** `/:project_id/subscriptions`: webhook subscriptions and their delivery log, admins only (as Tiledesk). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import {
  CreateSubscriptionBody,
  DeliverySchema,
  deliveryToWire,
  HistoryQuery,
  SubscriptionParams,
  SubscriptionSchema,
  subscriptionToWire,
  UpdateSubscriptionBody,
  WebhookTestBody,
  WebhookTestResultSchema,
} from './subscriptions.schema.js';

export function subscriptionsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  const tags = ['subscriptions'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: admins,
        schema: { tags, params: ProjectParams, response: { 200: Type.Array(SubscriptionSchema), ...memberErrors() } },
      },
      async (request) => (await services.subscriptions.list(projectOf(request))).map(subscriptionToWire),
    );

    app.get(
      '/history',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            'The delivery log, newest first, `limit` (default 40) per `page` (from 0); `subscription_id` narrows it to one subscription. Each pending delivery says when it is tried next.',
          params: ProjectParams,
          querystring: HistoryQuery,
          response: { 200: Type.Array(DeliverySchema), ...memberErrors() },
        },
      },
      async (request) => {
        const { page = 0, limit = 40, subscription_id } = request.query;
        const deliveries = await services.subscriptions.history(projectOf(request), { page, limit }, subscription_id);
        return deliveries.map(deliveryToWire);
      },
    );

    // Tiledesk's route of this name answers with the request object (and so fails); Parley sends a test.
    app.post(
      '/test',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            'Sends one test delivery now and answers what the target said: to a subscription (`subscription_id`, ' +
            'signed with its secret) or to a `target` not saved yet (unsigned). The payload is `{test: true, ...}`; ' +
            'nothing is stored or retried. Limited per project (RATE_LIMIT_WEBHOOK_TESTS).',
          params: ProjectParams,
          body: WebhookTestBody,
          response: { 200: WebhookTestResultSchema, ...memberErrors(BODY, 404, 429) },
        },
      },
      async (request) => services.subscriptions.test(projectOf(request), request.body),
    );

    app.get(
      '/:subscription_id',
      {
        onRequest: admins,
        schema: { tags, params: SubscriptionParams, response: { 200: SubscriptionSchema, ...memberErrors(404) } },
      },
      async (request) =>
        subscriptionToWire(await services.subscriptions.get(projectOf(request), request.params.subscription_id)),
    );

    app.post(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'The secret that signs deliveries is returned once, in the `x-hook-secret` response header.',
          params: ProjectParams,
          body: CreateSubscriptionBody,
          response: { 200: SubscriptionSchema, ...memberErrors(BODY, 409) },
        },
      },
      async (request, reply) => {
        const { subscription, secret } = await services.subscriptions.create(
          projectOf(request),
          actorId(principalOf(request)),
          request.body,
        );
        if (secret) reply.header('x-hook-secret', secret);
        return subscriptionToWire(subscription);
      },
    );

    app.put(
      '/:subscription_id',
      {
        onRequest: admins,
        schema: {
          tags,
          params: SubscriptionParams,
          body: UpdateSubscriptionBody,
          response: { 200: SubscriptionSchema, ...memberErrors(BODY, 404, 409) },
        },
      },
      async (request) =>
        subscriptionToWire(
          await services.subscriptions.update(projectOf(request), request.params.subscription_id, request.body),
        ),
    );

    app.delete(
      '/:subscription_id',
      {
        onRequest: admins,
        schema: { tags, params: SubscriptionParams, response: { 200: SubscriptionSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) =>
        subscriptionToWire(await services.subscriptions.remove(projectOf(request), request.params.subscription_id)),
    );
  };
}
