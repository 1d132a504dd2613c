/**
 * Webhook fulfilment (Tiledesk's faqBotSupport): when the bot has `webhook_enabled` and the
 * intent asks for it (`webhook_enabled`, or `\webhook` in its answer), the answer is POSTed to
 * the bot's `webhook_url` (or the answer's `\webhook:<url>`) as
 * `{payload: {text, bot, message, intent}, token}`. A JSON answer with a `text` replaces the
 * reply (its `attributes`, `type`, `metadata`, `language` too); any failure keeps the reply.
 * Unlike Tiledesk, the bot in the payload carries no secret.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { BotRow, IntentRow } from '../../platform/db/tables.js';
import { postJson } from '../../platform/http/outbound.js';
import { botToWire } from '../bots/bots.schema.js';
import { intentToWire } from '../intents/intents.schema.js';
import { parseAnswer, type ParsedAnswer } from './microlanguage.js';

export interface Fulfilled extends ParsedAnswer {
  extraAttributes?: Record<string, unknown>;
  language?: string;
}

export type Fulfil = (
  bot: BotRow,
  intent: IntentRow,
  reply: ParsedAnswer,
  message: Record<string, unknown>,
) => Promise<Fulfilled>;

export interface FulfilmentSettings {
  timeoutMs: number;
  maxResponseBytes: number;
  allowPrivate: boolean;
  log: FastifyBaseLogger;
  tokenFor(bot: BotRow): Promise<string>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createFulfilment(settings: FulfilmentSettings): Fulfil {
  return async (bot, intent, reply, message) => {
    const url = typeof reply.webhook === 'string' ? reply.webhook : bot.webhook_url;
    if (!bot.webhook_enabled || !(intent.webhook_enabled || reply.webhook) || !url) return reply;
    const body = JSON.stringify({
      payload: { text: intent.answer, bot: botToWire(bot), message, intent: intentToWire(intent) },
      token: await settings.tokenFor(bot),
    });
    let answer: unknown;
    try {
      const response = await postJson(url, body, {
        timeoutMs: settings.timeoutMs,
        maxResponseBytes: settings.maxResponseBytes,
        allowPrivate: settings.allowPrivate,
        headers: { 'user-agent': 'parley-bots' },
      });
      if (response.status >= 400) throw new Error(`HTTP ${response.status}`);
      answer = JSON.parse(response.body);
    } catch (error) {
      settings.log.info({ botId: bot.id, err: error }, 'webhook fulfilment failed: the intent answer is used');
      return reply;
    }
    if (!isObject(answer) || typeof answer.text !== 'string') return reply;
    const { webhook: _ignored, ...parsed } = parseAnswer(answer.text);
    return {
      ...parsed,
      ...(typeof answer.type === 'string' && { type: answer.type }),
      ...(isObject(answer.metadata) && { metadata: answer.metadata }),
      ...(typeof answer.language === 'string' && { language: answer.language }),
      ...(isObject(answer.attributes) && { extraAttributes: answer.attributes }),
    };
  };
}
