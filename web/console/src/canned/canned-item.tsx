/** One canned response: its title, text and audience; edit and delete for those who may change it. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { CannedDraft, CannedResponse } from './canned-data';
import { CannedForm } from './canned-form';

export function CannedItem({
  response,
  mine,
  changeable,
  busy,
  onSave,
  onDelete,
}: {
  response: CannedResponse;
  mine: boolean;
  changeable: boolean;
  busy: boolean;
  /** Resolves true when saved, so the form closes only then. */
  onSave: (draft: CannedDraft) => Promise<boolean>;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const title = response.title || t('canned.untitled');

  if (editing) {
    return (
      <li>
        <CannedForm
          heading={t('canned.editHeading', { title })}
          initial={{ title: response.title ?? '', text: response.text, shared: response.shared }}
          saving={busy}
          onSave={(draft) => void onSave(draft).then((saved) => saved && setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li class="card canned-item">
      <div class="canned-head">
        <h3>{title}</h3>
        <span class={`badge ${response.shared ? 'badge-shared' : 'badge-private'}`}>
          {response.shared ? t('canned.shared') : t('canned.private')}
        </span>
        {mine && <span class="muted">{t('canned.byYou')}</span>}
      </div>
      <p class="canned-text">{response.text}</p>
      {changeable && (
        <div class="actions">
          {confirming ? (
            <>
              <button type="button" class="danger" disabled={busy} onClick={onDelete}>
                {t('canned.confirmDelete', { title })}
              </button>
              <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
                {t('canned.cancel')}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                class="secondary"
                disabled={busy}
                aria-label={t('canned.editNamed', { title })}
                onClick={() => setEditing(true)}
              >
                {t('canned.edit')}
              </button>
              <button
                type="button"
                class="secondary"
                disabled={busy}
                aria-label={t('canned.deleteNamed', { title })}
                onClick={() => setConfirming(true)}
              >
                {t('canned.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
