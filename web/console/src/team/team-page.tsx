/** The team: members and roles, invitations, chat limits, departments and groups. */
import { t } from '../i18n/i18n';

export function TeamPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('team.title')}</h2>
    </section>
  );
}
