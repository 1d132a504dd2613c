/** Where the conversation stands: its status, who serves it, its department and the visitor's rating. */
import { t } from '../i18n/i18n';
import { REQUEST_STATUS } from '../../../shared/request-status.js';
import { nameOf, type Team } from './team';
import type { ConversationRequest } from './types';

function statusKey(status: number) {
  if (status >= REQUEST_STATUS.CLOSED) return 'conversation.status.closed' as const;
  if (status >= REQUEST_STATUS.ASSIGNED) return 'conversation.status.assigned' as const;
  return 'conversation.status.unassigned' as const;
}

export function ConversationSummary({ request, team }: { request: ConversationRequest; team: Team | undefined }) {
  const department = typeof request.department === 'object' ? request.department.name : undefined;
  return (
    <dl class="summary">
      <div>
        <dt>{t('conversation.statusLabel')}</dt>
        <dd class={`status status-${request.status}`}>{t(statusKey(request.status))}</dd>
      </div>
      <div>
        <dt>{t('conversation.servedBy')}</dt>
        <dd class="served-by">
          {request.participants.length === 0
            ? t('conversation.nobody')
            : request.participants.map((id) => nameOf(team, id)).join(', ')}
        </dd>
      </div>
      {department && (
        <div>
          <dt>{t('conversation.department')}</dt>
          <dd>{department}</dd>
        </div>
      )}
      {request.rating !== undefined && request.rating !== null && (
        <div>
          <dt>{t('conversation.rating')}</dt>
          <dd>
            {t('conversation.ratingValue', { rating: request.rating })}
            {request.rating_message && <q class="rating-comment">{request.rating_message}</q>}
          </dd>
        </div>
      )}
    </dl>
  );
}
