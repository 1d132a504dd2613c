/** The code that puts the widget on a website: one script tag naming the project. */
import { t } from '../i18n/i18n';
import { CopyField } from './copy-field';

function embedSnippet(projectId: string, origin = location.origin): string {
  return `<script src="${origin}/widget.js" data-project="${projectId}" async></script>`;
}

export function EmbedSnippet({ projectId }: { projectId: string }) {
  return (
    <section class="card settings-section" aria-labelledby="settings-embed-title">
      <h3 id="settings-embed-title">{t('settings.embed.title')}</h3>
      <p class="muted">{t('settings.embed.hint')}</p>
      <CopyField label={t('settings.embed.label')} value={embedSnippet(projectId)} multiline />
    </section>
  );
}
