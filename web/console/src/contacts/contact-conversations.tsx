/** The contact's conversations, open and closed, each a link to it in the inbox. */
import { useEffect, useState } from 'preact/hooks';
import { projectHref } from '../router';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf } from '../ui/toasts';
import { REQUEST_STATUS } from '../../../shared/request-status.js';
import { conversationsOf, type Conversation } from './contacts-data';
import { formatMoment } from './format';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; list: Conversation[] };

export function ContactConversations({ projectId, leadId }: { projectId: string; leadId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    conversationsOf(projectId, leadId)
      .then((list) => current && setLoad({ state: 'ready', list }))
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, leadId]);

  return (
    <section class="card" aria-labelledby="contact-conversations-title">
      <h3 id="contact-conversations-title">{t('contacts.conversations')}</h3>
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={t('status.error', { message: load.message })} />
      ) : load.list.length === 0 ? (
        <Status kind="empty" text={t('contacts.noConversations')} />
      ) : (
        <ul class="plain conversations">
          {load.list.map((request) => (
            <li key={request.request_id}>
              <a href={projectHref(projectId, 'inbox', request.request_id)}>{request.subject || request.first_text}</a>
              <span class="muted">
                {request.status >= REQUEST_STATUS.CLOSED ? t('contacts.closed') : t('contacts.open')} ·{' '}
                {formatMoment(request.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
