/**
 * The live state of one conversation: the request and the newest page of its history, from the
 * API, kept up to date by the realtime topics `/<project>/requests/<id>` and
 * `/<project>/requests/<id>/messages`; older pages are read on demand (`older.load()`). The topics
 * are followed before the history is read, so a message sent meanwhile is not lost; messages are
 * kept by id, so a repeat (a replay, the answer to our own post) is shown once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { realtime } from '../realtime/connection';
import type { Frame } from '../../../shared/realtime';
import { notify, messageOf } from '../ui/toasts';
import { loadHistoryPage, loadRequest } from './conversation-api';
import { leadOf, type ConversationRequest, type Message } from './types';

export type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready' };

/** The part of the history not read yet: `more` until its first message is shown. */
export interface OlderMessages {
  more: boolean;
  loading: boolean;
  /** The last read failed: scrolling does not retry it (toast after toast), the button does. */
  failed: boolean;
  /** Reads the page before the oldest message shown (nothing while one is being read or at the start). */
  load(): void;
}

export interface Conversation {
  load: Load;
  request: ConversationRequest | undefined;
  /** Oldest first, in the order the server keeps them (their time, then their id). */
  messages: Message[];
  older: OlderMessages;
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
  const [older, setOlder] = useState({ more: false, loading: false, failed: false });
  const known = useRef(new Map<string, Message>());
  /** The cursor of the page before the oldest one read; undefined at the start of the history. */
  const previous = useRef<string | undefined>(undefined);
  /**
   * The oldest message shown: the first one read from the API while older ones exist, 'all' once
   * the start is read, 'none' before the first page. The realtime snapshot is the history's
   * oldest messages, which must not show above a gap.
   */
  const floor = useRef<Message | 'all' | 'none'>('none');
  /** Whether an older page is being read (a ref: scroll events come faster than renders). */
  const reading = useRef(false);
  /** Counts the conversations opened, so that a late answer for a previous one is dropped. */
  const generation = useRef(0);

  function publish() {
    const from = floor.current;
    if (from === 'none') return setMessages([]);
    setMessages([...known.current.values()].filter((m) => from === 'all' || byTime(m, from) >= 0).sort(byTime));
  }

  function update(next: ConversationRequest) {
    setRequest((previous) => merged(previous, next));
  }

  function addMessage(message: Message) {
    known.current.set(message._id, message);
    publish();
  }

  /** Takes in a page from the API (its messages are complete: they replace any partial copy). */
  function receive(page: { messages: Message[]; previous?: string }) {
    for (const message of page.messages) known.current.set(message._id, message);
    previous.current = page.previous;
    floor.current = page.previous && page.messages[0] ? page.messages[0] : 'all';
    setOlder({ more: page.previous !== undefined, loading: false, failed: false });
    publish();
  }

  function loadOlder() {
    const before = previous.current;
    if (!before || reading.current) return;
    const ours = generation.current;
    reading.current = true;
    setOlder({ more: true, loading: true, failed: false });
    loadHistoryPage({ projectId, requestId }, before).then(
      (page) => {
        if (ours !== generation.current) return;
        reading.current = false;
        receive(page);
      },
      (error: unknown) => {
        if (ours !== generation.current) return;
        reading.current = false;
        setOlder({ more: true, loading: false, failed: true });
        notify('error', messageOf(error));
      },
    );
  }

  useEffect(() => {
    const ours = ++generation.current;
    known.current = new Map();
    previous.current = undefined;
    floor.current = 'none';
    reading.current = false;
    setLoad({ state: 'loading' });
    setRequest(undefined);
    setMessages([]);
    setOlder({ more: false, loading: false, failed: false });
    const connection = realtime();
    const stopMessages = connection.listen(`/${projectId}/requests/${requestId}/messages`, (frame: Frame) => {
      // A list is the topic's snapshot (the oldest messages: shown once the pages reach them); one
      // message is a new one.
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
    Promise.all([loadRequest({ projectId, requestId }), loadHistoryPage({ projectId, requestId })])
      .then(([loaded, page]) => {
        if (ours !== generation.current) return;
        setRequest((live) => live ?? loaded);
        receive(page);
        setLoad({ state: 'ready' });
      })
      .catch((error: unknown) => ours === generation.current && setLoad({ state: 'error', error }));
    return () => {
      generation.current++;
      stopMessages();
      stopRequest();
    };
  }, [projectId, requestId]);

  return {
    load,
    request,
    messages,
    older: { ...older, load: loadOlder },
    setRequest: update,
    addMessage,
  };
}
