/** The visitor's other conversations (those the agent may see), each a link to open it here. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { projectHref } from '../router';
import { Status } from '../screens/status';
import { messageOf } from '../ui/toasts';
import { REQUEST_STATUS } from '../../../shared/request-status.js';
import { previousConversations } from './leads-api';
import { formatTime } from './time';
import type { ConversationRequest } from './types';

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; list: ConversationRequest[] };

export function PreviousConversations({
  projectId,
  leadId,
  requestId,
}: {
  projectId: string;
  leadId: string;
  requestId: string;
}) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    previousConversations(projectId, leadId, requestId)
      .then((list) => current && setLoad({ state: 'ready', list }))
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, leadId, requestId]);

  if (load.state === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (load.state === 'error') return <Status kind="error" text={t('status.error', { message: load.message })} />;
  if (load.list.length === 0) return <p class="muted">{t('conversation.previous.none')}</p>;
  return (
    <ul class="previous">
      {load.list.map((request) => (
        <li key={request.request_id}>
          <a href={projectHref(projectId, 'inbox', request.request_id)}>{request.subject || request.first_text}</a>
          <span class="muted">
            {' '}
            {formatTime(request.createdAt)} ·{' '}
            {request.status >= REQUEST_STATUS.CLOSED ? t('conversation.status.closed') : t('conversation.status.open')}
          </span>
        </li>
      ))}
    </ul>
  );
}
