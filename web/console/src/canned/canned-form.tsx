/**
 * A canned response's form, to create one or edit one: title, text, shared with the team or
 * private, and buttons that insert a placeholder where the cursor is.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { CannedDraft } from './canned-data';
import { insertAt, PLACEHOLDERS } from './placeholders';

let formCount = 0;

export function CannedForm({
  initial,
  saving,
  heading,
  onSave,
  onCancel,
}: {
  initial: CannedDraft;
  saving: boolean;
  heading: string;
  onSave: (draft: CannedDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [id] = useState(() => `canned-form-${++formCount}`);
  const textArea = useRef<HTMLTextAreaElement>(null);

  function insert(value: string) {
    const area = textArea.current;
    const start = area?.selectionStart ?? draft.text.length;
    const end = area?.selectionEnd ?? draft.text.length;
    const next = insertAt(draft.text, start, end, value);
    setDraft({ ...draft, text: next.text });
    // After the render that shows the new text.
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.caret, next.caret);
    });
  }

  function submit(event: Event) {
    event.preventDefault();
    if (!draft.text.trim()) return;
    onSave({ ...draft, title: draft.title.trim(), text: draft.text.trim() });
  }

  return (
    <form class="card canned-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{heading}</h3>
      <label>
        {t('canned.titleLabel')}
        <input value={draft.title} onInput={(event) => setDraft({ ...draft, title: event.currentTarget.value })} />
      </label>
      <label>
        {t('canned.textLabel')}
        <textarea
          ref={textArea}
          rows={4}
          required
          value={draft.text}
          onInput={(event) => setDraft({ ...draft, text: event.currentTarget.value })}
        />
      </label>
      <div class="placeholders" role="group" aria-labelledby={`${id}-placeholders`}>
        <p id={`${id}-placeholders`} class="muted">
          {t('canned.placeholders')}
        </p>
        <ul class="plain">
          {PLACEHOLDERS.map((placeholder) => (
            <li key={placeholder.value}>
              <button
                type="button"
                class="secondary"
                aria-label={t('canned.insert', { placeholder: placeholder.value })}
                onClick={() => insert(placeholder.value)}
              >
                {placeholder.value}
              </button>{' '}
              <span class="muted">{t(placeholder.description)}</span>
            </li>
          ))}
        </ul>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={draft.shared}
          onChange={(event) => setDraft({ ...draft, shared: event.currentTarget.checked })}
        />
        {t('canned.sharedLabel')}
      </label>
      <div class="actions">
        <button type="submit" disabled={saving || !draft.text.trim()}>
          {saving ? t('canned.saving') : t('canned.save')}
        </button>
        <button type="button" class="secondary" disabled={saving} onClick={onCancel}>
          {t('canned.cancel')}
        </button>
      </div>
    </form>
  );
}
