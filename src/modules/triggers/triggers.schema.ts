/**
 * Triggers on the wire, as Tiledesk's `trigger` documents: `{_id, name, description, trigger:
 * {key, name}, conditions: {all, any}, actions: [{key, parameters}], enabled, code, id_project,
 * createdBy, ...}`. Bodies are bounded (counts, lengths, sizes) and only their declared fields
 * are read.
 */
import { Type, type Static } from 'typebox';
import { AnyJson, Attributes } from '../../platform/http/schemas.js';
import type { TriggerFailureRow, TriggerRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';
import { OPERATORS, PATH_PATTERN } from './trigger-rules.js';

/** The events a trigger may listen to (Tiledesk's keys). */
export const TRIGGER_EVENTS = ['request.create', 'message.create.from.requester', 'event.emit'] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** The actions Parley runs (Tiledesk's keys, and `webhook.call`). */
const ACTION_KEYS = [
  'message.send',
  'request.create',
  'request.department.route',
  'request.department.route.self',
  'request.department.bot.launch',
  'request.bot.launch',
  'request.participants.join',
  'request.participants.leave',
  'request.tags.add',
  'request.close',
  'request.reopen',
  'webhook.call',
] as const;

const MAX_CONDITIONS = 20;
const MAX_ACTIONS = 10;
/** Triggers one project may hold: every event evaluates all of its kind. */
export const MAX_TRIGGERS_PER_PROJECT = 100;

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((value) => Type.Literal(value)));

const ConditionSchema = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 200 })),
  /** Tiledesk's rules read one fact, the event's document. */
  fact: Type.Literal('json'),
  path: Type.Optional(Type.String({ pattern: PATH_PATTERN, maxLength: 300 })),
  operator: literals(OPERATORS),
  value: AnyJson,
});

const ConditionsSchema = Type.Object({
  all: Type.Optional(Type.Array(ConditionSchema, { maxItems: MAX_CONDITIONS })),
  any: Type.Optional(Type.Array(ConditionSchema, { maxItems: MAX_CONDITIONS })),
});

const ActionSchema = Type.Object({
  key: literals(ACTION_KEYS),
  /** Each action's own (checked by the service); at most ATTRIBUTES_MAX_BYTES of JSON. */
  parameters: Type.Optional(Attributes),
});

const TriggerEventSchema = Type.Object({
  key: literals(TRIGGER_EVENTS),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const TriggerSchema = documentSchema({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  trigger: Type.Object({ key: Type.String(), name: Type.String(), description: Type.Optional(Type.String()) }),
  conditions: Type.Object({
    all: Type.Array(Type.Object({}, { additionalProperties: true })),
    any: Type.Array(Type.Object({}, { additionalProperties: true })),
  }),
  actions: Type.Array(Type.Object({ key: Type.String(), parameters: Type.Optional(Type.Unknown()) })),
  enabled: Type.Boolean(),
  code: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  version: Type.Optional(Type.Number()),
  id_project: Type.String(),
  createdBy: Type.String(),
  updatedBy: Type.String(),
});
export type TriggerWire = Static<typeof TriggerSchema>;

export function triggerToWire(row: TriggerRow): TriggerWire {
  return compact(
    documentOf(row, {
      name: row.name,
      description: row.description,
      trigger: compact({ key: row.trigger_key, name: row.trigger_name, description: row.trigger_description }),
      conditions: { all: row.conditions.all ?? [], any: row.conditions.any ?? [] },
      actions: row.actions,
      enabled: row.enabled,
      code: row.code,
      type: row.type,
      version: row.version,
      id_project: row.project_id,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
    }),
  ) as TriggerWire;
}

export const TriggerParams = Type.Object({ project_id: Type.String(), trigger_id: Type.String({ maxLength: 100 }) });
export const TriggerCodeParams = Type.Object({ project_id: Type.String(), code: Type.String({ maxLength: 100 }) });

export const CreateTriggerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  trigger: TriggerEventSchema,
  conditions: Type.Optional(ConditionsSchema),
  actions: Type.Array(ActionSchema, { maxItems: MAX_ACTIONS }),
  enabled: Type.Optional(Type.Boolean()),
});
export type CreateTriggerInput = Static<typeof CreateTriggerBody>;

/** What a PUT may change; the rest (project, author, code) is never taken from a body. */
export const UpdateTriggerBody = Type.Partial(CreateTriggerBody);
export type UpdateTriggerInput = Static<typeof UpdateTriggerBody>;

export const TriggerFailureSchema = Type.Object({
  _id: Type.String(),
  id_project: Type.String(),
  trigger_id: Type.String(),
  trigger_name: Type.Optional(Type.String()),
  event: Type.String(),
  request_id: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  error: Type.String(),
  createdAt: Type.String(),
});

export function triggerFailureToWire(row: TriggerFailureRow) {
  return compact({
    _id: String(row.id),
    id_project: row.project_id,
    trigger_id: row.trigger_id,
    trigger_name: row.trigger_name,
    event: row.event,
    request_id: row.request_id,
    action: row.action,
    error: row.error,
    createdAt: iso(row.created_at)!,
  });
}

export const TriggerFailuresQuery = Type.Object({
  trigger_id: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type TriggerFailuresQueryInput = Static<typeof TriggerFailuresQuery>;
