/**
 * Moving bots between projects and files: export (Tiledesk's bot JSON), import (a new bot or
 * into an existing one) and fork (export + import, in-process and in one transaction, where
 * Tiledesk makes HTTP calls to itself). An import either applies whole or changes nothing.
 */
import type { Platform } from '../../platform/context.js';
import type { Emit } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { isObjectId, newObjectId } from '../../platform/ids.js';
import { json } from '../../platform/db/json.js';
import { actorId, type Principal } from '../../platform/auth/principal.js';
import { can } from '../../platform/auth/policies.js';
import type { BotRow, IntentRow, ProjectRow } from '../../platform/db/tables.js';
import { compact } from '../../platform/wire.js';
import { createBotsRepo } from './bots.repo.js';
import { botToWire } from './bots.schema.js';
import { parseBotFile, type BotDocument, type IntentDocument } from './bots-file.js';
import type { BotsCore, BotsDeps } from './bots.service.js';

export interface ImportOptions {
  /** Create a new bot from the file (the id in the path is ignored). */
  create?: boolean;
  /** Delete the bot's intents first. */
  replace?: boolean;
  /** Update intents with the same display name instead of skipping them. */
  overwrite?: boolean;
}

export function createBotTransfer(
  { connection, transaction, config, guards }: Platform,
  deps: BotsDeps,
  core: BotsCore,
) {
  const repo = createBotsRepo(connection);
  /** A bot of the project, or a bot its owners made public. */
  async function readableBot(project: ProjectRow, id: string, allowPublic: boolean): Promise<BotRow | undefined> {
    const own = await repo.findBotById(project.id, id);
    return own ?? (allowPublic ? await repo.findPublicBotById(id) : undefined);
  }

  /** Where a fork lands: the current project, or another one where the caller is an admin. */
  async function landingProject(project: ProjectRow, principal: Principal, id: string | undefined) {
    if (!id || id === project.id) return project;
    if (!isObjectId(id)) throw errors.invalidProjectId(id);
    const landing = await deps.findLiveProject(id);
    if (!landing) throw errors.projectNotFound(id);
    const membership = await guards.activeMembership(landing.id, principal);
    if (!membership) throw errors.notMember();
    if (!can.manageBots(membership)) throw errors.roleRequired();
    return landing;
  }

  /** A new bot from a file: its fields, no template, then the file's intents. */
  async function createFromFile(emit: Emit, project: ProjectRow, createdBy: string, file: BotDocument) {
    const id = newObjectId();
    const bot = await core.createBot(
      emit,
      project,
      createdBy,
      { ...file, name: file.name ?? '', url: undefined, attributes: withRulesFor(id, file.attributes) },
      { id, template: 'empty' },
    );
    await deps.intents.addIntents(emit, bot, createdBy, (file.intents ?? []).map(draftOf));
    return bot;
  }

  return {
    async exportBot(project: ProjectRow, id: string, options: { intentsOnly?: boolean; globals?: boolean }) {
      const bot = await readableBot(project, id, true);
      if (!bot) throw errors.notFound('bot', id);
      const intents = await deps.intents.listOfBot(bot.project_id, bot.id);
      const document = exportDocument(bot, intents, options.globals ?? false);
      return options.intentsOnly ? { intents: document.intents } : document;
    },

    importBot(project: ProjectRow, createdBy: string, id: string, content: unknown, options: ImportOptions) {
      const file = parseBotFile(content, { needsName: options.create ?? false, maxDepth: config.jsonMaxDepth });
      return transaction(async ({ emit }) => {
        if (options.create) return createFromFile(emit, project, createdBy, file);

        const bot = await repo.findBotById(project.id, id);
        if (!bot) throw errors.notFound('bot', id);
        const updated = await repo.updateBot(project.id, bot.id, {
          ...(typeof file.webhook_enabled === 'boolean' && { webhook_enabled: file.webhook_enabled }),
          ...(typeof file.webhook_url === 'string' && { webhook_url: file.webhook_url || null }),
          ...(file.language && { language: file.language }),
          ...(file.name && { name: file.name }),
          ...(typeof file.description === 'string' && { description: file.description }),
          ...(file.attributes && { attributes: json(withRulesFor(bot.id, file.attributes)) }),
        });
        if (!updated) throw errors.notFound('bot', id);
        emit('faqbot.update', project.id, botToWire(updated));
        await deps.intents.addIntents(emit, updated, createdBy, (file.intents ?? []).map(draftOf), options);
        return updated;
      });
    },

    /**
     * Copies a bot and all its intents into the landing project. The source is a bot of the
     * current project or, with `public`, a public bot of any project.
     */
    async fork(
      project: ProjectRow,
      principal: Principal,
      id: string,
      options: { public?: boolean; landingProjectId?: string; globals?: boolean },
    ) {
      const source = await readableBot(project, id, options.public ?? false);
      if (!source) throw errors.notFound('bot', id);
      const landing = await landingProject(project, principal, options.landingProjectId);
      return transaction(async ({ emit }) => {
        const intents = await deps.intents.listOfBot(source.project_id, source.id);
        const file = exportDocument(source, intents, options.globals ?? false);
        const bot = await createFromFile(emit, landing, actorId(principal), file);
        return { message: 'Chatbot forked successfully', bot_id: bot.id };
      });
    },
  };
}

/**
 * Tiledesk's export format: the bot's portable fields and its intents, without ids, owners or
 * dates. `attributes.globals` (often credentials) stays behind unless asked for.
 */
function exportDocument(bot: BotRow, intents: IntentRow[], globals: boolean) {
  let attributes = bot.attributes;
  if (attributes && !globals) {
    const { globals: _globals, ...rest } = attributes;
    attributes = rest;
  }
  return {
    ...compact({
      webhook_enabled: bot.webhook_enabled,
      webhook_url: bot.webhook_url,
      language: bot.language,
      name: bot.name,
      slug: bot.slug,
      type: bot.type,
      subtype: bot.subtype,
      description: bot.description,
      attributes,
    }),
    intents: intents.map((intent) =>
      compact({
        webhook_enabled: intent.webhook_enabled,
        enabled: intent.enabled,
        question: intent.question,
        answer: intent.answer,
        reply: intent.reply,
        form: intent.form,
        actions: intent.actions as Array<Record<string, unknown>> | null,
        attributes: intent.attributes,
        intent_display_name: intent.intent_display_name,
        intent_id: intent.intent_id,
        language: intent.language,
        topic: intent.topic,
        agents_available: intent.agents_available,
      }),
    ),
  } satisfies BotDocument;
}

function draftOf(intent: IntentDocument) {
  return {
    ...intent,
    topic: intent.topic ?? undefined,
    enabled: intent.enabled ?? undefined,
    webhook_enabled: intent.webhook_enabled ?? undefined,
    agents_available: intent.agents_available ?? undefined,
  };
}

/** Proactive rules post as the bot: point their sender at this bot, not the one exported. */
function withRulesFor(botId: string, attributes: Record<string, unknown> | null | undefined) {
  if (!attributes) return attributes;
  const copy = structuredClone(attributes);
  const rules = Array.isArray(copy.rules) ? copy.rules : [];
  for (const rule of rules) {
    const message = (rule as { do?: Array<{ message?: { participants?: unknown[] } }> })?.do?.[0]?.message;
    if (Array.isArray(message?.participants) && message.participants.length > 0) {
      message.participants[0] = `bot_${botId}`;
    }
  }
  return copy;
}
