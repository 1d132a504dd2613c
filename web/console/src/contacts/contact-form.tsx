/**
 * A contact's details and attributes, edited together and saved with one button. The form starts
 * from the contact as last saved; the page restores it when a save fails.
 */
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/i18n';
import type { Lead, LeadChanges } from './contacts-data';
import { attributesOf, duplicateKey, newRow, rowsOf, type AttributeRow } from './attributes';

// Free text as the server stores it (no browser validation of emails: imported contacts may hold anything).
const FIELDS: Array<{
  name: Exclude<keyof LeadChanges, 'attributes'>;
  label: MessageKey;
  mode: 'text' | 'email' | 'tel';
}> = [
  { name: 'fullname', label: 'contacts.name', mode: 'text' },
  { name: 'email', label: 'contacts.email', mode: 'email' },
  { name: 'phone', label: 'contacts.phone', mode: 'tel' },
  { name: 'company', label: 'contacts.company', mode: 'text' },
];

export function ContactForm({
  lead,
  saving,
  locked,
  onSave,
}: {
  lead: Lead;
  /** This form's save is running. */
  saving: boolean;
  /** Another change of the contact is running. */
  locked: boolean;
  onSave: (changes: LeadChanges) => void;
}) {
  const [details, setDetails] = useState({
    fullname: lead.fullname ?? '',
    email: lead.email ?? '',
    phone: lead.phone ?? '',
    company: lead.company ?? '',
  });
  const [rows, setRows] = useState<AttributeRow[]>(() => rowsOf(lead.attributes));
  const duplicate = duplicateKey(rows);

  const changeRow = (id: number, patch: Partial<AttributeRow>) =>
    setRows(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));

  function submit(event: Event) {
    event.preventDefault();
    if (duplicate) return;
    onSave({ ...details, attributes: attributesOf(rows) });
  }

  return (
    <form class="card contact-form" onSubmit={submit} aria-labelledby="contact-details-title">
      <h3 id="contact-details-title">{t('contacts.details')}</h3>
      <div class="fields">
        {FIELDS.map((field) => (
          <label key={field.name}>
            {t(field.label)}
            <input
              inputMode={field.mode}
              name={field.name}
              value={details[field.name]}
              onInput={(event) => setDetails({ ...details, [field.name]: event.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      <fieldset class="attributes">
        <legend>{t('contacts.attributes')}</legend>
        {rows.length === 0 && <p class="muted">{t('contacts.noAttributes')}</p>}
        {rows.map((row, index) => (
          <div key={row.id} class="attribute">
            <label>
              {t('contacts.attributeKey', { n: index + 1 })}
              <input value={row.key} onInput={(event) => changeRow(row.id, { key: event.currentTarget.value })} />
            </label>
            {row.kind === 'structured' ? (
              <p class="muted structured">{t('contacts.structuredValue')}</p>
            ) : (
              <label>
                {t('contacts.attributeValue', { n: index + 1 })}
                <input value={row.value} onInput={(event) => changeRow(row.id, { value: event.currentTarget.value })} />
              </label>
            )}
            <button
              type="button"
              class="secondary"
              aria-label={t('contacts.removeAttribute', { key: row.key || String(index + 1) })}
              onClick={() => setRows(rows.filter((other) => other.id !== row.id))}
            >
              {t('contacts.remove')}
            </button>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setRows([...rows, newRow()])}>
          {t('contacts.addAttribute')}
        </button>
      </fieldset>
      {duplicate && (
        <p class="error" role="alert">
          {t('contacts.duplicateKey', { key: duplicate })}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={saving || locked || Boolean(duplicate)}>
          {saving ? t('contacts.saving') : t('contacts.save')}
        </button>
      </div>
    </form>
  );
}
