/**
 * The history: messages and the team's private notes in one list, oldest at the top. The newest
 * page is shown first; older pages are read from the server as the agent scrolls to the top (or
 * presses "Earlier messages") and put above, keeping what was on screen in place. A new message
 * scrolls into view when the agent was reading the end, never when they were reading further up.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { session } from '../session';
import { MessageItem, isInfo, type Author } from './message-item';
import { buttonsOf, chosenButton } from './message-buttons';
import { NoteItem } from './note-item';
import { nameOf, type Team } from './team';
import type { OlderMessages } from './use-conversation';
import type { Message, Note } from './types';

/**
 * How close to an edge (px) counts as being at it: at the top an older page is read, at the end
 * new messages are followed.
 */
const NEAR_EDGE = 40;

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

function authorOf(message: Message, team: Team | undefined): Author {
  if (message.sender === session.value?.user.id) return 'me';
  if (message.sender.startsWith('bot_')) return 'bot';
  return team?.agents.some((agent) => agent.id === message.sender) ? 'agent' : 'visitor';
}

export function Timeline({
  messages,
  notes,
  team,
  older,
}: {
  messages: Message[];
  notes: Note[];
  team: Team | undefined;
  older: OlderMessages;
}) {
  const list = useRef<HTMLDivElement>(null);
  /** Where the agent was: at the end (follow new messages), or this far from the end. */
  const anchor = useRef<{ atEnd: boolean; fromEnd: number }>({ atEnd: true, fromEnd: 0 });
  /** Whether the agent used the "Earlier messages" button (then its focus is looked after). */
  const pressed = useRef(false);

  // While older messages are unread, a note older than the first message shown waits with them.
  const from = older.more ? messages[0]?.createdAt : undefined;
  const entries: Entry[] = [
    ...messages.map((message) => ({ kind: 'message' as const, at: message.createdAt, message })),
    ...notes
      .filter((note) => !from || note.createdAt >= from)
      .map((note) => ({ kind: 'note' as const, at: note.createdAt, note })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    element.scrollTop = anchor.current.atEnd
      ? element.scrollHeight
      : element.scrollHeight - element.clientHeight - anchor.current.fromEnd;
    // The button goes away at the start: the keyboard stays in the history, not back at the page's top.
    if (!older.more && document.activeElement === document.body && pressed.current) element.focus();
  }, [entries.length, entries.at(-1)?.at, older.loading, older.more]);

  function remember() {
    const element = list.current;
    if (!element) return;
    const fromEnd = element.scrollHeight - element.clientHeight - element.scrollTop;
    anchor.current = { atEnd: fromEnd < NEAR_EDGE, fromEnd };
  }

  function onScroll() {
    remember();
    const element = list.current;
    if (element && element.scrollTop < NEAR_EDGE && older.more && !older.failed) older.load();
  }

  function showOlder() {
    remember();
    pressed.current = true;
    older.load();
  }

  /** The visitor's first message after `index`: the answer to buttons. */
  function answerAfter(index: number): Message | undefined {
    for (const entry of entries.slice(index + 1)) {
      if (entry.kind === 'message' && !isInfo(entry.message) && authorOf(entry.message, team) === 'visitor') {
        return entry.message;
      }
    }
    return undefined;
  }

  return (
    <div
      class="timeline"
      ref={list}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-label={t('conversation.history')}
      aria-busy={older.loading}
    >
      {older.more && (
        // One button throughout, so that its focus survives the reading; it says when it reads.
        <p class="older">
          <button type="button" class="secondary" aria-disabled={older.loading} onClick={showOlder}>
            {older.loading ? t('conversation.loadingOlder') : t('conversation.older')}
          </button>
        </p>
      )}
      {!older.more && entries.length > 0 && <p class="history-start">{t('conversation.historyStart')}</p>}
      {entries.length === 0 && <p class="state">{t('conversation.noMessages')}</p>}
      <ol class="messages">
        {entries.map((entry, index) => {
          if (entry.kind === 'note') {
            return (
              <NoteItem key={`note-${entry.note._id}`} note={entry.note} author={nameOf(team, entry.note.createdBy)} />
            );
          }
          const buttons = buttonsOf(entry.message);
          return (
            <MessageItem
              key={entry.message._id}
              message={entry.message}
              author={authorOf(entry.message, team)}
              buttons={buttons}
              chosen={buttons.length > 0 ? chosenButton(buttons, answerAfter(index)) : undefined}
            />
          );
        })}
      </ol>
    </div>
  );
}
