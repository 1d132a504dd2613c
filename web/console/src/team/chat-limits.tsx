/**
 * The project's chat limits (Tiledesk's "smart assignment"): while `settings.chat_limit_on` is
 * on, an agent at their limit gets no new chats; the limit is their own `max_assigned_chat`, or
 * else `settings.max_agent_assigned_chat` (src/modules/project-users/project-users.schema.ts).
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notify } from '../ui/toasts';
import { useSaving } from '../settings/saving';
import { loadProject, updateProject, type Project } from '../settings/project';
import { LoadFailure } from './admin-access';
import { Status } from '../screens/status';
import { useLoad } from './use-load';

interface Limits {
  on: boolean;
  /** '' for none. */
  perAgent: string;
}

function limitsOf(project: Project): Limits {
  const settings = project.settings;
  const perAgent = settings.max_agent_assigned_chat;
  return {
    on: settings.chat_limit_on === true,
    perAgent: typeof perAgent === 'number' && perAgent > -1 ? String(perAgent) : '',
  };
}

export function ChatLimits({ projectId }: { projectId: string }) {
  const [loaded, update] = useLoad(() => loadProject(projectId), [projectId]);
  return (
    <section class="card" aria-labelledby="team-limits-title">
      <h3 id="team-limits-title">{t('team.limits.title')}</h3>
      <p class="muted">{t('team.limits.hint')}</p>
      {loaded.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : loaded.state === 'failed' ? (
        <LoadFailure failure={loaded.failure} />
      ) : (
        <LimitsForm project={loaded.value} onSaved={(project) => update(() => project)} />
      )}
    </section>
  );
}

function LimitsForm({ project, onSaved }: { project: Project; onSaved: (project: Project) => void }) {
  const [limits, setLimits] = useState(() => limitsOf(project));
  const { saving, save } = useSaving();

  async function submit(event: Event) {
    event.preventDefault();
    const perAgent = limits.perAgent.trim() === '' ? -1 : Number(limits.perAgent);
    if (!Number.isInteger(perAgent) || perAgent < -1) {
      notify('error', t('team.members.limitInvalid'));
      return;
    }
    const changes = { 'settings.chat_limit_on': limits.on, 'settings.max_agent_assigned_chat': perAgent };
    const updated = await save(() => updateProject(project._id, changes), {
      success: t('team.limits.saved'),
      rollback: () => setLimits(limitsOf(project)),
    });
    if (updated) {
      setLimits(limitsOf(updated));
      onSaved(updated);
    }
  }

  return (
    <form class="team-form" onSubmit={(event) => void submit(event)}>
      <label class="check">
        <input
          type="checkbox"
          checked={limits.on}
          onChange={(event) => setLimits({ ...limits, on: event.currentTarget.checked })}
        />
        {t('team.limits.on')}
      </label>
      <label>
        {t('team.limits.perAgent')}
        <input
          type="number"
          min={0}
          step={1}
          placeholder={t('team.limits.none')}
          value={limits.perAgent}
          onInput={(event) => setLimits({ ...limits, perAgent: event.currentTarget.value })}
        />
      </label>
      <button type="submit" disabled={saving}>
        {saving ? t('settings.saving') : t('team.limits.save')}
      </button>
    </form>
  );
}
