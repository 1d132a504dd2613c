/**
 * Internal bots (Tiledesk's faqBotHandler): the answer of the matching intent, parsed from the
 * microlanguage, optionally fulfilled by the bot's webhook, becomes the bot's message. Its
 * attributes say which intent answered (`intent_info`, `_answerid`, `_raw_message`).
 *
 * An answer with `\close` or `\agent` is sent as two messages, as Tiledesk does: first the
 * command alone (`{subtype: "info"}`), which closes or hands off the conversation, then the rest
 * of the answer (left out when nothing is left of it).
 */
import { ownEntry } from '../../platform/own.js';
import type { BotRow, IntentRow } from '../../platform/db/tables.js';
import type { IntentsService } from '../intents/intents.service.js';
import { attachmentOf, parseAnswer } from './microlanguage.js';
import type { Fulfil, Fulfilled } from './fulfilment.js';
import { matchIntent, type Question } from './intent-matching.js';

/** What the bot posts (the engine adds sender, name and recipient). */
export interface OutgoingMessage {
  text?: string;
  type?: string;
  metadata?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  language?: string;
}

export interface FaqDeps {
  answering: IntentsService['answering'];
  fulfil: Fulfil;
}

const NOT_FOUND = {
  en: 'I did not find an answer in the knowledge base. \n Please reformulate your question?',
  it: 'Non sono in grado di fornirti una risposta adeguata. \n Prego riformula la domanda.',
};

/** The messages an internal bot answers `question` with (none when it has nothing to say). */
export async function answerFromIntents(
  bot: BotRow,
  question: Question,
  payload: Record<string, unknown>,
  deps: FaqDeps,
): Promise<OutgoingMessage[]> {
  const match = await matchIntent(deps.answering, bot.project_id, bot.id, question, { withAnswer: true });
  if (!match && question.start) return [];
  const intent: IntentRow | undefined = match?.intent;
  const answer = intent?.answer ?? builtInFallback(payload.language);
  const reply: Fulfilled = intent ? await deps.fulfil(bot, intent, parseAnswer(answer), payload) : parseAnswer(answer);

  const attributes: Record<string, unknown> = {
    _raw_message: answer,
    ...reply.extraAttributes,
    ...attachmentOf(reply),
    ...(intent && { _answerid: intent.id }),
    intent_info: {
      intent_name: !match || match.fallback ? 'DEFAULT_FALLBACK' : intent!.intent_display_name,
      is_fallback: !match || match.fallback,
      confidence: match?.confidence ?? 0,
      question_payload: payload,
    },
  };
  const message: OutgoingMessage = {
    text: reply.text,
    type: reply.type,
    ...(reply.metadata && { metadata: reply.metadata }),
    ...(reply.language && { language: reply.language }),
    attributes,
  };
  return withCommandFirst(message);
}

/** `\close` wins over `\agent`, as in Tiledesk; only the first occurrence is taken out. */
export function withCommandFirst(message: OutgoingMessage): OutgoingMessage[] {
  const text = message.text ?? '';
  const command = ['\\close', '\\agent'].find((candidate) => text.includes(candidate));
  if (!command) return [message];
  const rest = text.replace(command, '').trim();
  const info: OutgoingMessage = { text: command, attributes: { subtype: 'info' } };
  const keepsSomething = rest !== '' || message.metadata !== undefined || message.attributes?.attachment !== undefined;
  return keepsSomething ? [info, { ...message, text: rest || undefined }] : [info];
}

/** Tiledesk's answer when a bot has no fallback intent, in the question's language (en or it). */
export function builtInFallback(language: unknown): string {
  const code = typeof language === 'string' ? language.slice(0, 2).toLowerCase() : 'en';
  return ownEntry(NOT_FOUND, code) ?? NOT_FOUND.en;
}
