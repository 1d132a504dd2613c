import { Type, type Static } from 'typebox';
import { DateTime, FreeObject } from '../../platform/http/schemas.js';
import type { IntentRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';
import { BotSchema, type BotWire } from '../bots/bots.schema.js';
import type { NotFoundWording } from '../../platform/errors.js';

const IntentFields = {
  id_faq_kb: Type.String(),
  intent_id: Type.String(),
  intent_display_name: Type.String(),
  question: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String()),
  reply: Type.Optional(FreeObject),
  webhook_enabled: Type.Boolean(),
  enabled: Type.Boolean(),
  id_project: Type.String(),
  topic: Type.String(),
  status: Type.String(),
  language: Type.Optional(Type.String()),
  createdBy: Type.String(),
  form: Type.Optional(FreeObject),
  actions: Type.Optional(Type.Array(FreeObject)),
  attributes: Type.Optional(FreeObject),
  agents_available: Type.Boolean(),
  trashed: Type.Boolean(),
  trashedAt: Type.Optional(DateTime),
};

export const IntentSchema = documentSchema(IntentFields);
export type IntentWire = Static<typeof IntentSchema>;

/** List items carry their bot, as Tiledesk's populated `faq_kb` virtual (an array). */
export const IntentListItemSchema = documentSchema(IntentFields, { faq_kb: Type.Array(BotSchema) });

/** What agents (and the public list) see: questions and answers, not the flow behind them. */
export const IntentAgentViewSchema = Type.Object({
  _id: IntentSchema.properties._id,
  id: IntentSchema.properties.id,
  id_faq_kb: IntentFields.id_faq_kb,
  intent_id: IntentFields.intent_id,
  intent_display_name: IntentFields.intent_display_name,
  question: IntentFields.question,
  answer: IntentFields.answer,
  reply: IntentFields.reply,
  enabled: IntentFields.enabled,
  id_project: IntentFields.id_project,
  topic: IntentFields.topic,
  status: IntentFields.status,
  language: IntentFields.language,
  form: IntentFields.form,
  agents_available: IntentFields.agents_available,
  trashed: IntentFields.trashed,
});
export type IntentAgentView = Static<typeof IntentAgentViewSchema>;

export function intentToWire(intent: IntentRow): IntentWire {
  return compact(
    documentOf(intent, {
      id_faq_kb: intent.bot_id,
      intent_id: intent.intent_id,
      intent_display_name: intent.intent_display_name,
      question: intent.question,
      answer: intent.answer,
      reply: intent.reply,
      webhook_enabled: intent.webhook_enabled,
      enabled: intent.enabled,
      id_project: intent.project_id,
      topic: intent.topic,
      status: intent.status,
      language: intent.language,
      createdBy: intent.created_by,
      form: intent.form,
      actions: intent.actions as Array<Record<string, unknown>> | null,
      attributes: intent.attributes,
      agents_available: intent.agents_available,
      trashed: intent.trashed,
      trashedAt: iso(intent.trashed_at),
    }),
  ) as IntentWire;
}

export function intentToListItem(intent: IntentRow, bot: BotWire | undefined) {
  return { ...intentToWire(intent), faq_kb: bot ? [bot] : [] };
}

export function intentToAgentView(intent: IntentRow): IntentAgentView {
  return compact({
    _id: intent.id,
    id: intent.id,
    id_faq_kb: intent.bot_id,
    intent_id: intent.intent_id,
    intent_display_name: intent.intent_display_name,
    question: intent.question,
    answer: intent.answer,
    reply: intent.reply,
    enabled: intent.enabled,
    id_project: intent.project_id,
    topic: intent.topic,
    status: intent.status,
    language: intent.language,
    form: intent.form,
    agents_available: intent.agents_available,
    trashed: intent.trashed,
  }) as IntentAgentView;
}

// --- requests ---------------------------------------------------------------------------------

/** `:intent` is an intent's `_id`, or `intentId<intent_id>` (Tiledesk's addressing by intent id). */
export const IntentParams = Type.Object({ project_id: Type.String(), intent: Type.String() });

const Name = Type.String({ minLength: 1, maxLength: 500 });

const IntentContent = {
  question: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String()),
  reply: Type.Optional(FreeObject),
  form: Type.Optional(FreeObject),
  topic: Type.Optional(Type.String({ minLength: 1 })),
  webhook_enabled: Type.Optional(Type.Boolean()),
  intent_display_name: Type.Optional(Name),
  intent_id: Type.Optional(Name),
  actions: Type.Optional(Type.Array(FreeObject)),
  attributes: Type.Optional(FreeObject),
  enabled: Type.Optional(Type.Boolean()),
};

export const CreateIntentBody = Type.Object({
  id_faq_kb: Type.String({ minLength: 1 }),
  _id: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{24}$' })),
  ...IntentContent,
});
export type CreateIntentInput = Static<typeof CreateIntentBody>;

/** `id_faq_kb` is required, but Tiledesk answers its absence with its own 422 body (see the service). */
export const UpdateIntentBody = Type.Object({
  id_faq_kb: Type.Optional(Type.String()),
  ...IntentContent,
  status: Type.Optional(Type.String({ minLength: 1 })),
  language: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' })),
  agents_available: Type.Optional(Type.Boolean()),
});
export type UpdateIntentInput = Static<typeof UpdateIntentBody>;

export const ListIntentsQuery = Type.Object({
  id_faq_kb: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  intent_display_name: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Default 3000, as Tiledesk; 0 = no limit. */
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const DeleteIntentQuery = Type.Object({ id_faq_kb: Type.Optional(Type.String()) });
export const CsvQuery = Type.Object({ id_faq_kb: Type.Optional(Type.String()) });

export const OperationsBody = Type.Object({
  id_faq_kb: Type.String({ minLength: 1 }),
  operations: Type.Array(
    Type.Object({
      type: Type.Union([Type.Literal('post'), Type.Literal('put'), Type.Literal('patch'), Type.Literal('delete')]),
      intent: FreeObject,
    }),
    { maxItems: 5000 },
  ),
});
export type OperationsInput = Static<typeof OperationsBody>;

export const PublicIntentsQuery = Type.Object({
  id_faq_kb: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
});

export const SuccessBody = Type.Object({ success: Type.Boolean(), msg: Type.Optional(Type.String()) });

// --- how Tiledesk words a missing intent, by route (`Object not found.` elsewhere) ----------

export const intentNotFound = {
  /** `DELETE /:intent`. */
  remove: { intent: () => ({ success: false, msg: 'Error deleting object. The object does not exists.' }) },
  /** `POST /ops_update` (Parley's wording: which operation). */
  operations: { intent: ({ where }) => ({ success: false, msg: `${where}: intent not found.` }) },
} satisfies Record<string, NotFoundWording>;
