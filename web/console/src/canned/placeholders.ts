/**
 * The placeholders a canned response may hold, as Tiledesk's dashboard offers them: the agent's
 * chat replaces each with the conversation's value when the response is picked.
 */
import type { MessageKey } from '../i18n/i18n';

export const PLACEHOLDERS: Array<{ value: string; description: MessageKey }> = [
  { value: '$recipient_name', description: 'canned.placeholder.recipientName' },
  { value: '$agent_name', description: 'canned.placeholder.agentName' },
];

/** `text` with `value` put where the selection was, with a space before it when needed. */
export function insertAt(text: string, start: number, end: number, value: string): { text: string; caret: number } {
  const before = text.slice(0, start);
  const spaced = before === '' || /\s$/.test(before) ? value : ` ${value}`;
  return { text: before + spaced + text.slice(end), caret: start + spaced.length };
}
