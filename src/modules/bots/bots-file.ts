/**
 * A bot file (Tiledesk's export JSON, `{name, language, ..., intents:[...]}`) as an import reads
 * it: parsed, checked field by field, and refused with a 422 that names the problem. Unknown
 * fields (ids, owners, dates of the exporting server) are ignored. Text that cannot be stored
 * (NUL, lone surrogates) and nesting deeper than a JSON body may have are refused like the rest.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { errors } from '../../platform/errors.js';
import { FreeObject } from '../../platform/http/schemas.js';
import { jsonDepthExceeds } from '../../platform/http/json-body.js';
import { findUnstorableText } from '../../platform/text.js';
import { BOT_SUBTYPES, BOT_TYPES, LanguageParams } from './bots.schema.js';

const MAX_INTENTS = 10_000;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

const Text = Type.String();
const Name = Type.String({ minLength: 1, maxLength: 500 });
const Language = LanguageParams.properties.language;

const BotFileIntentSchema = Type.Object({
  intent_id: Type.Optional(Name),
  intent_display_name: Type.Optional(Name),
  question: Nullable(Text),
  answer: Nullable(Text),
  reply: Nullable(FreeObject),
  form: Nullable(FreeObject),
  actions: Nullable(Type.Array(FreeObject)),
  attributes: Nullable(FreeObject),
  enabled: Nullable(Type.Boolean()),
  webhook_enabled: Nullable(Type.Boolean()),
  language: Nullable(Language),
  topic: Nullable(Type.String({ minLength: 1 })),
  agents_available: Nullable(Type.Boolean()),
});
export type BotFileIntent = Static<typeof BotFileIntentSchema>;

const BotFileSchema = Type.Object({
  name: Type.Optional(Name),
  slug: Nullable(Type.String({ maxLength: 200 })),
  description: Nullable(Text),
  webhook_url: Nullable(Type.String({ maxLength: 2048, pattern: '^(|https?://\\S+)$' })),
  webhook_enabled: Nullable(Type.Boolean()),
  type: Nullable(Type.Union(BOT_TYPES.map((type) => Type.Literal(type)))),
  subtype: Nullable(Type.Union(BOT_SUBTYPES.map((subtype) => Type.Literal(subtype)))),
  language: Nullable(Language),
  mainCategory: Nullable(Text),
  intentsEngine: Nullable(Text),
  attributes: Nullable(FreeObject),
  intents: Type.Optional(Type.Array(BotFileIntentSchema, { maxItems: MAX_INTENTS })),
});
export type BotFile = Static<typeof BotFileSchema>;

/** A bot as a document: a checked file, or a bot of ours being forked. */
export interface BotDocument extends Omit<BotFile, 'type' | 'subtype' | 'intents'> {
  type?: string | null;
  subtype?: string | null;
  intents?: IntentDocument[];
}
export interface IntentDocument extends Omit<BotFileIntent, 'actions'> {
  actions?: unknown[] | null;
}

const BOT_KEYS = ['name', 'language', 'description', 'webhook_url', 'webhook_enabled', 'attributes', 'intents'];

/** `content` is the raw text of the file or an already parsed JSON body. */
export function parseBotFile(content: unknown, options: { needsName: boolean; maxDepth: number }): BotFile {
  let value = content;
  if (typeof content === 'string' || Buffer.isBuffer(content)) {
    const text = content.toString().replace(/^\uFEFF/, '');
    if (text.trim() === '') throw errors.invalid('Not a bot: the file is empty.');
    if (jsonDepthExceeds(text, options.maxDepth)) {
      throw errors.invalid(`Not a bot: more than ${options.maxDepth} levels of nested arrays and objects.`);
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw errors.invalid(`Invalid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.invalid('Not a bot: expected a JSON object with the bot fields and its intents.');
  }
  const badText = findUnstorableText(value);
  if (badText) throw errors.invalid(`Not a bot: ${badText.path || 'the file'} ${badText.reason}.`);
  const problem = Value.Errors(BotFileSchema, value)[0];
  if (problem) {
    const field = problem.instancePath.replace(/^\//, '').replace(/\//g, '.');
    throw errors.invalid(`Not a bot: ${field} ${problem.message}.`);
  }
  const file = value as BotFile;
  if (options.needsName && !file.name) throw errors.invalid('Not a bot: name is required to create a bot.');
  if (!BOT_KEYS.some((key) => key in file)) {
    throw errors.invalid(`Not a bot: the file has none of ${BOT_KEYS.join(', ')}.`);
  }
  return file;
}
