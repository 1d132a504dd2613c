/** One conversation of the list: who, the last message, when, where, its status, whose, unread. */
import { t } from '../i18n/i18n';
import { projectHref } from '../router';
import { RelativeTime } from './relative-time';
import {
  assigneesOf,
  departmentNameOf,
  previewOf,
  statusBadgeOf,
  timeOf,
  visitorNameOf,
  type InboxRequest,
} from './request';
import type { InboxOptions } from './data';

export function ConversationRow({
  projectId,
  request,
  options,
  open,
  unread,
  now,
}: {
  projectId: string;
  request: InboxRequest;
  options: InboxOptions | undefined;
  open: boolean;
  unread: boolean;
  now: number;
}) {
  const badge = statusBadgeOf(request);
  const department = options && departmentNameOf(request, options.departmentNames);
  const assignees = assigneesOf(request, options?.agentNames ?? new Map());
  return (
    <li>
      <a
        class={`inbox-row${unread ? ' inbox-row-unread' : ''}`}
        href={projectHref(projectId, 'inbox', request.request_id)}
        aria-current={open ? 'page' : undefined}
        data-request={request.request_id}
      >
        <span class="inbox-row-top">
          <span class="inbox-name">{visitorNameOf(request) ?? t('inbox.row.visitor')}</span>
          {unread && <span class="inbox-unread">{t('inbox.row.unread')}</span>}
          <RelativeTime iso={timeOf(request)} now={now} />
        </span>
        <span class="inbox-preview">{previewOf(request) || t('inbox.row.noText')}</span>
        <span class="inbox-meta">
          <span class={`inbox-badge inbox-badge-${badge}`}>{t(`inbox.status.${badge}`)}</span>
          {department && <span>{department}</span>}
          <span>{assignees.length > 0 ? assignees.join(', ') : t('inbox.row.nobody')}</span>
        </span>
      </a>
    </li>
  );
}
