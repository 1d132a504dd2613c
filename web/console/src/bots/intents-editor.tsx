/**
 * An internal bot's intents: each with its questions, the start of its answer and its webhook
 * flag; adding, editing (the intent form, with the live preview) and deleting (after a question).
 * The list changes only with the server's answer, so a refused save leaves it as it was.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import { createIntent, deleteIntent, updateIntent, type Intent } from './bots-api';
import { changesOf, draftOf, IntentForm, type IntentDraft } from './intent-form';
import { parseAnswer } from './answer-microlanguage';
import { ConfirmDialog } from './confirm-dialog';

/** What the visitor reads first of an answer, on one line. */
function answerSummary(answer: string | undefined): string {
  const parsed = parseAnswer(answer ?? '');
  const text = parsed.text.replace(/\s+/g, ' ').trim();
  const extras = [
    parsed.media && t(parsed.media.kind === 'image' ? 'bots.summary.image' : 'bots.summary.frame'),
    parsed.buttons.length > 0 && t('bots.summary.buttons', { count: parsed.buttons.length }),
    parsed.command && t(parsed.command === 'agent' ? 'bots.summary.agent' : 'bots.summary.close'),
  ].filter(Boolean);
  return [text.length > 120 ? `${text.slice(0, 117)}…` : text, ...extras].filter(Boolean).join(' · ');
}

export function IntentsEditor({
  projectId,
  botId,
  intents,
  onChange,
}: {
  projectId: string;
  botId: string;
  intents: Intent[];
  onChange: (intents: Intent[]) => void;
}) {
  /** The intent being edited (`new` for one being added). */
  const [editing, setEditing] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Intent | undefined>();

  async function saveNew(draft: IntentDraft) {
    try {
      const created = await createIntent(projectId, botId, changesOf(draft));
      onChange([...intents, created]);
      setEditing(undefined);
      notify('success', t('bots.intent.created', { name: created.intent_display_name }));
    } catch (failure) {
      notify('error', t('bots.intent.saveFailed', { message: messageOf(failure) }));
      throw failure;
    }
  }

  async function saveEdit(intent: Intent, draft: IntentDraft) {
    try {
      const saved = await updateIntent(projectId, botId, intent._id, changesOf(draft));
      onChange(intents.map((other) => (other._id === saved._id ? saved : other)));
      setEditing(undefined);
      notify('success', t('bots.intent.saved', { name: saved.intent_display_name }));
    } catch (failure) {
      notify('error', t('bots.intent.saveFailed', { message: messageOf(failure) }));
      throw failure;
    }
  }

  async function remove(intent: Intent) {
    setDeleting(undefined);
    const before = intents;
    onChange(intents.filter((other) => other._id !== intent._id));
    try {
      await deleteIntent(projectId, botId, intent._id);
      notify('success', t('bots.intent.deleted', { name: intent.intent_display_name }));
    } catch (failure) {
      onChange(before);
      notify('error', t('bots.intent.deleteFailed', { message: messageOf(failure) }));
    }
  }

  return (
    <section class="card intents" aria-labelledby="intents-title">
      <header class="page-head">
        <h3 id="intents-title">{t('bots.intents.title', { count: intents.length })}</h3>
        <button type="button" disabled={editing === 'new'} onClick={() => setEditing('new')}>
          {t('bots.intent.add')}
        </button>
      </header>
      {editing === 'new' && (
        <IntentForm
          formId="intent-new"
          title={t('bots.intent.newTitle')}
          initial={draftOf()}
          onSave={saveNew}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {intents.length === 0 ? (
        <Status kind="empty" text={t('bots.intents.empty')} />
      ) : (
        <ul class="intent-list plain">
          {intents.map((intent) =>
            editing === intent._id ? (
              <li key={intent._id} class="intent-item editing">
                <IntentForm
                  formId={`intent-${intent._id}`}
                  title={t('bots.intent.editTitle', { name: intent.intent_display_name })}
                  initial={draftOf(intent)}
                  onSave={(draft) => saveEdit(intent, draft)}
                  onCancel={() => setEditing(undefined)}
                />
              </li>
            ) : (
              <li key={intent._id} class="intent-item">
                <div class="intent-summary">
                  <strong class="intent-name">{intent.intent_display_name}</strong>
                  {intent.webhook_enabled && <span class="badge">{t('bots.intent.webhookBadge')}</span>}
                  <p class="intent-questions">
                    {(intent.question ?? '').split('\n').filter(Boolean).join(' · ') || t('bots.intent.noQuestions')}
                  </p>
                  <p class="muted intent-answer">{answerSummary(intent.answer)}</p>
                </div>
                <div class="actions">
                  <button
                    type="button"
                    class="secondary"
                    aria-label={t('bots.intent.editNamed', { name: intent.intent_display_name })}
                    onClick={() => setEditing(intent._id)}
                  >
                    {t('bots.intent.edit')}
                  </button>
                  <button
                    type="button"
                    class="secondary danger-text"
                    aria-label={t('bots.intent.deleteNamed', { name: intent.intent_display_name })}
                    onClick={() => setDeleting(intent)}
                  >
                    {t('bots.intent.delete')}
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('bots.intent.deleteTitle', { name: deleting.intent_display_name })}
          text={t('bots.intent.deleteText')}
          confirmLabel={t('bots.intent.deleteConfirm')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
