/** A private note in the history: the team's own, marked as such (visitors never receive notes). */
import { t } from '../i18n/i18n';
import { SafeText } from '../../../shared/safe-text';
import { formatFullTime, formatTime } from './time';
import type { Note } from './types';

export function NoteItem({ note, author }: { note: Note; author: string }) {
  return (
    <li class="message message-note">
      <p class="message-meta">
        <span class="badge badge-note">{t('conversation.note')}</span> <span class="sender">{author}</span> ·{' '}
        <time dateTime={note.createdAt} title={formatFullTime(note.createdAt)}>
          {formatTime(note.createdAt)}
        </time>
      </p>
      <p class="message-text">
        <SafeText text={note.text} />
      </p>
    </li>
  );
}
