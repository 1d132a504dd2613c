/**
 * One message of the history: who wrote it and when (its own time: an imported message keeps the
 * time it was written), and its content by type (text, image, file, frame, buttons). Notices
 * (the system's, or `attributes.subtype` info) are centred and muted. Nothing is shown as HTML.
 */
import { t } from '../i18n/i18n';
import { SafeText, safeHref } from '../../../shared/safe-text';
import { MessageButtons, type Button } from './message-buttons';
import { formatTime, formatFullTime } from './time';
import type { Message } from './types';

export type Author = 'me' | 'agent' | 'bot' | 'visitor';

/** A notice rather than something someone said. */
export function isInfo(message: Message): boolean {
  return message.sender === 'system' || String(message.attributes?.subtype ?? '').startsWith('info');
}

const NOTICES: Record<string, 'conversation.notice.closed' | 'conversation.notice.reopened'> = {
  CHAT_CLOSED: 'conversation.notice.closed',
  CHAT_REOPENED: 'conversation.notice.reopened',
};

function noticeText(message: Message): string {
  const key = (message.attributes?.messagelabel as { key?: unknown } | undefined)?.key;
  const known = typeof key === 'string' ? NOTICES[key] : undefined;
  return known ? t(known) : (message.text ?? '');
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An image from this server is shown; one from elsewhere is linked (the console's CSP loads only its own). */
function Image({ message }: { message: Message }) {
  const href = safeHref(message.metadata?.src);
  const name = textOf(message.metadata?.name) ?? textOf(message.text) ?? t('conversation.image');
  if (!href) return <p class="muted">{t('conversation.imageMissing')}</p>;
  const local = new URL(href).origin === location.origin;
  return (
    <figure class="message-image">
      {local && <img src={href} alt={name} loading="lazy" />}
      <figcaption>
        <a href={href} target="_blank" rel="noopener noreferrer">
          {local ? name : t('conversation.openImage', { name })}
        </a>
      </figcaption>
    </figure>
  );
}

function File({ message }: { message: Message }) {
  const href = safeHref(message.metadata?.src);
  const name = textOf(message.metadata?.name) ?? textOf(message.text) ?? t('conversation.file');
  if (!href) return <p class="muted">{t('conversation.fileMissing')}</p>;
  return (
    <p class="message-file">
      <a href={href} download={name} rel="noopener noreferrer">
        {t('conversation.download', { name })}
      </a>
    </p>
  );
}

/** A frame is a link: an embedded page from anywhere has no place inside the console. */
function Frame({ message }: { message: Message }) {
  const href = safeHref(message.metadata?.src);
  if (!href) return null;
  return (
    <p class="message-frame">
      <a href={href} target="_blank" rel="noopener noreferrer">
        {message.metadata?.type === 'video' ? t('conversation.openVideo') : t('conversation.openFrame')}
      </a>{' '}
      <span class="muted">{new URL(href).host}</span>
    </p>
  );
}

function Content({ message }: { message: Message }) {
  const text = message.type === 'text' || message.type === 'frame' ? message.text : undefined;
  return (
    <>
      {message.type === 'image' && <Image message={message} />}
      {message.type === 'file' && <File message={message} />}
      {message.type === 'frame' && <Frame message={message} />}
      {text && (
        <p class="message-text">
          <SafeText text={text} />
        </p>
      )}
      {!['text', 'image', 'file', 'frame'].includes(message.type) &&
        (message.text ? (
          <p class="message-text">
            <SafeText text={message.text} />
          </p>
        ) : (
          <p class="muted">{t('conversation.unsupported', { type: message.type })}</p>
        ))}
    </>
  );
}

export function MessageItem({
  message,
  author,
  buttons,
  chosen,
}: {
  message: Message;
  author: Author;
  buttons: Button[];
  chosen: Button | undefined;
}) {
  const time = (
    <time dateTime={message.createdAt} title={formatFullTime(message.createdAt)}>
      {formatTime(message.createdAt)}
    </time>
  );
  if (isInfo(message)) {
    return (
      <li class="message message-info">
        <span>{noticeText(message)}</span> · {time}
      </li>
    );
  }
  return (
    <li class={`message message-${author}`}>
      <p class="message-meta">
        <span class="sender">{author === 'me' ? t('conversation.you') : message.senderFullname}</span>
        {author === 'bot' && <span class="badge">{t('conversation.bot')}</span>} · {time}
      </p>
      <Content message={message} />
      {buttons.length > 0 && <MessageButtons buttons={buttons} chosen={chosen} />}
    </li>
  );
}
