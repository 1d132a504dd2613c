/**
 * Bots (Tiledesk "faq_kb"): a bot answers visitors from its intents (`internal`), through a flow
 * (`tilebot`) or by calling its own endpoint (`external`). Each has a random secret that signs
 * its tokens, and a slug unique in its project. Trashing a bot (`PUT {trashed:true}`) is how the
 * dashboard deletes it: the bot and its intents stay, marked trashed.
 */
import type { Platform } from '../../platform/context.js';
import type { Emit } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, newSecret } from '../../platform/ids.js';
import { jsonOrNull, json } from '../../platform/db/json.js';
import { audienceFor, signToken } from '../../platform/auth/jwt.js';
import type { BotRow, ProjectRow } from '../../platform/db/tables.js';
import type { IntentsService } from '../intents/intents.service.js';
import { createBotsRepo, type BotFilter } from './bots.repo.js';
import { createSlugs } from './bots-slug.js';
import { botToWire, type UpdateBotInput } from './bots.schema.js';
import { templateIntents } from './bots.templates.js';
import { createBotTransfer } from './bots-transfer.service.js';

export interface BotsDeps {
  intents: IntentsService;
  /** A live project by id (the projects area answers): the landing project of a fork. */
  findLiveProject(id: string): Promise<ProjectRow | undefined>;
}

/** What a new bot is made of (the body of `POST /bots`, an imported file, a fork). */
export interface NewBot {
  name: string;
  slug?: string | null;
  description?: string | null;
  url?: string | null;
  webhook_url?: string | null;
  webhook_enabled?: boolean | null;
  type?: string | null;
  subtype?: string | null;
  language?: string | null;
  mainCategory?: string | null;
  intentsEngine?: string | null;
  attributes?: Record<string, unknown> | null;
}

export type BotsService = ReturnType<typeof createBotsService>;
export type BotsCore = ReturnType<typeof createBotsCore>;

export function createBotsService(platform: Platform, deps: BotsDeps) {
  const core = createBotsCore(platform, deps);
  return { ...core, ...createBotTransfer(platform, deps, core) };
}

/** The bot's own token (what GET /:id/jwt answers and what external bots receive with each message). */
function tokenFor(bot: BotRow): Promise<string> {
  const { description: _description, attributes: _attributes, ...claims } = botToWire(bot);
  return signToken(claims, { secret: bot.secret, subject: 'bot', audience: audienceFor('bots', bot.id) });
}

function createBotsCore({ connection, transaction }: Platform, deps: BotsDeps) {
  const repo = createBotsRepo(connection);
  const { allocateSlug, claimSlug } = createSlugs(repo);
  async function mustFind(projectId: string, id: string): Promise<BotRow> {
    const bot = await repo.findBotById(projectId, id);
    if (!bot) throw errors.notFound('bot', id);
    return bot;
  }

  /** mustFind for a change: the bot's row is locked before anything else is (see lockBotById). */
  async function mustLock(projectId: string, id: string): Promise<BotRow> {
    const bot = await repo.lockBotById(projectId, id);
    if (!bot) throw errors.notFound('bot', id);
    return bot;
  }

  /**
   * Inserts a bot with a fresh secret and a free slug, then its template's intents. `id` may be
   * chosen by the caller when the bot's attributes must refer to it.
   */
  async function createBot(
    emit: Emit,
    project: ProjectRow,
    createdBy: string,
    input: NewBot,
    options: { template?: string; id?: string } = {},
  ): Promise<BotRow> {
    await repo.lockSlugs(project.id);
    const type = input.type ?? 'internal';
    const subtype = input.subtype ?? (type === 'tilebot' ? 'chatbot' : null);
    const bot = await repo.insertBot({
      id: options.id ?? newObjectId(),
      project_id: project.id,
      name: input.name,
      slug: await allocateSlug(project.id, input.slug || input.name),
      description: input.description ?? null,
      url: input.url || null,
      webhook_url: input.webhook_url || null,
      webhook_enabled: input.webhook_enabled ?? false,
      type,
      subtype,
      language: input.language ?? undefined,
      main_category: input.mainCategory ?? null,
      intents_engine: input.intentsEngine ?? undefined,
      attributes: jsonOrNull(input.attributes),
      secret: newSecret(),
      public: false,
      certified: false,
      trashed: false,
      created_by: createdBy,
    });
    emit('faqbot.create', project.id, botToWire(bot));
    await deps.intents.addIntents(emit, bot, createdBy, templateIntents(type, subtype ?? undefined, options.template));
    return bot;
  }

  return {
    mustFind,
    createBot,

    async exists(projectId: string, botId: string): Promise<boolean> {
      return (await repo.findBotById(projectId, botId)) !== undefined;
    },

    findByIds: (projectId: string, ids: string[]) => repo.findBotsByIds(projectId, ids),

    findById: (projectId: string, id: string) => repo.findBotById(projectId, id),

    /** A bot of the project named by its id, name or slug (`PUT /requests/:id/replace`). */
    async findByRef(projectId: string, ref: { id: string } | { name: string } | { slug: string }): Promise<BotRow> {
      const bot = 'id' in ref ? await repo.findBotById(projectId, ref.id) : await repo.findBotByRef(projectId, ref);
      if (!bot) {
        const [key, value] = Object.entries(ref)[0] as [string, string];
        throw errors.notFound('bot', value, key);
      }
      return bot;
    },

    /** Every rule of the project's live bots (`attributes.rules`), for the widget to evaluate. */
    async widgetRules(projectId: string): Promise<unknown[]> {
      const bots = await repo.listBotsWithRules(projectId);
      return bots.flatMap((bot) => (bot.attributes?.rules as unknown[] | undefined) ?? []);
    },

    list: (project: ProjectRow, filter: BotFilter) => repo.listBots(project.id, filter),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    create(project: ProjectRow, createdBy: string, input: NewBot & { template?: string }): Promise<BotRow> {
      return transaction(({ emit }) => createBot(emit, project, createdBy, input, { template: input.template }));
    },

    update(project: ProjectRow, id: string, input: UpdateBotInput): Promise<BotRow> {
      return transaction(async ({ emit }) => {
        const bot = await mustLock(project.id, id);
        let slug = bot.slug;
        if (input.slug !== undefined) {
          await repo.lockSlugs(project.id);
          slug = await claimSlug(project.id, bot.id, input.slug);
        }
        let trashedAt = bot.trashed_at;
        if (input.trashed === true && !bot.trashed) {
          trashedAt = new Date();
          // Frees the slug for a new bot while the trashed one waits for its purge.
          if (slug) slug = `${slug}-trashed-${trashedAt.getTime()}`;
        } else if (input.trashed === false) {
          trashedAt = null;
        }
        if (input.trashed !== undefined && input.trashed !== bot.trashed) {
          await deps.intents.setTrashedOfBot(project.id, bot.id, trashedAt);
        }
        if (input.language !== undefined) await deps.intents.setLanguageOfBot(project.id, bot.id, input.language);

        const updated = await repo.updateBot(project.id, bot.id, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.url !== undefined && { url: input.url || null }),
          ...(input.webhook_url !== undefined && { webhook_url: input.webhook_url || null }),
          ...(input.webhook_enabled !== undefined && { webhook_enabled: input.webhook_enabled }),
          ...(input.type !== undefined && { type: input.type }),
          ...(input.language !== undefined && { language: input.language }),
          ...(input.trashed !== undefined && { trashed: input.trashed, trashed_at: trashedAt }),
          ...(input.public !== undefined && { public: input.public }),
          ...(input.certified !== undefined && { certified: input.certified }),
          ...(input.mainCategory !== undefined && { main_category: input.mainCategory }),
          ...(input.intentsEngine !== undefined && { intents_engine: input.intentsEngine }),
          ...(input.tags !== undefined && { tags: json(input.tags) }),
          ...(input.trained !== undefined && { trained: input.trained }),
          ...(input.short_description !== undefined && { short_description: input.short_description }),
          ...(input.title !== undefined && { title: input.title }),
          ...(input.certifiedTags !== undefined && { certified_tags: json(input.certifiedTags) }),
          ...(input.agents_available !== undefined && { agents_available: input.agents_available }),
          slug,
          modified: true,
        });
        if (!updated) throw errors.notFound('bot', id);
        emit('faqbot.update', project.id, botToWire(updated));
        return updated;
      });
    },

    /** The bot's language and all its intents' (their text is indexed in that language). */
    setLanguage(project: ProjectRow, id: string, language: string): Promise<BotRow> {
      return transaction(async ({ emit }) => {
        const bot = await mustLock(project.id, id);
        await deps.intents.setLanguageOfBot(project.id, bot.id, language);
        const updated = await repo.updateBot(project.id, bot.id, { language });
        if (!updated) throw errors.notFound('bot', id);
        emit('faqbot.update', project.id, botToWire(updated));
        return updated;
      });
    },

    patchAttributes(project: ProjectRow, id: string, attributes: Record<string, unknown>): Promise<BotRow> {
      return transaction(async ({ emit }) => {
        const bot = await mustLock(project.id, id);
        const merged = { ...(bot.attributes ?? {}), ...attributes };
        const updated = await repo.updateBot(project.id, bot.id, { attributes: json(merged) });
        if (!updated) throw errors.notFound('bot', id);
        emit('faqbot.update', project.id, botToWire(updated));
        return updated;
      });
    },

    /** Deletes the bot for good, with its intents (Tiledesk leaves them behind, orphaned). */
    remove(project: ProjectRow, id: string): Promise<BotRow> {
      return transaction(async ({ emit }) => {
        const bot = await mustLock(project.id, id);
        await deps.intents.deleteOfBot(emit, project.id, bot.id);
        await repo.deleteBot(project.id, bot.id);
        emit('faqbot.delete', project.id, botToWire(bot));
        return bot;
      });
    },

    /** A token that authenticates as the bot: signed with its secret, `sub: bot`, audience its URL. */
    async issueJwt(project: ProjectRow, id: string): Promise<string> {
      return tokenFor(await mustFind(project.id, id));
    },

    tokenFor,
  };
}
