/** Project settings: name, office hours, widget and embed snippet, keys, upload types. */
import { t } from '../i18n/i18n';

export function SettingsPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  return (
    <section class="card" data-project={projectId} data-rest={rest.join('/')}>
      <h2>{t('settings.title')}</h2>
    </section>
  );
}
