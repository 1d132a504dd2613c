/** The canned responses matching the composer's `/query`: a listbox the arrow keys move through. */
import { t } from '../i18n/i18n';
import type { Canned } from './canned';

export const CANNED_LIST_ID = 'conversation-canned';
export const cannedOptionId = (index: number) => `conversation-canned-${index}`;

export function CannedList({
  items,
  active,
  loading,
  onPick,
}: {
  items: Canned[];
  active: number;
  loading: boolean;
  onPick(canned: Canned): void;
}) {
  return (
    <div class="canned-picker">
      {items.length > 0 && (
        <ul id={CANNED_LIST_ID} role="listbox" aria-label={t('conversation.canned.label')}>
          {items.map((canned, index) => (
            <li
              key={canned.id}
              id={cannedOptionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps the focus in the composer.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onPick(canned)}
            >
              <strong>{canned.title || t('conversation.canned.untitled')}</strong>
              <span class="muted">{canned.text}</span>
            </li>
          ))}
        </ul>
      )}
      {items.length === 0 && (
        <p class="muted" role="status">
          {loading ? t('status.loading') : t('conversation.canned.none')}
        </p>
      )}
    </div>
  );
}
