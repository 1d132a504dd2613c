/**
 * One conversation live: its messages from the messages topic (the history first, then each new
 * one; replayed after a drop from the last one seen) and once over HTTP, whether it is closed (its
 * last notice), and who of the team is typing (the typing topic; a frame not renewed within
 * STALE_MS no longer counts).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from './api';
import { realtime } from './conversations';
import { emit, framed, panelOpen, postUnread } from './embed';
import { labelOf } from './message-item';
import { t } from './i18n/i18n';
import { projectId } from './project';
import type { Frame } from '../../shared/realtime';
import { session } from './session';
import type { Message } from './types';

const STALE_MS = 6000;
/**
 * While the WebSocket has not brought the conversation's state, or is down (a phone changing
 * networks, a proxy that refuses upgrades), the history is read over HTTP every POLL_MS: nothing
 * else would bring the answers then. Once the state has come, the topic's frames bring every
 * change, and a dropped connection resumes from the last one seen.
 */
const POLL_MS = 3000;

interface TypingFrame {
  request_id: string;
  sender: string;
  sender_fullname?: string;
  typing: boolean;
}

export interface LiveConversation {
  messages: Message[];
  closed: boolean;
  /** Someone of the team typing now: their name. */
  typing: string | undefined;
  /** Adds a message the page itself posted (the topic brings it too; kept once by id). */
  add(message: Message): void;
}

function merged(known: Map<string, Message>, incoming: Message | Message[]): Map<string, Message> {
  const next = new Map(known);
  for (const message of Array.isArray(incoming) ? incoming : [incoming]) next.set(message._id, message);
  return next;
}

export function useConversation(requestId: string | undefined): LiveConversation {
  const [byId, setById] = useState(new Map<string, Message>());
  const [typing, setTyping] = useState<{ name: string; until: number }>();
  const [, setTick] = useState(0);
  const socket = realtime.value;

  useEffect(() => {
    setById(new Map());
    setTyping(undefined);
    if (!requestId || !socket || !projectId) return;
    const me = session.value?.userId;
    let unread = 0;
    const path = { project_id: projectId, request_id: requestId };
    const reread = async () => {
      const history = unwrap(
        await api.GET('/{project_id}/requests/{request_id}/messages', {
          params: { path },
        }),
      );
      setById((known) => merged(known, history as unknown as Message[]));
    };
    /** The topic's state came over the WebSocket: from then on its frames bring every change. */
    let live = false;
    const stopMessages = socket.listen(`/${projectId}/requests/${requestId}/messages`, (frame: Frame) => {
      const message = frame.message as Message | Message[];
      if (frame.method === 'CREATE' && Array.isArray(message)) live = true;
      setById((known) => merged(known, message));
      if (frame.method !== 'CREATE' || Array.isArray(message) || message.sender === me) return;
      setTyping(undefined);
      if (message.sender !== 'system') {
        emit('messageReceived', { requestId, text: message.text ?? '', senderFullname: message.senderFullname ?? '' });
      }
      if (labelOf(message) === 'CHAT_CLOSED') emit('conversationClosed', { requestId });
      if (framed && !panelOpen.value) postUnread(++unread, t('launcher.unread', { count: unread }));
    });
    const stopTyping = socket.listen(`/${projectId}/requests/${requestId}/typing`, (frame: Frame) => {
      const sign = frame.message as TypingFrame | undefined;
      if (!sign || Array.isArray(sign) || sign.request_id !== requestId || sign.sender === me) return;
      setTyping(sign.typing ? { name: sign.sender_fullname ?? '', until: Date.now() + STALE_MS } : undefined);
    });
    // The history over HTTP too, at once: the topic's snapshot brings it, unless the WebSocket
    // cannot connect (a proxy that refuses upgrades, a network changing).
    void reread().catch(() => undefined);
    const stopUnread = panelOpen.subscribe((open) => {
      if (open && unread > 0) postUnread((unread = 0));
    });
    const poll = setInterval(() => {
      if (!live || socket.status.value !== 'online') void reread().catch(() => undefined);
    }, POLL_MS);
    return () => {
      clearInterval(poll);
      stopMessages();
      stopTyping();
      stopUnread();
    };
  }, [requestId, socket]);

  // Re-renders when a typing sign goes stale.
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTick((tick) => tick + 1), typing.until - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [typing]);

  const messages = [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const lastLabel = messages
    .map(labelOf)
    .filter((label) => label === 'CHAT_CLOSED' || label === 'CHAT_REOPENED')
    .at(-1);
  return {
    messages,
    closed: lastLabel === 'CHAT_CLOSED',
    typing: typing && typing.until > Date.now() ? typing.name : undefined,
    add: (message) => setById((known) => merged(known, message)),
  };
}
