/**
 * A new project's first steps, from an empty project to a live test conversation: be available,
 * open the widget as a visitor (another tab), and answer in the inbox, where the conversation
 * arrives live.
 */
import { projectHref } from '../router';
import { t } from '../i18n/i18n';

export function GettingStarted({ projectId, name }: { projectId: string; name: string }) {
  const widget = `/widget/?project=${encodeURIComponent(projectId)}`;
  return (
    <section class="card narrow" aria-labelledby="started-title">
      <h2 id="started-title">{t('started.title', { name })}</h2>
      <ol class="steps">
        <li>{t('started.available')}</li>
        <li>
          {t('started.visitor')}{' '}
          <a href={widget} target="_blank" rel="noopener">
            {t('started.openWidget')}
          </a>
        </li>
        <li>{t('started.answer')}</li>
      </ol>
      <p>
        <a class="button" href={projectHref(projectId, 'inbox')}>
          {t('started.openInbox')}
        </a>{' '}
        <a href={projectHref(projectId, 'settings')}>{t('started.settings')}</a>
      </p>
    </section>
  );
}
