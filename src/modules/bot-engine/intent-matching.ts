/**
 * Which intent answers a visitor's message, for both engines (Tiledesk's faqBotHandler order):
 * a button's `attributes.action` names an intent (its `_id`, intent_id, `#intent_id` or display
 * name); otherwise one of an intent's question lines equals the text; otherwise the best
 * full-text match of the questions (stemmed in each intent's language, any word matching);
 * otherwise the `defaultFallback` intent. The greeting (`\start`, `/start`) only ever matches
 * exactly: a bot without a start intent stays silent rather than greet with its fallback.
 */
import type { IntentRow } from '../../platform/db/tables.js';
import type { IntentsService } from '../intents/intents.service.js';

export interface Question {
  text?: string;
  /** A button's action (`attributes.action` of the message). */
  action?: string;
  /** The conversation starts (`\start`, `/start`, or a new conversation with the bot). */
  start: boolean;
}

export interface Match {
  intent: IntentRow;
  /** 100 for an exact match, the full-text rank, 0 for the fallback. */
  confidence: number;
  fallback: boolean;
}

export const START_COMMANDS = ['\\start', '/start'];

/** Tiledesk strips a query string from actions; flows write `#<intent_id>`. */
export function actionReference(action: string): string {
  const [withoutQuery = action] = action.split('?');
  return withoutQuery.trim().replace(/^#/, '');
}

export async function matchIntent(
  answering: IntentsService['answering'],
  projectId: string,
  botId: string,
  question: Question,
  filter: { withAnswer: boolean },
): Promise<Match | undefined> {
  if (question.start) {
    const intent = await answering.byQuestionLine(projectId, botId, '\\start', filter);
    return intent && { intent, confidence: 100, fallback: false };
  }
  const reference = question.action && actionReference(question.action);
  if (reference) {
    const intent = await answering.byReference(projectId, botId, reference, filter);
    if (intent) return { intent, confidence: 100, fallback: false };
  }
  const text = question.text?.trim();
  if (text) {
    const exact = await answering.byQuestionLine(projectId, botId, text, filter);
    if (exact) return { intent: exact, confidence: 100, fallback: false };
    const found = await answering.search(projectId, botId, text, filter);
    if (found) {
      const { rank, ...intent } = found;
      return { intent, confidence: Number(rank), fallback: false };
    }
  }
  const fallback = await answering.fallback(projectId, botId, filter);
  return fallback && { intent: fallback, confidence: 0, fallback: true };
}
