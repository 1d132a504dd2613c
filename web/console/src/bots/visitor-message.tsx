/**
 * One bot message drawn as the visitor's widget shows it: the text, an image or a frame, the
 * buttons under it (text, link, action), and a note for the commands the visitor does not see
 * (`\agent`, `\close`). Used by the answer preview and by the test chat, which makes the buttons
 * clickable. Images and frames the page may not load (another site) fall back to a link.
 */
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
      {message.text && <p class="bubble">{message.text}</p>}
      {message.media && <Media media={message.media} />}
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

function Media({ media }: { media: AnswerMedia }) {
  const [failed, setFailed] = useState(false);
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
