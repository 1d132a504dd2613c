/**
 * One contact: details and attributes (saved together), tags (saved one by one), conversations,
 * and deletion. Every save shows its result at once, is disabled while it runs, and on failure
 * puts the contact back as the server last had it and says why.
 */
import { useEffect, useState } from 'preact/hooks';
import { navigate, projectHref } from '../router';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import { addTag, deleteLead, getLead, removeTag, updateLead, type Lead, type LeadChanges } from './contacts-data';
import { nameOf } from './format';
import { ContactForm } from './contact-form';
import { TagEditor } from './tag-editor';
import { ContactConversations } from './contact-conversations';
import { DeleteContact } from './delete-contact';

/** Tiledesk's status of a deleted lead: still readable by its id, out of the lists. */
const DELETED = 1000;

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

export function ContactDetail({ projectId, leadId }: { projectId: string; leadId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [lead, setLead] = useState<Lead | undefined>();
  // Bumped whenever the form must start again from `lead` (after a save, or its rollback).
  const [revision, setRevision] = useState(0);
  const [busy, setBusy] = useState<'save' | 'tags' | 'delete' | undefined>();

  useEffect(() => {
    let current = true;
    getLead(projectId, leadId)
      .then((found) => {
        if (!current) return;
        setLead(found);
        setLoad({ state: 'ready' });
      })
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, leadId]);

  /** Shows `optimistic` at once, then the server's answer; on failure `before` again. */
  async function change(kind: 'save' | 'tags', before: Lead, optimistic: Lead, call: () => Promise<Lead>) {
    setBusy(kind);
    setLead(optimistic);
    try {
      setLead(await call());
      if (kind === 'save') notify('success', t('contacts.saved'));
    } catch (failure) {
      setLead(before);
      notify('error', t('contacts.saveFailed', { message: messageOf(failure) }));
    } finally {
      if (kind === 'save') setRevision((value) => value + 1);
      setBusy(undefined);
    }
  }

  async function remove(current: Lead) {
    setBusy('delete');
    try {
      await deleteLead(projectId, current._id);
      notify('success', t('contacts.deleted', { name: nameOf(current) }));
      navigate(projectHref(projectId, 'contacts'));
    } catch (failure) {
      notify('error', t('contacts.deleteFailed', { message: messageOf(failure) }));
      setBusy(undefined);
    }
  }

  const back = (
    <p>
      <a href={projectHref(projectId, 'contacts')}>{t('contacts.back')}</a>
    </p>
  );
  if (load.state !== 'ready' || !lead) {
    return (
      <section class="contacts" aria-labelledby="contact-title">
        {back}
        <h2 id="contact-title">{t('contacts.contact')}</h2>
        {load.state === 'error' ? (
          <Status kind="error" text={t('status.error', { message: load.message })} />
        ) : (
          <Status kind="loading" text={t('status.loading')} />
        )}
      </section>
    );
  }

  const saveDetails = (changes: LeadChanges) =>
    void change('save', lead, { ...lead, ...changes }, () => updateLead(projectId, lead._id, changes));
  const addOne = (tag: string) =>
    void change('tags', lead, { ...lead, tags: [...lead.tags, tag] }, () => addTag(projectId, lead._id, tag));
  const removeOne = (tag: string) =>
    void change('tags', lead, { ...lead, tags: lead.tags.filter((other) => other !== tag) }, () =>
      removeTag(projectId, lead._id, tag),
    );

  return (
    <section class="contacts" aria-labelledby="contact-title">
      {back}
      <h2 id="contact-title">{nameOf(lead)}</h2>
      <p class="muted">{t('contacts.leadId', { id: lead.lead_id })}</p>
      {lead.status === DELETED && <p class="state-error">{t('contacts.isDeleted')}</p>}
      <div class="contact-grid">
        <ContactForm
          key={revision}
          lead={lead}
          saving={busy === 'save'}
          locked={busy !== undefined}
          onSave={saveDetails}
        />
        <div class="contact-side">
          <TagEditor tags={lead.tags} busy={busy !== undefined} onAdd={addOne} onRemove={removeOne} />
          <ContactConversations projectId={projectId} leadId={lead._id} />
          {lead.status !== DELETED && (
            <DeleteContact name={nameOf(lead)} busy={busy !== undefined} onDelete={() => void remove(lead)} />
          )}
        </div>
      </div>
    </section>
  );
}
