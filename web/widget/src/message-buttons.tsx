/**
 * A bot message's buttons (Tiledesk's `attributes.attachment.buttons`): a text button sends its
 * label, an action button sends its label with `attributes.action` (the intent it runs), a url
 * button opens its address in a new tab. Only the newest message's buttons can be clicked: older
 * ones were answered already.
 */
import { t } from './i18n/i18n';
import { safeHref } from '../../shared/safe-text';
import type { Message } from './types';

export interface Button {
  type: string;
  value: string;
  link?: string;
  action?: string;
  show_echo?: boolean;
}

export function buttonsOf(message: Message): Button[] {
  const attachment = message.attributes?.attachment as { buttons?: unknown } | undefined;
  if (!Array.isArray(attachment?.buttons)) return [];
  return attachment.buttons.filter(
    (button): button is Button => typeof button === 'object' && button !== null && typeof button.value === 'string',
  );
}

export function MessageButtons({
  buttons,
  onChoose,
}: {
  buttons: Button[];
  /** Absent once the buttons were answered. */
  onChoose?: (button: Button) => void;
}) {
  return (
    <ul class="buttons" aria-label={t('message.buttons')}>
      {buttons.map((button, index) => {
        const href = button.type === 'url' ? safeHref(button.link) : undefined;
        return (
          <li key={index}>
            {button.type === 'url' ? (
              href && (
                <a class="button-link" href={href} target="_blank" rel="noopener noreferrer">
                  {button.value} <span aria-hidden="true">↗</span>
                  <span class="visually-hidden"> {t('message.newTab')}</span>
                </a>
              )
            ) : (
              <button type="button" disabled={!onChoose} onClick={() => onChoose?.(button)}>
                {button.value}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
