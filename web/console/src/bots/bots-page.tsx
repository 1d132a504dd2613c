/** Bots: list, create from a template, the intents editor, a test chat, import / export, fork. */
import { t } from '../i18n/i18n';

export function BotsPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('bots.title')}</h2>
    </section>
  );
}
