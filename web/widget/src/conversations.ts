/**
 * The visitor's conversations: the list (`GET /:project_id/requests/me`, open and closed), the one
 * on screen (kept, so a reload or another tab shows the same), and the one WebSocket that carries
 * their messages and the agents' typing.
 */
import { computed, signal } from '@preact/signals';
import { api, unwrap } from './api';
import { projectId } from './project';
import { Realtime } from '../../shared/realtime';
import { session } from './session';
import { onStoredChange, readStored, removeStored, writeStored } from './storage';
import type { Conversation } from './types';

const CURRENT_KEY = `parley.widget.${projectId ?? 'none'}.current`;

/** The conversation on screen; undefined: the home screen (or a new conversation, see `composing`). */
export const currentRequestId = signal<string | undefined>(readStored<string>(CURRENT_KEY));
onStoredChange(CURRENT_KEY, () => (currentRequestId.value = readStored<string>(CURRENT_KEY)));

/** The visitor chose "new conversation": the composer of a conversation not started yet. */
export const composing = signal(false);

export const conversations = signal<Conversation[] | undefined>(undefined);

export function showConversation(requestId: string | undefined): void {
  currentRequestId.value = requestId;
  composing.value = false;
  if (requestId) writeStored(CURRENT_KEY, requestId);
  else removeStored(CURRENT_KEY);
}

export function startNewConversation(): void {
  showConversation(undefined);
  composing.value = true;
}

export async function loadConversations(): Promise<void> {
  if (!projectId || !session.value) {
    conversations.value = [];
    return;
  }
  const page = unwrap(
    await api.GET('/{project_id}/requests/me', {
      params: { path: { project_id: projectId }, query: { status: 'all', limit: 50 } },
    }),
  );
  conversations.value = page.requests.map((request) => ({
    requestId: request.request_id,
    firstText: request.first_text,
    lastAt: request.last_message_at ?? request.updatedAt,
    closed: request.status >= 1000,
    ...(request.rating !== undefined && { rating: request.rating }),
  }));
}

let socket: { token: string; realtime: Realtime } | undefined;

/** The WebSocket of the signed-in visitor (a new one when the visitor changed). */
export const realtime = computed(() => {
  const token = session.value?.token;
  if (socket && socket.token !== token) {
    socket.realtime.close();
    socket = undefined;
  }
  if (token && !socket) socket = { token, realtime: new Realtime(token) };
  return socket?.realtime;
});
