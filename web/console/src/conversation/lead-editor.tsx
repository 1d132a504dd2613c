/**
 * The visitor as a contact: name, email and phone (edited in place; a failed save puts the
 * previous values back and says why), the lead's tags and attributes (each change saved alone).
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notify, messageOf } from '../ui/toasts';
import { addLeadTag, removeLeadTag, saveLead, setLeadAttribute } from './leads-api';
import { detailRows } from './details';
import { Rows } from './details-list';
import type { Lead } from './types';

type Fields = { fullname: string; email: string; phone: string };

const fieldsOf = (lead: Lead): Fields => ({
  fullname: lead.fullname ?? '',
  email: lead.email ?? '',
  phone: lead.phone ?? '',
});

export function LeadEditor({ projectId, initial }: { projectId: string; initial: Lead }) {
  const [lead, setLead] = useState(initial);
  const [fields, setFields] = useState<Fields>(fieldsOf(initial));
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');
  const [attribute, setAttribute] = useState({ key: '', value: '' });
  const changed = JSON.stringify(fields) !== JSON.stringify(fieldsOf(lead));

  async function save(change: () => Promise<Lead>, failed: string, rollback?: () => void): Promise<boolean> {
    setBusy(true);
    try {
      const saved = await change();
      setLead(saved);
      setFields(fieldsOf(saved));
      return true;
    } catch (failure) {
      rollback?.();
      notify('error', t('conversation.lead.failed', { what: failed, message: messageOf(failure) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function submitDetails(event: Event) {
    event.preventDefault();
    void save(
      () => saveLead(projectId, lead._id, fields),
      t('conversation.lead.details'),
      () => setFields(fieldsOf(lead)),
    ).then((ok) => ok && notify('success', t('conversation.lead.saved')));
  }

  async function submitTag(event: Event) {
    event.preventDefault();
    const name = tag.trim();
    if (name && (await save(() => addLeadTag(projectId, lead._id, name), t('conversation.lead.tags')))) setTag('');
  }

  async function submitAttribute(event: Event) {
    event.preventDefault();
    const key = attribute.key.trim();
    if (!key) return;
    const saved = await save(() => setLeadAttribute(projectId, lead._id, key, attribute.value), key);
    if (saved) setAttribute({ key: '', value: '' });
  }

  const field = (name: keyof Fields, label: string, type: 'text' | 'email' | 'tel' = 'text') => (
    <label>
      {label}
      <input
        type={type as 'text'}
        value={fields[name]}
        disabled={busy}
        onInput={(event) => setFields({ ...fields, [name]: event.currentTarget.value })}
      />
    </label>
  );

  return (
    <>
      <form class="lead-form" onSubmit={submitDetails}>
        {field('fullname', t('conversation.lead.name'))}
        {field('email', t('conversation.lead.email'), 'email')}
        {field('phone', t('conversation.lead.phone'), 'tel')}
        <button type="submit" disabled={busy || !changed}>
          {t('conversation.lead.save')}
        </button>
      </form>

      <h4>{t('conversation.lead.tags')}</h4>
      {lead.tags.length > 0 && (
        <ul class="chips">
          {lead.tags.map((name) => (
            <li key={name} class="chip">
              {name}
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={t('conversation.removeTag', { name })}
                onClick={() => void save(() => removeLeadTag(projectId, lead._id, name), t('conversation.lead.tags'))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={(event) => void submitTag(event)}>
        <label>
          {t('conversation.lead.newTag')}
          <input value={tag} disabled={busy} onInput={(event) => setTag(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || !tag.trim()}>
          {t('conversation.addTag')}
        </button>
      </form>

      <h4>{t('conversation.lead.attributes')}</h4>
      <Rows rows={detailRows(lead.attributes)} empty={t('conversation.lead.noAttributes')} />
      <form class="inline-form" onSubmit={(event) => void submitAttribute(event)}>
        <label>
          {t('conversation.lead.attributeName')}
          <input
            value={attribute.key}
            disabled={busy}
            onInput={(event) => setAttribute({ ...attribute, key: event.currentTarget.value })}
          />
        </label>
        <label>
          {t('conversation.lead.attributeValue')}
          <input
            value={attribute.value}
            disabled={busy}
            onInput={(event) => setAttribute({ ...attribute, value: event.currentTarget.value })}
          />
        </label>
        <button type="submit" disabled={busy || !attribute.key.trim()}>
          {t('conversation.lead.setAttribute')}
        </button>
      </form>
    </>
  );
}
