import { Type, type Static } from 'typebox';
import { AnyJson, DateTime, FreeObject, QueryBool } from '../../platform/http/schemas.js';
import type { BotRow } from '../../platform/db/tables.js';
import type { NotFoundWording } from '../../platform/errors.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';

/** Bot engines a client may create; `identity` bots are the server's own and never created by hand. */
export const BOT_TYPES = ['internal', 'external', 'tilebot', 'dialogflow', 'rasa'] as const;
export const BOT_SUBTYPES = ['chatbot', 'webhook', 'copilot', 'voice', 'voice_twilio'] as const;

const BotFields = {
  name: Type.String(),
  description: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  webhook_url: Type.Optional(Type.String()),
  webhook_enabled: Type.Boolean(),
  id_project: Type.String(),
  type: Type.String(),
  subtype: Type.Optional(Type.String()),
  trashed: Type.Boolean(),
  trashedAt: Type.Optional(DateTime),
  language: Type.String(),
  attributes: Type.Optional(FreeObject),
  createdBy: Type.String(),
  public: Type.Boolean(),
  certified: Type.Boolean(),
  mainCategory: Type.Optional(Type.String()),
  intentsEngine: Type.String(),
  tags: Type.Array(Type.String()),
  score: Type.Number(),
  publishedBy: Type.Optional(Type.String()),
  publishedAt: Type.Optional(DateTime),
  trained: Type.Boolean(),
  short_description: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  certifiedTags: Type.Array(AnyJson),
  agents_available: Type.Boolean(),
  slug: Type.Optional(Type.String()),
  modified: Type.Boolean(),
  root_id: Type.Optional(Type.String()),
  release_note: Type.Optional(Type.String()),
};

export const BotSchema = documentSchema(BotFields);
export type BotWire = Static<typeof BotSchema>;

/** Only the creation response carries the secret (the bot needs it to sign its own tokens). */
export const BotWithSecretSchema = Type.Object({ ...BotSchema.properties, secret: Type.String() });

/**
 * What an agent sees in the list: Tiledesk strips the engine's configuration and bookkeeping.
 * We also drop `webhook_url`, which often embeds a token.
 */
export const BotAgentViewSchema = Type.Object({
  _id: BotSchema.properties._id,
  id: BotSchema.properties.id,
  name: BotFields.name,
  description: BotFields.description,
  id_project: BotFields.id_project,
  type: BotFields.type,
  subtype: BotFields.subtype,
  trashed: BotFields.trashed,
  language: BotFields.language,
  public: BotFields.public,
  certified: BotFields.certified,
  mainCategory: BotFields.mainCategory,
  tags: BotFields.tags,
  short_description: BotFields.short_description,
  title: BotFields.title,
  agents_available: BotFields.agents_available,
  slug: BotFields.slug,
});
export type BotAgentView = Static<typeof BotAgentViewSchema>;

/** A bot as a conversation shows it (a request's `participatingBots`): no secret, no engine settings. */
export const BotPublicSchema = documentSchema({
  id_project: BotFields.id_project,
  name: BotFields.name,
  description: BotFields.description,
  type: BotFields.type,
  subtype: BotFields.subtype,
  language: BotFields.language,
  url: BotFields.url,
  trashed: BotFields.trashed,
  createdBy: BotFields.createdBy,
});
export type BotPublicWire = Static<typeof BotPublicSchema>;

export function botToWire(bot: BotRow): BotWire {
  return compact(
    documentOf(bot, {
      name: bot.name,
      description: bot.description,
      url: bot.url,
      webhook_url: bot.webhook_url,
      webhook_enabled: bot.webhook_enabled,
      id_project: bot.project_id,
      type: bot.type,
      subtype: bot.subtype,
      trashed: bot.trashed,
      trashedAt: iso(bot.trashed_at),
      language: bot.language,
      attributes: bot.attributes,
      createdBy: bot.created_by,
      public: bot.public,
      certified: bot.certified,
      mainCategory: bot.main_category,
      intentsEngine: bot.intents_engine,
      tags: bot.tags ?? [],
      score: Number(bot.score),
      publishedBy: bot.published_by,
      publishedAt: iso(bot.published_at),
      trained: bot.trained,
      short_description: bot.short_description,
      title: bot.title,
      certifiedTags: bot.certified_tags ?? [],
      agents_available: bot.agents_available,
      slug: bot.slug,
      modified: bot.modified,
      root_id: bot.root_id,
      release_note: bot.release_note,
    }),
  ) as BotWire;
}

export function botToWireWithSecret(bot: BotRow): BotWire & { secret: string } {
  return { ...botToWire(bot), secret: bot.secret };
}

export function botToPublicWire(bot: BotRow): BotPublicWire {
  const wire: Record<string, unknown> = botToWire(bot);
  const fields = Object.keys(BotPublicSchema.properties).filter((key) => wire[key] !== undefined);
  return Object.fromEntries(fields.map((key) => [key, wire[key]])) as BotPublicWire;
}

export function botToAgentView(bot: BotRow): BotAgentView {
  return compact({
    _id: bot.id,
    id: bot.id,
    name: bot.name,
    description: bot.description,
    id_project: bot.project_id,
    type: bot.type,
    subtype: bot.subtype,
    trashed: bot.trashed,
    language: bot.language,
    public: bot.public,
    certified: bot.certified,
    mainCategory: bot.main_category,
    tags: bot.tags ?? [],
    short_description: bot.short_description,
    title: bot.title,
    agents_available: bot.agents_available,
    slug: bot.slug,
  }) as BotAgentView;
}

// --- requests ---------------------------------------------------------------------------------

export const BotParams = Type.Object({ project_id: Type.String(), bot_id: Type.String() });
export const LanguageParams = Type.Object({
  project_id: Type.String(),
  bot_id: Type.String(),
  language: Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' }),
});

const HttpUrl = Type.String({ maxLength: 2048, pattern: '^(|https?://\\S+)$' });
const Language = LanguageParams.properties.language;
const BotType = Type.Union(BOT_TYPES.map((type) => Type.Literal(type)));
const BotSubtype = Type.Union(BOT_SUBTYPES.map((subtype) => Type.Literal(subtype)));

export const CreateBotBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  slug: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String()),
  url: Type.Optional(HttpUrl),
  webhook_url: Type.Optional(HttpUrl),
  webhook_enabled: Type.Optional(Type.Boolean()),
  type: Type.Optional(BotType),
  subtype: Type.Optional(BotSubtype),
  language: Type.Optional(Language),
  mainCategory: Type.Optional(Type.String()),
  intentsEngine: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
  /** Which intents to start with (see bots.templates.ts); unknown names fall back to the default. */
  template: Type.Optional(Type.String()),
});

export const UpdateBotBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Type.String()),
  url: Type.Optional(HttpUrl),
  webhook_url: Type.Optional(HttpUrl),
  webhook_enabled: Type.Optional(Type.Boolean()),
  type: Type.Optional(BotType),
  language: Type.Optional(Language),
  trashed: Type.Optional(Type.Boolean()),
  public: Type.Optional(Type.Boolean()),
  certified: Type.Optional(Type.Boolean()),
  mainCategory: Type.Optional(Type.String()),
  intentsEngine: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Type.String())),
  trained: Type.Optional(Type.Boolean()),
  short_description: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  certifiedTags: Type.Optional(Type.Array(AnyJson)),
  agents_available: Type.Optional(Type.Boolean()),
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type UpdateBotInput = Static<typeof UpdateBotBody>;

export const ListBotsQuery = Type.Object({
  all: Type.Optional(QueryBool),
  text: Type.Optional(Type.String()),
  language: Type.Optional(Language),
  public: Type.Optional(QueryBool),
  certified: Type.Optional(QueryBool),
});

export const DeletedBotSchema = Type.Object({ success: Type.Boolean(), message: Type.String() });
export const BotJwtSchema = Type.Object({ jwt: Type.String() });

// --- transfer -----------------------------------------------------------------------------------

const ExportedIntentSchema = Type.Object({
  webhook_enabled: Type.Boolean(),
  enabled: Type.Boolean(),
  question: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String()),
  reply: Type.Optional(FreeObject),
  form: Type.Optional(FreeObject),
  actions: Type.Optional(Type.Array(FreeObject)),
  attributes: Type.Optional(FreeObject),
  intent_display_name: Type.String(),
  intent_id: Type.String(),
  language: Type.Optional(Type.String()),
  topic: Type.String(),
  agents_available: Type.Boolean(),
});

/** Tiledesk's bot file; with `intentsOnly` just `{intents}`. */
export const BotExportSchema = Type.Object({
  webhook_enabled: Type.Optional(Type.Boolean()),
  webhook_url: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  subtype: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
  intents: Type.Array(ExportedIntentSchema),
});

export const ExportQuery = Type.Object({
  intentsOnly: Type.Optional(QueryBool),
  /** Keep `attributes.globals` (left out by default: it often holds credentials). */
  globals: Type.Optional(QueryBool),
});

export const ImportQuery = Type.Object({
  create: Type.Optional(QueryBool),
  replace: Type.Optional(QueryBool),
  overwrite: Type.Optional(QueryBool),
  intentsOnly: Type.Optional(QueryBool),
});

export const ForkQuery = Type.Object({
  public: Type.Optional(QueryBool),
  /** The landing project (default: the current one). */
  projectid: Type.Optional(Type.String()),
  globals: Type.Optional(QueryBool),
});

export const ForkedSchema = Type.Object({ message: Type.String(), bot_id: Type.String() });

// --- how Tiledesk words a missing bot, by route ---------------------------------------------

/** Most bot routes, and the bot's realtime topic. */
export const botNotFound: NotFoundWording = {
  bot: ({ id, projectId }) => ({ success: false, msg: `Chatbot not found with id ${id} for project ${projectId}` }),
};
/** `importjson` into a bot that is not there. */
export const importTargetNotFound: NotFoundWording = {
  bot: ({ id }) => ({ success: false, message: `Chatbot not found with id ${id}` }),
};
/** `fork` of a bot that is not there (or not readable from here). */
export const forkSourceNotFound: NotFoundWording = {
  bot: () => ({ success: false, error: 'Unable to get chatbot to be forked' }),
};
