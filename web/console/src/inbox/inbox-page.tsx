/**
 * The inbox, where an agent spends the day: the views with live counts, search and filters and
 * the list of conversations on the left; the conversation open (`#/<project>/inbox/<request>`)
 * on the right. On a phone-width screen one of the two at a time, with a way back to the list.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { session } from '../session';
import { projectHref } from '../router';
import { Status } from '../screens/status';
import { ConversationView } from '../conversation/conversation-view';
import { loadOptions, type InboxOptions } from './data';
import { LastSeen } from './last-seen';
import { useInbox } from './use-inbox';
import { useAssignmentAlerts } from './use-assignment-alerts';
import { useListKeys } from './use-list-keys';
import { useNow } from './relative-time';
import { ViewTabs } from './view-tabs';
import { InboxFilterBar } from './inbox-filters';
import { ConversationList } from './conversation-list';
import { AlertSettings } from './alert-settings';
import { ShortcutsHelp } from './shortcuts-help';
import { hasFilters, NO_FILTERS, VIEWS, type InboxFilters, type ViewId } from './views';
import './inbox.css';

const viewKey = (userId: string, projectId: string) => `parley.console.inbox.view.${userId}.${projectId}`;

/** The view last chosen in this project (an agent comes back to where they were). */
function storedView(userId: string, projectId: string): ViewId {
  const stored = localStorage.getItem(viewKey(userId, projectId));
  return (VIEWS as readonly string[]).includes(stored ?? '') ? (stored as ViewId) : 'mine';
}

export function InboxPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  const userId = session.value?.user.id ?? '';
  const openId = rest[0];
  const [view, setView] = useState<ViewId>(() => storedView(userId, projectId));
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const [options, setOptions] = useState<InboxOptions | undefined>();
  const [help, setHelp] = useState(false);
  const lastSeen = useMemo(() => new LastSeen(userId, projectId), [userId, projectId]);
  const inbox = useInbox(projectId, userId, view, filters);
  const now = useNow();
  const list = useRef<HTMLUListElement | null>(null);
  const search = useRef<HTMLInputElement | null>(null);
  const toggleHelp = useCallback(() => setHelp((shown) => !shown), []);
  useListKeys(list, search, toggleHelp);
  useAssignmentAlerts(projectId, userId, openId);

  useEffect(() => {
    // The filters work without their options (names fall back to what the rows carry).
    loadOptions(projectId)
      .then(setOptions)
      .catch((failure: unknown) => console.warn('inbox: filter options', failure));
  }, [projectId]);

  // The conversation open is read as it changes.
  const openRow = inbox.requests.find((request) => request.request_id === openId);
  useEffect(() => {
    if (openId) lastSeen.markSeen(openId, openRow);
  }, [openId, openRow, lastSeen]);

  function chooseView(next: ViewId) {
    setView(next);
    localStorage.setItem(viewKey(userId, projectId), next);
  }

  return (
    <section class={`inbox${openId ? ' inbox-with-open' : ''}`} aria-labelledby="inbox-title">
      <div class="inbox-list-pane">
        <header class="page-head">
          <h2 id="inbox-title">{t('inbox.title')}</h2>
          <AlertSettings />
          <ShortcutsHelp shown={help} onToggle={toggleHelp} />
        </header>
        <ViewTabs view={view} counts={inbox.counts} onChange={chooseView} />
        <InboxFilterBar filters={filters} options={options} search={search} onChange={setFilters} />
        <ConversationList
          projectId={projectId}
          view={view}
          filtered={hasFilters(filters)}
          inbox={inbox}
          options={options}
          lastSeen={lastSeen}
          openId={openId}
          now={now}
          list={list}
        />
      </div>
      <div class="inbox-conversation-pane">
        {openId ? (
          <>
            <a class="inbox-back" href={projectHref(projectId, 'inbox')}>
              {t('inbox.back')}
            </a>
            <ConversationView key={openId} projectId={projectId} requestId={openId} />
          </>
        ) : (
          <Status kind="empty" text={t('inbox.pick')} />
        )}
      </div>
    </section>
  );
}
