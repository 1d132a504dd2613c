/**
 * A message's buttons (Tiledesk's `attributes.attachment.buttons`: text, url and action buttons),
 * shown as the visitor saw them, and which one the visitor chose: the visitor's next message
 * repeats a text button's label, or names an action button's action in `attributes.action`.
 * The agent does not click them; a url button is a plain link.
 */
import { t } from '../i18n/i18n';
import { safeHref } from '../../../shared/safe-text';
import type { Message } from './types';

export interface Button {
  type: string;
  value: string;
  link?: string;
  action?: string;
}

export function buttonsOf(message: Message): Button[] {
  const attachment = message.attributes?.attachment as { buttons?: unknown } | undefined;
  if (!Array.isArray(attachment?.buttons)) return [];
  return attachment.buttons.filter(
    (button): button is Button => typeof button === 'object' && button !== null && typeof button.value === 'string',
  );
}

/** The button the visitor's `answer` (their first message after the buttons) chose, if any. */
export function chosenButton(buttons: Button[], answer: Message | undefined): Button | undefined {
  if (!answer) return undefined;
  const action = answer.attributes?.action;
  return buttons.find(
    (button) =>
      (button.type === 'action' && button.action !== undefined && button.action === action) ||
      (button.type !== 'url' && button.value === answer.text),
  );
}

export function MessageButtons({ buttons, chosen }: { buttons: Button[]; chosen: Button | undefined }) {
  return (
    <ul class="message-buttons" aria-label={t('conversation.buttons')}>
      {buttons.map((button, index) => {
        const href = button.type === 'url' ? safeHref(button.link) : undefined;
        const picked = button === chosen;
        return (
          <li key={index} class={picked ? 'chosen' : undefined}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {button.value}
              </a>
            ) : (
              <span>{button.value}</span>
            )}
            {button.type === 'action' && <span class="muted"> · {t('conversation.buttonAction')}</span>}
            {picked && <strong class="chosen-mark"> ✓ {t('conversation.buttonChosen')}</strong>}
          </li>
        );
      })}
    </ul>
  );
}
