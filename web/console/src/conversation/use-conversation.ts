/**
 * The live state of one conversation: the request and its whole history, from the API, kept up
 * to date by the realtime topics `/<project>/requests/<id>` and `/<project>/requests/<id>/messages`.
 * The topics are followed before the history is read, so a message sent meanwhile is not lost;
 * messages are kept by id, so a repeat (a replay, the answer to our own post) is shown once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { realtime } from '../realtime/connection';
import type { Frame } from '../realtime/realtime';
import { loadHistory, loadRequest } from './conversation-api';
import { leadOf, type ConversationRequest, type Message } from './types';

export type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready' };

export interface Conversation {
  load: Load;
  request: ConversationRequest | undefined;
  /** Oldest first, in the order the server keeps them (their time, then their id). */
  messages: Message[];
  /** Puts the server's answer in place (an action's updated request). */
  setRequest(request: ConversationRequest): void;
  /** Adds a message the view sent (its realtime frame may come before or after). */
  addMessage(message: Message): void;
}

function byTime(a: Message, b: Message): number {
  return a.createdAt === b.createdAt ? a._id.localeCompare(b._id) : a.createdAt.localeCompare(b.createdAt);
}

/**
 * The next state of the request: an answer that names its lead or department by id only keeps
 * the documents already shown (the visitor panel needs the lead's details).
 */
function merged(previous: ConversationRequest | undefined, next: ConversationRequest): ConversationRequest {
  if (!previous) return next;
  const lead = typeof next.lead === 'string' && leadOf(previous)?._id === next.lead ? previous.lead : next.lead;
  const department =
    typeof next.department === 'string' &&
    typeof previous.department === 'object' &&
    previous.department._id === next.department
      ? previous.department
      : next.department;
  return { ...next, lead, department };
}

export function useConversation(projectId: string, requestId: string): Conversation {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [request, setRequest] = useState<ConversationRequest | undefined>();
  const [messages, setMessages] = useState<Message[]>([]);
  const known = useRef(new Map<string, Message>());

  function publish() {
    setMessages([...known.current.values()].sort(byTime));
  }

  function update(next: ConversationRequest) {
    setRequest((previous) => merged(previous, next));
  }

  function addMessage(message: Message) {
    known.current.set(message._id, message);
    publish();
  }

  useEffect(() => {
    known.current = new Map();
    setLoad({ state: 'loading' });
    setRequest(undefined);
    setMessages([]);
    let current = true;
    const connection = realtime();
    const stopMessages = connection.listen(`/${projectId}/requests/${requestId}/messages`, (frame: Frame) => {
      // The first frame is the oldest messages (the history comes from the API); a later one is new.
      const received = (Array.isArray(frame.message) ? frame.message : [frame.message]) as Message[];
      for (const message of received) {
        // A snapshot may carry a message without its attributes (`partial`): keep the full one.
        if (!Array.isArray(frame.message) || !known.current.has(message._id)) known.current.set(message._id, message);
      }
      publish();
    });
    const stopRequest = connection.listen(`/${projectId}/requests/${requestId}`, (frame: Frame) => {
      const next = frame.message as ConversationRequest | undefined;
      if (next && typeof next === 'object' && next.request_id === requestId) update(next);
    });
    Promise.all([loadRequest({ projectId, requestId }), loadHistory({ projectId, requestId })])
      .then(([loaded, history]) => {
        if (!current) return;
        setRequest((live) => live ?? loaded);
        for (const message of history) known.current.set(message._id, message);
        publish();
        setLoad({ state: 'ready' });
      })
      .catch((error: unknown) => current && setLoad({ state: 'error', error }));
    return () => {
      current = false;
      stopMessages();
      stopRequest();
    };
  }, [projectId, requestId]);

  return { load, request, messages, setRequest: update, addMessage };
}
