/** Contacts (the project's leads): list, search, edit, tags, CSV export, their conversations. */
import { t } from '../i18n/i18n';

export function ContactsPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('contacts.title')}</h2>
    </section>
  );
}
