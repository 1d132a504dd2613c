/** A subscription's event and target URL, to create one or change one. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { SubscriptionDraft } from './webhooks-data';
import { SUGGESTED_EVENTS } from './events';

let formCount = 0;

export function SubscriptionForm({
  initial,
  heading,
  level = 3,
  submitLabel,
  saving,
  onSave,
  onCancel,
}: {
  initial: SubscriptionDraft;
  heading: string;
  /** The heading's level where the form stands. */
  level?: 3 | 4;
  submitLabel: string;
  saving: boolean;
  onSave: (draft: SubscriptionDraft) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [id] = useState(() => `subscription-form-${++formCount}`);
  const Heading = level === 4 ? 'h4' : 'h3';
  const ready = draft.event.trim() !== '' && draft.target.trim() !== '';

  function submit(event: Event) {
    event.preventDefault();
    if (ready) onSave({ event: draft.event.trim(), target: draft.target.trim() });
  }

  return (
    <form class="subscription-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{heading}</Heading>
      <label>
        {t('webhooks.event')}
        <input
          value={draft.event}
          list={`${id}-events`}
          required
          aria-describedby={`${id}-event-hint`}
          onInput={(event) => setDraft({ ...draft, event: event.currentTarget.value })}
        />
      </label>
      <datalist id={`${id}-events`}>
        {SUGGESTED_EVENTS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <p id={`${id}-event-hint`} class="muted">
        {t('webhooks.eventHint')}
      </p>
      <label>
        {t('webhooks.target')}
        <input
          type="url"
          value={draft.target}
          required
          placeholder="https://"
          onInput={(event) => setDraft({ ...draft, target: event.currentTarget.value })}
        />
      </label>
      <div class="actions">
        <button type="submit" disabled={saving || !ready}>
          {saving ? t('webhooks.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="secondary" disabled={saving} onClick={onCancel}>
            {t('webhooks.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
