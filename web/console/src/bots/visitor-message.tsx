/**
 * One bot message drawn as the visitor's widget shows it: the text, an image or a frame, the
 * buttons under it (text, link, action), and a note for the commands the visitor does not see
 * (`\agent`, `\close`). Used by the answer preview and by the test chat, which makes the buttons
 * clickable. Images and frames the page may not load (another site) fall back to a link.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { AnswerButton, AnswerMedia } from './answer-microlanguage';

export interface VisitorMessage {
  text?: string;
  media?: AnswerMedia;
  buttons: AnswerButton[];
  /** `\agent` / `\close`: what the server does with the conversation. */
  command?: 'agent' | 'close';
  /** `\webhook`: the answer comes from the bot's webhook (the preview says so). */
  webhook?: string | true;
}

export function VisitorMessageView({
  message,
  onButton,
}: {
  message: VisitorMessage;
  /** Present in the test chat: a text or action button sends its click. */
  onButton?: (button: AnswerButton) => void;
}) {
  return (
    <div class="visitor-message">
      {message.command && (
        <p class="command-note">{t(message.command === 'agent' ? 'bots.preview.agent' : 'bots.preview.close')}</p>
      )}
      {message.webhook && (
        <p class="command-note">
          {message.webhook === true ? t('bots.preview.webhook') : t('bots.preview.webhookAt', { url: message.webhook })}
        </p>
      )}
      {message.text && (
        <p class="bubble">
          <TextWithLinks text={message.text} />
        </p>
      )}
      {message.media && <Media key={message.media.src} media={message.media} />}
      {message.buttons.length > 0 && (
        <ul class="answer-buttons" aria-label={t('bots.preview.buttons')}>
          {message.buttons.map((button, index) => (
            <li key={index}>
              <ButtonView button={button} onButton={onButton} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Markdown links (`[label](https://...)`) and bare addresses are links, as the widget shows them. */
const LINKS = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s)]+)/g;

function TextWithLinks({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(LINKS)) {
    parts.push(text.slice(last, match.index));
    const href = match[2] ?? match[3] ?? '';
    parts.push(
      <a key={match.index} href={href} target="_blank" rel="noopener noreferrer">
        {match[1] ?? href}
      </a>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

function ButtonView({ button, onButton }: { button: AnswerButton; onButton?: (button: AnswerButton) => void }) {
  const kind = t(`bots.button.${button.kind}`);
  if (button.kind === 'link') {
    return (
      <a
        class="answer-button answer-button-link"
        href={button.link}
        target="_blank"
        rel="noopener noreferrer"
        title={`${kind}: ${button.link ?? ''}`}
      >
        {button.label} <span aria-hidden="true">↗</span>
      </a>
    );
  }
  const title = button.kind === 'action' ? `${kind}: ${button.action ?? ''}` : kind;
  if (!onButton) {
    return (
      <span class={`answer-button answer-button-${button.kind}`} title={title}>
        {button.label}
      </span>
    );
  }
  return (
    <button
      type="button"
      class={`answer-button answer-button-${button.kind}`}
      title={title}
      onClick={() => onButton(button)}
    >
      {button.label}
    </button>
  );
}

/**
 * The console's Content-Security-Policy loads images and frames from its own origin only (helmet's
 * defaults: `img-src 'self' data:`, frames under `default-src 'self'`); anything else would be
 * blocked, with an error in the browser's console, so it is not even tried.
 */
function loadableHere(src: string): boolean {
  try {
    return new URL(src, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

function Media({ media }: { media: AnswerMedia }) {
  const [failed, setFailed] = useState(!loadableHere(media.src));
  // Sizes from the answer, scaled down to the panel by the stylesheet (max-width).
  const size = { ...(media.width && { width: media.width }), ...(media.height && { height: media.height }) };
  if (failed) {
    return (
      <p class="media-fallback">
        {t(media.kind === 'image' ? 'bots.preview.imageNotShown' : 'bots.preview.frameNotShown')}{' '}
        <a href={media.src} target="_blank" rel="noopener noreferrer">
          {media.src}
        </a>
      </p>
    );
  }
  if (media.kind === 'image') {
    return (
      <img
        class="answer-image"
        src={media.src}
        alt={t('bots.preview.image')}
        {...size}
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <iframe
      class="answer-frame"
      src={media.src}
      title={t(media.video ? 'bots.preview.video' : 'bots.preview.frame')}
      sandbox="allow-scripts allow-popups allow-presentation"
      {...size}
      onError={() => setFailed(true)}
    />
  );
}
