/** The inbox: views, filters, search and the conversation open beside the list. */
import { t } from '../i18n/i18n';
import { ConversationView } from '../conversation/conversation-view';

export function InboxPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  // Temporary (console-conversation worktree only): the inbox helper's page replaces this one.
  if (rest[0]) return <ConversationView projectId={projectId} requestId={rest[0]} />;
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('inbox.title')}</h2>
    </section>
  );
}
