/** Deleting a contact, after a confirmation in place (the contact then leaves the lists). */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';

export function DeleteContact({ name, busy, onDelete }: { name: string; busy: boolean; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section class="card danger" aria-labelledby="contact-delete-title">
      <h3 id="contact-delete-title">{t('contacts.deleteTitle')}</h3>
      {!confirming ? (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          {t('contacts.delete')}
        </button>
      ) : (
        <div class="confirm" role="group" aria-label={t('contacts.confirmDelete', { name })}>
          <p>{t('contacts.confirmDelete', { name })}</p>
          <button type="button" class="danger" disabled={busy} onClick={onDelete}>
            {t('contacts.confirmDeleteYes')}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
            {t('contacts.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
