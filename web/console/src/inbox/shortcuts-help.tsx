/** The keyboard shortcuts, behind a button (and `?`), so they can be found without a manual. */
import { t } from '../i18n/i18n';

const SHORTCUTS = [
  ['j / ↓', 'inbox.keys.next'],
  ['k / ↑', 'inbox.keys.previous'],
  ['Enter', 'inbox.keys.open'],
  ['/', 'inbox.keys.search'],
  ['?', 'inbox.keys.help'],
] as const;

/** The button (for the header) and, when shown, the list of shortcuts (on a line of its own). */
export function ShortcutsHelp({ shown, onToggle }: { shown: boolean; onToggle: () => void }) {
  return (
    <>
      <button type="button" class="inbox-secondary" aria-expanded={shown} onClick={onToggle}>
        {t('inbox.keys.title')} <kbd>?</kbd>
      </button>
      {shown && (
        <dl class="inbox-shortcuts">
          {SHORTCUTS.map(([keys, label]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
