/**
 * Writing one intent: its name, the questions that trigger it (one per line), the answer in the
 * microlanguage with the live preview beside it, and the webhook flag (the bot's webhook writes
 * the answer). Saving is the caller's; the form is disabled meanwhile and keeps what was typed
 * if the server refuses.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { Intent, IntentChanges } from './bots-api';
import { AnswerPreview } from './answer-preview';

export interface IntentDraft {
  intent_display_name: string;
  questions: string;
  answer: string;
  webhook_enabled: boolean;
}

export const draftOf = (intent?: Intent): IntentDraft => ({
  intent_display_name: intent?.intent_display_name ?? '',
  questions: intent?.question ?? '',
  answer: intent?.answer ?? '',
  webhook_enabled: intent?.webhook_enabled ?? false,
});

/** The body of the save: blank lines dropped from the questions; no name lets the server pick one. */
export function changesOf(draft: IntentDraft): IntentChanges {
  const questions = draft.questions
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
  return {
    question: questions,
    answer: draft.answer,
    webhook_enabled: draft.webhook_enabled,
    ...(draft.intent_display_name.trim() && { intent_display_name: draft.intent_display_name.trim() }),
  };
}

export function IntentForm({
  formId,
  initial,
  title,
  onSave,
  onCancel,
}: {
  formId: string;
  initial: IntentDraft;
  title: string;
  /** Resolves when saved; rejects (after saying why) when not. */
  onSave: (draft: IntentDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const set = (field: 'intent_display_name' | 'questions' | 'answer') => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    try {
      await onSave(draft);
    } catch {
      // The caller has said why; the form keeps the draft for another try.
      setSaving(false);
    }
  }

  return (
    <form class="intent-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${formId}-title`}>
      <h4 id={`${formId}-title`}>{title}</h4>
      <fieldset class="intent-grid" disabled={saving}>
        <div class="intent-fields">
          <label>
            {t('bots.intent.name')}
            <input
              maxLength={500}
              value={draft.intent_display_name}
              onInput={set('intent_display_name')}
              placeholder={t('bots.intent.namePlaceholder')}
            />
          </label>
          <div class="field">
            <label for={`${formId}-questions`}>{t('bots.intent.questions')}</label>
            <textarea
              id={`${formId}-questions`}
              rows={3}
              value={draft.questions}
              onInput={set('questions')}
              aria-describedby={`${formId}-qhint`}
            />
            <span id={`${formId}-qhint`} class="muted">
              {t('bots.intent.questionsHint')}
            </span>
          </div>
          <div class="field">
            <label for={`${formId}-answer`}>{t('bots.intent.answer')}</label>
            <textarea
              id={`${formId}-answer`}
              rows={7}
              class="answer-input"
              value={draft.answer}
              onInput={set('answer')}
              aria-describedby={`${formId}-ahint`}
            />
            <span id={`${formId}-ahint`} class="muted">
              {t('bots.intent.answerHint')}
            </span>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.webhook_enabled}
              onChange={(event) => setDraft({ ...draft, webhook_enabled: event.currentTarget.checked })}
            />
            {t('bots.intent.webhook')}
          </label>
        </div>
        <AnswerPreview answer={draft.answer} id={`${formId}-preview`} />
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={saving}>
          {saving ? t('bots.saving') : t('bots.intent.save')}
        </button>
        <button type="button" class="secondary" disabled={saving} onClick={onCancel}>
          {t('bots.cancel')}
        </button>
      </div>
    </form>
  );
}
