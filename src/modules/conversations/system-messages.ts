/**
 * The info messages Tiledesk's concierge bot posts into a conversation (sender "system",
 * shown as "Bot"). Clients recognise them by `attributes.messagelabel.key`.
 */
import type { RequestRow } from '../../platform/db/tables.js';
import type { NewMessage } from './messages.service.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

function system(request: RequestRow, text: string, attributes: Record<string, unknown>): NewMessage {
  return {
    sender: 'system',
    senderFullname: 'Bot',
    recipient: request.request_id,
    text,
    attributes,
    language: request.language ?? undefined,
    createdBy: 'system',
  };
}

export function chatClosed(request: RequestRow): NewMessage {
  return system(request, 'Chat closed', {
    subtype: 'info/support',
    updateconversation: false,
    messagelabel: { key: 'CHAT_CLOSED' },
  });
}

export function chatReopened(request: RequestRow): NewMessage {
  return system(request, 'Chat reopened', {
    subtype: 'info/support',
    updateconversation: false,
    messagelabel: { key: 'CHAT_REOPENED' },
  });
}

/**
 * "A new support request has been assigned to you: <subject or first 30 chars>", sent when
 * agents join a request served by humans (not on creation, not while a bot serves it).
 */
export function assignedToYou(request: RequestRow, members: string[]): NewMessage | undefined {
  const humans = request.participants.length > 0 && !request.participants.some((p) => p.startsWith('bot_'));
  if (request.status !== REQUEST_STATUS.ASSIGNED || !humans || members.length === 0) return undefined;
  const touch = request.subject || request.first_text.replace(/[\n\r]+/g, ' ').substring(0, 30);
  return system(request, `A new support request has been assigned to you: ${touch}`, {
    subtype: 'info',
    updateconversation: true,
    updateconversationfor: members,
    forcenotification: true,
    messagelabel: { key: 'TOUCHING_OPERATOR' },
  });
}
