/**
 * A project's settings, for its owners and admins: the name, office hours, the widget's look and
 * the code that embeds it, the shared secret for custom tokens, the file types allowed in chats.
 * Each section saves on its own; the page keeps the project as the server last answered it.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { AdminGate, LoadFailure } from '../team/admin-access';
import { loadProject, type Project } from './project';
import { NameForm } from './name-form';
import { OfficeHoursForm } from './office-hours';
import { WidgetForm } from './widget-form';
import { EmbedSnippet } from './embed-snippet';
import { ProjectKeys } from './project-keys';
import { UploadTypesForm } from './upload-types';
import './settings.css';

export function SettingsPage({ projectId }: { projectId: string; rest: string[] }) {
  return (
    <section class="settings" aria-labelledby="settings-title">
      <header class="page-head">
        <h2 id="settings-title">{t('settings.title')}</h2>
      </header>
      <AdminGate projectId={projectId}>{() => <SettingsSections projectId={projectId} />}</AdminGate>
    </section>
  );
}

type Load = { state: 'loading' } | { state: 'failed'; failure: unknown } | { state: 'ready'; project: Project };

function SettingsSections({ projectId }: { projectId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    loadProject(projectId)
      .then((project) => setLoad({ state: 'ready', project }))
      .catch((failure: unknown) => setLoad({ state: 'failed', failure }));
  }, [projectId]);

  if (load.state === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (load.state === 'failed') return <LoadFailure failure={load.failure} />;
  const section = { project: load.project, onSaved: (project: Project) => setLoad({ state: 'ready', project }) };
  return (
    <div class="settings-sections">
      <NameForm {...section} />
      <OfficeHoursForm {...section} />
      <WidgetForm {...section} />
      <EmbedSnippet projectId={projectId} />
      <UploadTypesForm {...section} />
      <ProjectKeys projectId={projectId} />
    </div>
  );
}
