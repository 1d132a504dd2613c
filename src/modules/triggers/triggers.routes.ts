/** `/:project_id/modules/triggers`: the project's triggers and their failure log, admins only (as Tiledesk). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import {
  CreateTriggerBody,
  TriggerCodeParams,
  TriggerFailureSchema,
  triggerFailureToWire,
  TriggerFailuresQuery,
  TriggerParams,
  TriggerSchema,
  triggerToWire,
  UpdateTriggerBody,
} from './triggers.schema.js';

export function triggersRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const admins = guards.role('admin');
  const tags = ['triggers'];

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          description: "The project's triggers, oldest first (new projects start with Tiledesk's defaults).",
          params: ProjectParams,
          response: { 200: Type.Array(TriggerSchema), ...memberErrors() },
        },
      },
      async (request) => (await services.triggers.list(projectOf(request))).map(triggerToWire),
    );

    app.get(
      '/logs',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            "The triggers' recent failures, newest first (an action that could not be done, a loop stopped): " +
            'at most `limit` (default 50), of one trigger with `trigger_id`. The latest 200 of a project are kept.',
          params: ProjectParams,
          querystring: TriggerFailuresQuery,
          response: { 200: Type.Array(TriggerFailureSchema), ...memberErrors() },
        },
      },
      async (request) =>
        (await services.triggers.failures(projectOf(request), request.query)).map(triggerFailureToWire),
    );

    app.get(
      '/:trigger_id',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'One trigger.',
          params: TriggerParams,
          response: { 200: TriggerSchema, ...memberErrors(404) },
        },
      },
      async (request) => triggerToWire(await services.triggers.get(projectOf(request), request.params.trigger_id)),
    );

    app.post(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          description:
            'Creates a trigger: `trigger.key` is the event (`request.create`, `message.create.from.requester`, ' +
            '`event.emit`), `conditions.all`/`any` compare the event document at `path` (json-rules-engine ' +
            'operators), `actions` run in order. Enabled unless `enabled: false`.',
          params: ProjectParams,
          body: CreateTriggerBody,
          response: { 200: TriggerSchema, ...memberErrors(BODY) },
        },
      },
      async (request) =>
        triggerToWire(await services.triggers.create(projectOf(request), actorId(principalOf(request)), request.body)),
    );

    app.put(
      '/:trigger_id',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'Changes the fields given (name, description, trigger, conditions, actions, enabled).',
          params: TriggerParams,
          body: UpdateTriggerBody,
          response: { 200: TriggerSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) =>
        triggerToWire(
          await services.triggers.update(
            projectOf(request),
            actorId(principalOf(request)),
            request.params.trigger_id,
            request.body,
          ),
        ),
    );

    app.put(
      '/:code/reset',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'Puts back the default trigger with this `code` (e.g. `s_online_welcome_01`) as it first was.',
          params: TriggerCodeParams,
          response: { 200: TriggerSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => triggerToWire(await services.triggers.reset(projectOf(request), request.params.code)),
    );

    app.delete(
      '/:trigger_id',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'Deletes a trigger; answers it.',
          params: TriggerParams,
          response: { 200: TriggerSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => triggerToWire(await services.triggers.remove(projectOf(request), request.params.trigger_id)),
    );
  };
}
