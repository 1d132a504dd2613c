/**
 * The history: messages and the team's private notes in one list, oldest at the top. The newest
 * page is shown first; older pages appear as the agent scrolls up (or presses "Earlier
 * messages"), keeping what was on screen in place. A new message scrolls into view when the
 * agent was reading the end, never when they were reading further up.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { session } from '../session';
import { MessageItem, isInfo, type Author } from './message-item';
import { buttonsOf, chosenButton } from './message-buttons';
import { NoteItem } from './note-item';
import { nameOf, type Team } from './team';
import type { Message, Note } from './types';

const PAGE = 50;

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

function authorOf(message: Message, team: Team | undefined): Author {
  if (message.sender === session.value?.user.id) return 'me';
  if (message.sender.startsWith('bot_')) return 'bot';
  return team?.agents.some((agent) => agent.id === message.sender) ? 'agent' : 'visitor';
}

export function Timeline({ messages, notes, team }: { messages: Message[]; notes: Note[]; team: Team | undefined }) {
  const [shown, setShown] = useState(PAGE);
  const list = useRef<HTMLDivElement>(null);
  /** Where the agent was: at the end (follow new messages), or this far from the end. */
  const anchor = useRef<{ atEnd: boolean; fromEnd: number }>({ atEnd: true, fromEnd: 0 });

  const entries: Entry[] = [
    ...messages.map((message) => ({ kind: 'message' as const, at: message.createdAt, message })),
    ...notes.map((note) => ({ kind: 'note' as const, at: note.createdAt, note })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const visible = entries.slice(-shown);
  const hidden = entries.length - visible.length;

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    element.scrollTop = anchor.current.atEnd
      ? element.scrollHeight
      : element.scrollHeight - element.clientHeight - anchor.current.fromEnd;
  }, [visible.length, entries.at(-1)?.at]);

  function remember() {
    const element = list.current;
    if (!element) return;
    const fromEnd = element.scrollHeight - element.clientHeight - element.scrollTop;
    anchor.current = { atEnd: fromEnd < 40, fromEnd };
    if (element.scrollTop < 40 && hidden > 0) setShown((count) => count + PAGE);
  }

  function showOlder() {
    remember();
    setShown((count) => count + PAGE);
  }

  /** The visitor's first message after `index`: the answer to buttons. */
  function answerAfter(index: number): Message | undefined {
    for (const entry of visible.slice(index + 1)) {
      if (entry.kind === 'message' && !isInfo(entry.message) && authorOf(entry.message, team) === 'visitor') {
        return entry.message;
      }
    }
    return undefined;
  }

  return (
    <div class="timeline" ref={list} onScroll={remember} tabIndex={0} role="log" aria-label={t('conversation.history')}>
      {hidden > 0 && (
        <p class="older">
          <button type="button" class="secondary" onClick={showOlder}>
            {t('conversation.older', { count: hidden })}
          </button>
        </p>
      )}
      {entries.length === 0 && <p class="state">{t('conversation.noMessages')}</p>}
      <ol class="messages">
        {visible.map((entry, index) => {
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
