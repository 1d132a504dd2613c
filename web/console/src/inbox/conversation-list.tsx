/** The list of a view: its rows, the loading / empty / error states, and "load more". */
import type { RefObject } from 'preact';
import { formatNumber, t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import { ConversationRow } from './conversation-row';
import { seenVersion, type LastSeen } from './last-seen';
import type { InboxOptions } from './data';
import type { InboxState } from './use-inbox';
import type { ViewId } from './views';

export function ConversationList({
  projectId,
  view,
  filtered,
  inbox,
  options,
  lastSeen,
  openId,
  now,
  list,
}: {
  projectId: string;
  view: ViewId;
  filtered: boolean;
  inbox: InboxState & { loadMore: () => Promise<void>; retry: () => void };
  options: InboxOptions | undefined;
  lastSeen: LastSeen;
  openId: string | undefined;
  now: number;
  list: RefObject<HTMLUListElement | null>;
}) {
  // Read so that marking a conversation seen re-renders the markers.
  void seenVersion.value;
  if (inbox.status === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (inbox.status === 'error')
    return (
      <div class="inbox-error">
        <Status kind="error" text={t('status.error', { message: messageOf(inbox.error) })} />
        <button type="button" onClick={inbox.retry}>
          {t('inbox.retry')}
        </button>
      </div>
    );
  if (inbox.requests.length === 0)
    return <Status kind="empty" text={filtered ? t('inbox.empty.filtered') : t(`inbox.empty.${view}`)} />;
  return (
    <>
      {inbox.stale && (
        <p class="inbox-stale" role="status">
          {t('inbox.stale')}{' '}
          <button type="button" class="inbox-secondary" onClick={inbox.retry}>
            {t('inbox.retry')}
          </button>
        </p>
      )}
      <ul class="inbox-list" ref={list} aria-label={t(`inbox.view.${view}`)}>
        {inbox.requests.map((request) => (
          <ConversationRow
            key={request.request_id}
            projectId={projectId}
            request={request}
            options={options}
            open={request.request_id === openId}
            unread={request.request_id !== openId && lastSeen.isUnread(request)}
            now={now}
          />
        ))}
      </ul>
      <p class="muted inbox-more">
        {t('inbox.shown', { shown: formatNumber(inbox.requests.length), total: formatNumber(inbox.total) })}
        {inbox.requests.length < inbox.total && (
          <button
            type="button"
            class="inbox-secondary"
            disabled={inbox.loadingMore}
            onClick={() => void inbox.loadMore().catch((failure: unknown) => notify('error', messageOf(failure)))}
          >
            {inbox.loadingMore ? t('status.loading') : t('inbox.loadMore')}
          </button>
        )}
      </p>
    </>
  );
}
