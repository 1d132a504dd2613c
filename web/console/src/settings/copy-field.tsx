/**
 * Text to copy (the embed snippet, a new secret): shown in a read-only field, selectable by hand,
 * with a Copy button. When the browser refuses to copy, the text is left selected and the notice
 * says to press Ctrl+C.
 */
import { useRef } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notify } from '../ui/toasts';
import { copyText } from './clipboard';

export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  async function copy() {
    const copied = await copyText(value, field.current);
    notify(copied ? 'success' : 'info', copied ? t('settings.copied') : t('settings.copyByHand'));
  }

  return (
    <div class="copy-field">
      <label>
        {label}
        {multiline ? (
          <textarea ref={field} readOnly rows={2} value={value} spellcheck={false} />
        ) : (
          <input ref={field} readOnly value={value} spellcheck={false} />
        )}
      </label>
      <button type="button" class="secondary" onClick={() => void copy()}>
        {t('settings.copy')}
      </button>
    </div>
  );
}
