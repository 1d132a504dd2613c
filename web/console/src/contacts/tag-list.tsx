/** A contact's tags as chips, optionally each with a button that removes it. */
import { t } from '../i18n/i18n';

export function TagList({
  tags,
  onRemove,
  busy = false,
}: {
  tags: string[];
  onRemove?: (tag: string) => void;
  busy?: boolean;
}) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label={t('contacts.tags')}>
      {tags.map((tag) => (
        <li key={tag} class="tag">
          {tag}
          {onRemove && (
            <button
              type="button"
              class="link"
              disabled={busy}
              aria-label={t('contacts.removeTag', { tag })}
              onClick={() => onRemove(tag)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
