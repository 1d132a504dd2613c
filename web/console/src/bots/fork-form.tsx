/**
 * Forking a bot: a copy with all its intents, in another project the user administers (or this
 * one). The projects are those of GET /projects where the user is an owner or an admin.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';
import { Status } from '../screens/status';
import { adminProjects, forkBot, type AdminProject, type Bot } from './bots-api';

export function ForkForm({
  projectId,
  bot,
  onDone,
}: {
  projectId: string;
  bot: Bot;
  /** After a fork (`forkedHere` when the copy landed in this project) or a cancel. */
  onDone: (forkedHere: boolean) => void;
}) {
  const [projects, setProjects] = useState<AdminProject[] | undefined>();
  const [error, setError] = useState('');
  const [landing, setLanding] = useState(projectId);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    adminProjects()
      .then(setProjects)
      .catch((failure: unknown) => setError(messageOf(failure)));
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    try {
      await forkBot(projectId, bot._id, landing);
      const target = projects?.find((project) => project.id === landing)?.name ?? landing;
      notify('success', t('bots.fork.done', { name: bot.name, project: target }));
      onDone(landing === projectId);
    } catch (failure) {
      notify('error', t('bots.fork.failed', { message: messageOf(failure) }));
      setSaving(false);
    }
  }

  const id = `fork-${bot._id}`;
  if (error) return <Status kind="error" text={t('status.error', { message: error })} />;
  if (!projects) return <Status kind="loading" text={t('status.loading')} />;
  return (
    <form class="fork-form" onSubmit={(event) => void submit(event)}>
      <label for={id}>{t('bots.fork.to')}</label>
      <select id={id} value={landing} disabled={saving} onChange={(event) => setLanding(event.currentTarget.value)}>
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.id === projectId ? t('bots.fork.thisProject', { name: project.name }) : project.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={saving}>
        {saving ? t('bots.saving') : t('bots.fork.submit')}
      </button>
      <button type="button" class="secondary" disabled={saving} onClick={() => onDone(false)}>
        {t('bots.cancel')}
      </button>
    </form>
  );
}
