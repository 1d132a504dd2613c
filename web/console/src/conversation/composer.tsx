/**
 * Writing to the visitor: Enter sends, Shift+Enter starts a new line, `/` opens the canned
 * responses (arrows move, Enter picks, Esc closes), a file goes as an image or file message, and
 * the "Private note" switch keeps what is written for the team (a note on the request). What was
 * written stays in the box when sending fails.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { session } from '../session';
import { notify, messageOf } from '../ui/toasts';
import { addNote, sendMessage } from './conversation-api';
import { upload } from './attachments';
import { fillPlaceholders, filterCanned, loadCanned, slashQueryAt, type Canned } from './canned';
import { CannedList, CANNED_LIST_ID, cannedOptionId } from './canned-list';
import type { Typing } from './use-typing';
import { leadOf, type ConversationRequest, type Message } from './types';

export const COMPOSER_ID = 'conversation-composer';

interface Props {
  projectId: string;
  request: ConversationRequest;
  typing: Typing;
  onSent(message: Message): void;
  onRequest(request: ConversationRequest): void;
}

export function Composer({ projectId, request, typing, onSent, onRequest }: Props) {
  const ids = { projectId, requestId: request.request_id };
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [busy, setBusy] = useState<'' | 'sending' | 'uploading'>('');
  const [canned, setCanned] = useState<Canned[] | undefined>();
  const [slash, setSlash] = useState<{ start: number; query: string } | undefined>();
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);

  const matches = slash && canned ? filterCanned(canned, slash.query).slice(0, 8) : [];

  useEffect(() => {
    if (!slash || canned) return;
    loadCanned(projectId)
      .then(setCanned)
      .catch((failure: unknown) => {
        setCanned([]);
        notify('error', t('conversation.canned.failed', { message: messageOf(failure) }));
      });
  }, [slash !== undefined]);

  function onInput(value: string, caret: number) {
    setText(value);
    setSlash(slashQueryAt(value, caret));
    setActive(0);
    if (!note) typing.changed(value);
  }

  function pick(choice: Canned) {
    if (!slash) return;
    const lead = leadOf(request);
    const user = session.value?.user;
    const filled = fillPlaceholders(choice.text, {
      recipient: { name: lead?.fullname, email: lead?.email },
      agentName: [user?.firstname, user?.lastname].filter(Boolean).join(' ') || (user?.email ?? ''),
      website: request.sourcePage,
    });
    const end = slash.start + 1 + slash.query.length;
    const next = text.slice(0, slash.start) + filled + text.slice(end);
    setText(next);
    setSlash(undefined);
    const caret = slash.start + filled.length;
    requestAnimationFrame(() => box.current?.setSelectionRange(caret, caret));
  }

  async function send() {
    const body = text.trim();
    if (!body || busy) return;
    setBusy('sending');
    typing.stopped();
    try {
      if (note) onRequest(await addNote(ids, body));
      else onSent(await sendMessage(ids, { text: body }));
      setText('');
    } catch (failure) {
      notify('error', t(note ? 'conversation.noteFailed' : 'conversation.sendFailed', { message: messageOf(failure) }));
    } finally {
      setBusy('');
      box.current?.focus();
    }
  }

  async function attach(chosen: File | undefined) {
    if (!chosen) return;
    setBusy('uploading');
    try {
      const attachment = await upload(projectId, chosen);
      onSent(await sendMessage(ids, attachment));
    } catch (failure) {
      notify('error', t('conversation.attachFailed', { name: chosen.name, message: messageOf(failure) }));
    } finally {
      setBusy('');
      if (file.current) file.current.value = '';
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const open = slash !== undefined;
    if (open && event.key === 'Escape') {
      event.preventDefault();
      setSlash(undefined);
      return;
    }
    if (open && matches.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + matches.length) % matches.length);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const choice = open ? matches[active] : undefined;
      if (choice) pick(choice);
      else void send();
    }
  }

  const open = slash !== undefined;
  return (
    <form
      class={`composer${note ? ' composer-note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {open && <CannedList items={matches} active={active} loading={!canned} onPick={pick} />}
      <label for={COMPOSER_ID} class="composer-label">
        {note ? t('conversation.composer.noteLabel') : t('conversation.composer.label')}
      </label>
      <textarea
        id={COMPOSER_ID}
        ref={box}
        rows={3}
        value={text}
        placeholder={note ? t('conversation.composer.notePlaceholder') : t('conversation.composer.placeholder')}
        aria-keyshortcuts="Alt+R"
        aria-describedby="conversation-composer-hint"
        aria-controls={open ? CANNED_LIST_ID : undefined}
        aria-activedescendant={open && matches[active] ? cannedOptionId(active) : undefined}
        onInput={(event) => onInput(event.currentTarget.value, event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => typing.stopped()}
      />
      <div class="composer-tools">
        <label class="switch">
          <input
            type="checkbox"
            checked={note}
            onChange={(event) => {
              // A note is for the team: the visitor is not told someone is typing it.
              if (event.currentTarget.checked) typing.stopped();
              setNote(event.currentTarget.checked);
            }}
          />{' '}
          {t('conversation.composer.note')}
        </label>
        <label class={`button secondary${note || busy ? ' disabled' : ''}`}>
          {busy === 'uploading' ? t('conversation.composer.uploading') : t('conversation.composer.attach')}
          <input
            ref={file}
            type="file"
            class="visually-hidden"
            disabled={note || busy !== ''}
            onChange={(event) => void attach(event.currentTarget.files?.[0])}
          />
        </label>
        <span class="spacer" />
        <button type="submit" disabled={busy !== '' || text.trim() === ''}>
          {note ? t('conversation.composer.addNote') : t('conversation.composer.send')}
        </button>
      </div>
      <p id="conversation-composer-hint" class="muted">
        {t('conversation.composer.hint')}
      </p>
    </form>
  );
}
