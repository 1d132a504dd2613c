/** Canned responses, shared and private. */
import { t } from '../i18n/i18n';

export function CannedPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('canned.title')}</h2>
    </section>
  );
}
