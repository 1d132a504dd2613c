/**
 * Which of a transaction's events ask a bot for a turn (Tiledesk's botEvent rules):
 *
 * - `message.create` of a conversation served by a bot (the last bot among its participants),
 *   except messages from that bot itself, from `system` (unless `\start` or `/start`), and texts
 *   containing `\agent` or `\close` (commands are for the server, not the bot). Direct messages
 *   and imported history without `?notify=true` emit no such event.
 * - `request.create` of a conversation that a visitor's first message opens with a bot: the
 *   greeting (the `\start` intent), unless that message is itself `\start`. A conversation
 *   created without a message (`POST /requests`, as imports do) is not greeted: as in Tiledesk,
 *   its client says `\start` when it wants the greeting.
 */
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { MessageWire } from '../conversations/messages.schema.js';
import type { RequestWire } from '../conversations/requests.schema.js';
import { START_COMMANDS } from './intent-matching.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export interface TurnTrigger {
  projectId: string;
  requestId: string;
  botId: string;
  /** `start`: the conversation begins with the bot; `message`: a message for the bot. */
  kind: 'start' | 'message';
  message?: MessageWire;
}

const isStart = (text: string | undefined) => text !== undefined && START_COMMANDS.includes(text.trim());

/** Tiledesk takes the last `bot_` participant. */
function servingBot(request: Pick<RequestWire, 'participantsBots' | 'status'>): string | undefined {
  if (request.status === REQUEST_STATUS.CLOSED) return undefined;
  return request.participantsBots[request.participantsBots.length - 1];
}

function asksBot(message: MessageWire, botId: string): boolean {
  if (message.sender === `bot_${botId}` || message.sender === botId) return false;
  if (message.sender === 'system' && !isStart(message.text)) return false;
  return !message.text?.includes('\\agent') && !message.text?.includes('\\close');
}

export function turnTriggers(events: DomainEvent[]): TurnTrigger[] {
  const messages = events.filter((e) => e.name === 'message.create').map((e) => e.payload as MessageWire);
  const opened = new Set(messages.filter((m) => m.request).map((m) => m.recipient));
  const openedWithStart = new Set(messages.filter((m) => m.request && isStart(m.text)).map((m) => m.recipient));
  const triggers: TurnTrigger[] = [];
  for (const event of events) {
    if (event.name === 'request.create') {
      const request = event.payload as RequestWire;
      const botId = servingBot(request);
      if (botId && opened.has(request.request_id) && !openedWithStart.has(request.request_id)) {
        triggers.push({ projectId: event.projectId, requestId: request.request_id, botId, kind: 'start' });
      }
    } else if (event.name === 'message.create') {
      const message = event.payload as MessageWire;
      const botId = message.request && servingBot(message.request);
      if (botId && message.channel_type !== 'direct' && asksBot(message, botId)) {
        triggers.push({ projectId: event.projectId, requestId: message.recipient, botId, kind: 'message', message });
      }
    }
  }
  return triggers;
}
