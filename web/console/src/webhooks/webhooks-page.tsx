/** Webhook subscriptions, their signing secret and the delivery log. */
import { t } from '../i18n/i18n';

export function WebhooksPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('webhooks.title')}</h2>
    </section>
  );
}
