/** The inbox: views, filters, search and the conversation open beside the list. */
import { t } from '../i18n/i18n';

export function InboxPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('inbox.title')}</h2>
    </section>
  );
}
