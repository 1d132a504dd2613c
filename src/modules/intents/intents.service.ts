/**
 * Intents (Tiledesk "faq"): the questions a bot recognises and what it answers, either a text in
 * Tiledesk's microlanguage (`answer`) or a flow of `actions`. Every intent belongs to one bot of
 * the same project; display names and intent ids are unique within the bot.
 */
import type { Insertable } from 'kysely';
import type { Platform } from '../../platform/context.js';
import type { Emit } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, newUuid } from '../../platform/ids.js';
import { jsonOrNull } from '../../platform/db/json.js';
import type { BotRow, IntentRow, IntentsTable, ProjectRow } from '../../platform/db/tables.js';
import { createIntentsRepo, type AnswerFilter, type IntentFilter } from './intents.repo.js';
import { intentToWire, type CreateIntentInput, type UpdateIntentInput } from './intents.schema.js';
import { shortName, withDuplicateIntents } from './intents-support.js';
import { createIntentsBulk } from './intents-bulk.service.js';

/** An intent as templates, imports and CSV files describe it. */
export interface IntentDraft {
  intent_id?: string;
  intent_display_name?: string;
  question?: string | null;
  answer?: string | null;
  reply?: Record<string, unknown> | null;
  form?: Record<string, unknown> | null;
  actions?: unknown[] | null;
  attributes?: Record<string, unknown> | null;
  enabled?: boolean;
  webhook_enabled?: boolean;
  language?: string | null;
  topic?: string;
  agents_available?: boolean;
  status?: string;
}

export interface IntentsDeps {
  /** The bot of a project (the bots area answers). */
  findBot(projectId: string, botId: string): Promise<BotRow | undefined>;
  findBots(projectId: string, botIds: string[]): Promise<BotRow[]>;
}

/** `:intent` path segments: an `_id`, or `intentId<intent_id>`. */
export type IntentRef = { id: string } | { intentId: string };

export function parseIntentRef(segment: string): IntentRef {
  return segment.startsWith('intentId') ? { intentId: segment.slice('intentId'.length) } : { id: segment };
}

export type IntentsService = ReturnType<typeof createIntentsService>;
export type IntentsCore = ReturnType<typeof createIntentsCore>;

export function createIntentsService(platform: Platform, deps: IntentsDeps) {
  const core = createIntentsCore(platform, deps);
  return { ...core, ...createIntentsBulk(platform, core) };
}

function createIntentsCore({ connection, transaction }: Platform, deps: IntentsDeps) {
  const repo = createIntentsRepo(connection);
  async function botOf(projectId: string, botId: string): Promise<BotRow> {
    const bot = await deps.findBot(projectId, botId);
    if (!bot) throw errors.notFound('bot', botId);
    return bot;
  }

  function newRow(bot: BotRow, createdBy: string, draft: IntentDraft, id = newObjectId()): Insertable<IntentsTable> {
    return {
      id,
      project_id: bot.project_id,
      bot_id: bot.id,
      intent_id: draft.intent_id ?? newUuid(),
      intent_display_name: draft.intent_display_name ?? shortName(),
      question: draft.question ?? null,
      answer: draft.answer ?? null,
      reply: jsonOrNull(draft.reply),
      webhook_enabled: draft.webhook_enabled ?? false,
      enabled: draft.enabled ?? true,
      topic: draft.topic,
      status: draft.status,
      language: draft.language ?? bot.language,
      form: jsonOrNull(draft.form),
      actions: jsonOrNull(draft.actions),
      attributes: jsonOrNull(draft.attributes),
      agents_available: draft.agents_available ?? false,
      created_by: createdBy,
    };
  }

  /** The columns a draft sets; fields it leaves out keep their value. */
  function changesFrom(draft: IntentDraft) {
    return {
      ...(draft.intent_id !== undefined && { intent_id: draft.intent_id }),
      ...(draft.intent_display_name !== undefined && { intent_display_name: draft.intent_display_name }),
      ...(draft.question !== undefined && { question: draft.question }),
      ...(draft.answer !== undefined && { answer: draft.answer }),
      ...(draft.reply !== undefined && { reply: jsonOrNull(draft.reply) }),
      ...(draft.form !== undefined && { form: jsonOrNull(draft.form) }),
      ...(draft.actions !== undefined && { actions: jsonOrNull(draft.actions) }),
      ...(draft.attributes !== undefined && { attributes: jsonOrNull(draft.attributes) }),
      ...(draft.enabled !== undefined && { enabled: draft.enabled }),
      ...(draft.webhook_enabled !== undefined && { webhook_enabled: draft.webhook_enabled }),
      ...(draft.language !== undefined && { language: draft.language }),
      ...(draft.topic !== undefined && { topic: draft.topic }),
      ...(draft.status !== undefined && { status: draft.status }),
      ...(draft.agents_available !== undefined && { agents_available: draft.agents_available }),
    };
  }

  async function findRef(projectId: string, ref: IntentRef, botId: string | undefined) {
    if ('id' in ref) {
      const intent = await repo.findIntentById(projectId, ref.id);
      return intent && (botId === undefined || intent.bot_id === botId) ? intent : undefined;
    }
    return botId === undefined ? undefined : repo.findIntentByIntentId(projectId, botId, ref.intentId);
  }

  async function updateIntent(emit: Emit, intent: IntentRow, draft: IntentDraft): Promise<IntentRow> {
    const updated = await repo.updateIntent(intent.project_id, intent.id, changesFrom(draft));
    if (!updated) throw errors.notFound('intent', intent.id);
    emit('faq.update', updated.project_id, intentToWire(updated));
    return updated;
  }

  async function mergeAttributes(emit: Emit, intent: IntentRow, attributes: Record<string, unknown>) {
    return updateIntent(emit, intent, { attributes: { ...(intent.attributes ?? {}), ...attributes } });
  }

  /**
   * Adds many intents to a bot in one statement. Intents whose display name or intent id the bot
   * already has are skipped, unless `overwrite` is set: then an intent with the same display name
   * is updated in place. `replace` deletes the bot's intents first.
   */
  async function addIntents(
    emit: Emit,
    bot: BotRow,
    createdBy: string,
    drafts: IntentDraft[],
    options: { overwrite?: boolean; replace?: boolean } = {},
  ): Promise<{ created: IntentRow[]; updated: IntentRow[] }> {
    if (options.replace) {
      for (const removed of await repo.deleteIntentsOfBot(bot.project_id, bot.id)) {
        emit('faq.delete', bot.project_id, intentToWire(removed));
      }
    }
    const existing = options.replace ? [] : await repo.listIntentsOfBot(bot.project_id, bot.id);
    const replaceable = new Map(existing.map((intent) => [intent.intent_display_name, intent]));
    const names = new Set(replaceable.keys());
    const intentIds = new Set(existing.map((intent) => intent.intent_id));
    const inserts: Insertable<IntentsTable>[] = [];
    const overwrites: Array<[IntentRow, IntentDraft]> = [];

    for (const draft of drafts) {
      const row = newRow(bot, createdBy, draft);
      const current = options.overwrite ? replaceable.get(row.intent_display_name) : undefined;
      if (current) {
        replaceable.delete(row.intent_display_name);
        // Flows link blocks by intent id: an overwritten intent keeps its own unless the file names one.
        const intentId = draft.intent_id ?? current.intent_id;
        if (intentId !== current.intent_id && intentIds.has(intentId)) continue;
        intentIds.delete(current.intent_id);
        intentIds.add(intentId);
        overwrites.push([current, draft]);
      } else if (!names.has(row.intent_display_name) && !intentIds.has(row.intent_id)) {
        names.add(row.intent_display_name);
        intentIds.add(row.intent_id);
        inserts.push(row);
      }
    }

    const updated: IntentRow[] = [];
    for (const [intent, draft] of overwrites) updated.push(await updateIntent(emit, intent, draft));
    const created = await repo.insertIntentsSkippingDuplicates(inserts);
    for (const intent of created) emit('faq.create', bot.project_id, intentToWire(intent));
    return { created, updated };
  }

  return {
    botOf,
    addIntents,
    updateIntent,
    mergeAttributes,
    findRef,
    newRow,

    listOfBot: (projectId: string, botId: string) => repo.listIntentsOfBot(projectId, botId),

    /** How the bot engine finds the intent that answers a message (live, enabled intents only). */
    answering: {
      byQuestionLine: (projectId: string, botId: string, text: string, filter: AnswerFilter) =>
        repo.findIntentByQuestionLine(projectId, botId, text, filter),
      search: (projectId: string, botId: string, text: string, filter: AnswerFilter) =>
        repo.searchIntentByQuestion(projectId, botId, text, filter),
      byReference: (projectId: string, botId: string, reference: string, filter: AnswerFilter) =>
        repo.findIntentByReference(projectId, botId, reference, filter),
      fallback: (projectId: string, botId: string, filter: AnswerFilter) =>
        repo.findFallbackIntent(projectId, botId, filter),
    },

    /** Trashing a bot trashes its intents (and restoring restores them), in the bot's transaction. */
    async setTrashedOfBot(projectId: string, botId: string, trashedAt: Date | null): Promise<void> {
      await repo.updateIntentsOfBot(projectId, botId, { trashed: trashedAt !== null, trashed_at: trashedAt });
    },

    async setLanguageOfBot(projectId: string, botId: string, language: string): Promise<void> {
      await repo.updateIntentsOfBot(projectId, botId, { language });
    },

    async deleteOfBot(emit: Emit, projectId: string, botId: string): Promise<void> {
      for (const removed of await repo.deleteIntentsOfBot(projectId, botId)) {
        emit('faq.delete', projectId, intentToWire(removed));
      }
    },

    create(project: ProjectRow, createdBy: string, input: CreateIntentInput): Promise<IntentRow> {
      return withDuplicateIntents(
        transaction(async ({ emit }) => {
          const bot = await botOf(project.id, input.id_faq_kb);
          const { id_faq_kb: _bot, _id, ...draft } = input;
          const intent = await repo.insertIntent(newRow(bot, createdBy, draft, _id?.toLowerCase()));
          emit('faq.create', project.id, intentToWire(intent));
          return intent;
        }),
      );
    },

    async get(project: ProjectRow, id: string): Promise<IntentRow> {
      const intent = await repo.findIntentById(project.id, id);
      if (!intent) throw errors.notFound('intent', id);
      return intent;
    },

    /** Lists intents of the project (Tiledesk forgets the project filter; we never do), with their bots. */
    async list(project: ProjectRow, filter: IntentFilter) {
      const intents = await repo.listIntents(project.id, filter);
      const botIds = [...new Set(intents.map((intent) => intent.bot_id))];
      const bots = filter.agentView ? [] : await deps.findBots(project.id, botIds);
      return { intents, bots: new Map(bots.map((bot) => [bot.id, bot])) };
    },

    update(project: ProjectRow, ref: IntentRef, input: UpdateIntentInput): Promise<IntentRow> {
      const { id_faq_kb: botId, ...draft } = input;
      if (!botId) throw errors.missingIdFaqKb();
      return withDuplicateIntents(
        transaction(async ({ emit }) => {
          const intent = await findRef(project.id, ref, 'id' in ref ? undefined : botId);
          if (!intent) throw errors.notFound('intent', 'id' in ref ? ref.id : ref.intentId);
          return updateIntent(emit, intent, draft);
        }),
      );
    },

    patchAttributes(project: ProjectRow, id: string, attributes: Record<string, unknown>): Promise<IntentRow> {
      return transaction(async ({ emit }) => {
        const intent = await repo.findIntentById(project.id, id);
        if (!intent) throw errors.notFound('intent', id);
        return mergeAttributes(emit, intent, attributes);
      });
    },

    remove(project: ProjectRow, ref: IntentRef, botId: string | undefined): Promise<IntentRow> {
      if ('intentId' in ref && !botId) {
        throw errors.invalid(
          "Unable to delete object. Query param 'id_faq_kb' is mandatory if you want to delete via intent_id",
        );
      }
      return transaction(async ({ emit }) => {
        const intent = await findRef(project.id, ref, 'id' in ref ? undefined : botId);
        if (!intent) throw errors.notFound('intent', 'id' in ref ? ref.id : ref.intentId);
        const removed = await repo.deleteIntent(project.id, intent.id);
        if (!removed) throw errors.notFound('intent', intent.id);
        emit('faq.delete', project.id, intentToWire(removed));
        return removed;
      });
    },
  };
}
