/**
 * Triggers (Tiledesk's `pubmodules/trigger`): an admin's rules "on this event, if these
 * conditions hold, run these actions". This file keeps them (CRUD, the defaults every project
 * gets, the failure log); trigger-runner.ts evaluates them when their events happen and runs their
 * actions (trigger-actions.ts) after the causing change has committed.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json } from '../../platform/db/json.js';
import type { ProjectRow, TriggerAction, TriggerRow } from '../../platform/db/tables.js';
import { createTriggersRepo } from './triggers.repo.js';
import { DEFAULT_TRIGGERS, defaultTrigger, type TriggerDefinition } from './trigger-defaults.js';
import { isSafePath, type Conditions } from './trigger-rules.js';
import {
  MAX_TRIGGERS_PER_PROJECT,
  type CreateTriggerInput,
  type TriggerFailuresQueryInput,
  type UpdateTriggerInput,
} from './triggers.schema.js';

/** Largest JSON of one condition's `value`. */
const MAX_VALUE_BYTES = 2000;
const MAX_TEXT = 4096;

const invalid = (param: string, reason: string, value?: unknown) =>
  errors.validation([{ ...(value !== undefined && { value }), msg: 'Invalid value', param, location: 'body', reason }]);

type Check = (value: unknown) => string | undefined;
const text =
  (max: number, required = false): Check =>
  (value) => {
    if (value === undefined) return required ? 'is required' : undefined;
    if (typeof value !== 'string' || (required && value.length === 0)) return 'must be a non-empty string';
    return value.length > max ? `must be at most ${max} characters` : undefined;
  };
const sender: Check = (value) =>
  value === undefined || value === 'system' || (typeof value === 'string' && /^bot_[0-9a-f]{24}$/.test(value))
    ? undefined
    : 'must be "system" or "bot_<id>" of a bot of the project';
const url: Check = (value) => {
  if (typeof value !== 'string' || value.length > 2000) return 'must be an absolute http or https URL';
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : 'must be http or https';
  } catch {
    return 'must be an absolute http or https URL';
  }
};

/** The parameters each action reads; any other parameter is kept as Tiledesk keeps it, unread. */
const ACTION_PARAMETERS: Record<string, Record<string, Check>> = {
  'message.send': { text: text(MAX_TEXT, true), sender, fullName: text(200) },
  'request.create': { departmentid: text(100), text: text(MAX_TEXT) },
  'request.department.route': { departmentid: text(100, true) },
  'request.department.route.self': {},
  'request.department.bot.launch': { text: text(MAX_TEXT) },
  'request.bot.launch': { member: text(100, true) },
  'request.participants.join': { member: text(100, true) },
  'request.participants.leave': { member: text(100, true) },
  'request.tags.add': { tag: text(100, true), color: text(50) },
  'request.close': {},
  'request.reopen': {},
  'webhook.call': { url },
};

function checkActions(actions: TriggerAction[]): void {
  actions.forEach((action, index) => {
    const checks = ACTION_PARAMETERS[action.key] ?? {};
    for (const [name, check] of Object.entries(checks)) {
      const problem = check(action.parameters?.[name]);
      if (problem) throw invalid(`actions[${index}].parameters.${name}`, problem, action.parameters?.[name]);
    }
  });
}

function checkConditions(conditions: Conditions): void {
  for (const part of ['all', 'any'] as const) {
    (conditions[part] ?? []).forEach((condition, index) => {
      if (condition.path !== undefined && !isSafePath(condition.path)) {
        throw invalid(`conditions.${part}[${index}].path`, 'must be a dotted path of plain names', condition.path);
      }
      if (Buffer.byteLength(JSON.stringify(condition.value ?? null)) > MAX_VALUE_BYTES) {
        throw invalid(`conditions.${part}[${index}].value`, `must be at most ${MAX_VALUE_BYTES} bytes as JSON`);
      }
    });
  }
}

/** Only the declared fields of a condition are kept (a body's extra keys are dropped). */
function conditionsOf(input: CreateTriggerInput['conditions']): Conditions {
  const pick = (list: NonNullable<CreateTriggerInput['conditions']>['all']) =>
    (list ?? []).map(({ key, fact, path, operator, value }) => ({ key, fact, path, operator, value }));
  return { all: pick(input?.all), any: pick(input?.any) };
}

const actionsOf = (input: CreateTriggerInput['actions']): TriggerAction[] =>
  input.map(({ key, parameters }) => ({ key, parameters: parameters ?? {} }));

function definitionRow(projectId: string, definition: TriggerDefinition) {
  return {
    id: newObjectId(),
    project_id: projectId,
    name: definition.name,
    description: definition.description,
    trigger_key: definition.trigger.key,
    trigger_name: definition.trigger.name,
    trigger_description: definition.trigger.description,
    conditions: json(definition.conditions),
    actions: json(definition.actions),
    enabled: definition.enabled,
    code: definition.code,
    type: definition.type ?? null,
    version: definition.version,
    created_by: 'system',
    updated_by: 'system',
  };
}

export type TriggersService = ReturnType<typeof createTriggersService>;

export function createTriggersService({ connection, transaction }: Platform) {
  const repo = createTriggersRepo(connection);

  async function mustFind(projectId: string, id: string): Promise<TriggerRow> {
    const trigger = await repo.findTriggerById(projectId, id);
    if (!trigger) throw errors.notFound('trigger', id);
    return trigger;
  }

  return {
    list: (project: ProjectRow) => repo.listTriggers(project.id),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    create(project: ProjectRow, userId: string, input: CreateTriggerInput): Promise<TriggerRow> {
      const conditions = conditionsOf(input.conditions);
      const actions = actionsOf(input.actions);
      checkConditions(conditions);
      checkActions(actions);
      return transaction(async () => {
        if ((await repo.countTriggers(project.id)) >= MAX_TRIGGERS_PER_PROJECT) {
          throw errors.invalid(`A project has at most ${MAX_TRIGGERS_PER_PROJECT} triggers.`);
        }
        const [row] = await repo.insertTriggers([
          {
            id: newObjectId(),
            project_id: project.id,
            name: input.name,
            description: input.description ?? null,
            trigger_key: input.trigger.key,
            trigger_name: input.trigger.name ?? input.trigger.key,
            trigger_description: input.trigger.description ?? null,
            conditions: json(conditions),
            actions: json(actions),
            enabled: input.enabled ?? true,
            created_by: userId,
            updated_by: userId,
          },
        ]);
        return row!;
      });
    },

    async update(project: ProjectRow, userId: string, id: string, input: UpdateTriggerInput): Promise<TriggerRow> {
      const conditions = input.conditions && conditionsOf(input.conditions);
      const actions = input.actions && actionsOf(input.actions);
      if (conditions) checkConditions(conditions);
      if (actions) checkActions(actions);
      const updated = await repo.updateTrigger(project.id, id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.trigger !== undefined && {
          trigger_key: input.trigger.key,
          trigger_name: input.trigger.name ?? input.trigger.key,
          trigger_description: input.trigger.description ?? null,
        }),
        ...(conditions && { conditions: json(conditions) }),
        ...(actions && { actions: json(actions) }),
        ...(input.enabled !== undefined && { enabled: input.enabled }),
        updated_by: userId,
      });
      if (!updated) throw errors.notFound('trigger', id);
      return updated;
    },

    async remove(project: ProjectRow, id: string): Promise<TriggerRow> {
      const deleted = await repo.deleteTrigger(project.id, id);
      if (!deleted) throw errors.notFound('trigger', id);
      return deleted;
    },

    /** PUT /:code/reset: the default trigger with that code, as it first was, in place of the project's. */
    reset(project: ProjectRow, code: string): Promise<TriggerRow> {
      const definition = defaultTrigger(code);
      if (!definition) return Promise.reject(errors.notFound('trigger', code));
      return transaction(async () => {
        await repo.deleteTriggerByCode(project.id, code);
        const [row] = await repo.insertTriggers([definitionRow(project.id, definition)]);
        return row!;
      });
    },

    /** Tiledesk's default triggers, for a project being created (inside its transaction). */
    async createDefaults(projectId: string): Promise<void> {
      await repo.insertTriggers(DEFAULT_TRIGGERS.map((definition) => definitionRow(projectId, definition)));
    },

    failures: (project: ProjectRow, query: TriggerFailuresQueryInput) =>
      repo.listFailures(project.id, { triggerId: query.trigger_id, limit: query.limit ?? 50 }),
  };
}
