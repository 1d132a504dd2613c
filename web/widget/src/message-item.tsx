/**
 * One message as the visitor sees it: text (links made safe, never HTML), an image, a file to
 * download, a frame, the bot's buttons; notices ("Chat closed") centred. Nothing is set as HTML.
 */
import { formatTime, t } from './i18n/i18n';
import { MessageButtons, buttonsOf, type Button } from './message-buttons';
import { SafeText, safeHref } from '../../shared/safe-text';
import type { Message } from './types';

const NOTICES: Record<string, 'notice.closed' | 'notice.reopened'> = {
  CHAT_CLOSED: 'notice.closed',
  CHAT_REOPENED: 'notice.reopened',
};

export function labelOf(message: Message): string | undefined {
  const key = (message.attributes?.messagelabel as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}

function isNotice(message: Message): boolean {
  return message.sender === 'system' || String(message.attributes?.subtype ?? '').startsWith('info');
}

/** Agents' notices ("assigned to you") and the visitor's silent button clicks are not shown. */
export function isShown(message: Message, me: string | undefined): boolean {
  if (labelOf(message) === 'TOUCHING_OPERATOR') return false;
  if (message.sender === me && message.attributes?.action && isNotice(message)) return false;
  return true;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function Content({ message }: { message: Message }) {
  const src = safeHref(message.metadata?.src);
  const name = text(message.metadata?.name) ?? text(message.text) ?? t('message.file');
  switch (message.type) {
    case 'image':
      return src ? (
        <figure class="image">
          <a href={src} target="_blank" rel="noopener noreferrer">
            <img src={src} alt={name} loading="lazy" />
          </a>
        </figure>
      ) : null;
    case 'file':
      return src ? (
        <p class="file">
          <a href={src} download={name} rel="noopener noreferrer">
            {t('message.download', { name })}
          </a>
        </p>
      ) : null;
    case 'frame':
      return src ? (
        <iframe
          class="frame"
          src={src}
          title={text(message.text) ?? t('message.frame')}
          sandbox="allow-scripts allow-popups allow-presentation"
        />
      ) : null;
    default:
      return message.text ? (
        <p class="text">
          <SafeText text={message.text} />
        </p>
      ) : null;
  }
}

export function MessageItem({
  message,
  mine,
  onChoose,
}: {
  message: Message;
  mine: boolean;
  onChoose?: (button: Button) => void;
}) {
  const time = <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>;
  if (isNotice(message)) {
    const label = labelOf(message);
    const known = label ? NOTICES[label] : undefined;
    return (
      <li class="notice">
        {known ? t(known) : message.text} · {time}
      </li>
    );
  }
  const buttons = buttonsOf(message);
  return (
    <li class={mine ? 'mine' : 'theirs'}>
      <p class="meta">
        {mine ? t('message.you') : (message.senderFullname ?? t('message.team'))} · {time}
      </p>
      <Content message={message} />
      {buttons.length > 0 && <MessageButtons buttons={buttons} onChoose={onChoose} />}
    </li>
  );
}
