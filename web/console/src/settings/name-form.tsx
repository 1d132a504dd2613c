/** The project's name. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { updateProject, type SectionProps } from './project';
import { useSaving } from './saving';

export function NameForm({ project, onSaved }: SectionProps) {
  const [name, setName] = useState(project.name);
  const { saving, save } = useSaving();
  const trimmed = name.trim();

  async function submit(event: Event) {
    event.preventDefault();
    const updated = await save(() => updateProject(project._id, { name: trimmed }), {
      success: t('settings.name.saved'),
      rollback: () => setName(project.name),
    });
    if (updated) {
      setName(updated.name);
      onSaved(updated);
    }
  }

  return (
    <section class="card settings-section" aria-labelledby="settings-name-title">
      <h3 id="settings-name-title">{t('settings.name.title')}</h3>
      <form class="settings-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t('settings.name.label')}
          <input value={name} required maxLength={200} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" disabled={saving || !trimmed || trimmed === project.name}>
            {saving ? t('settings.saving') : t('settings.name.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
