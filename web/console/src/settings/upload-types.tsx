/**
 * Which file types may be sent in chats, as the files API reads them (src/modules/files): the
 * team's list in `settings.allowed_upload_extentions`, the visitors' in
 * `widget.allowedUploadExtentions` (Tiledesk's spelling, both). A list is comma-separated
 * extensions (".pdf,.png"), or Tiledesk's allow-all value (star, slash, star); an empty list means
 * the server's default (CHAT_FILES_ALLOW_LIST).
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { textOf, updateProject, type Project, type SectionProps } from './project';
import { useSaving } from './saving';

interface Lists {
  team: string;
  visitors: string;
}

const listsOf = (project: Project): Lists => ({
  team: textOf(project.settings, 'allowed_upload_extentions'),
  visitors: textOf(project.widget, 'allowedUploadExtentions'),
});

/** ".PDF, png ,, .jpg" -> ".pdf,.png,.jpg"; entries with a slash (MIME types, allow-all) are kept as typed. */
function tidyList(text: string): string {
  return text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map((entry) => (entry.includes('/') || entry.startsWith('.') ? entry : `.${entry}`))
    .join(',');
}

export function UploadTypesForm({ project, onSaved }: SectionProps) {
  const [lists, setLists] = useState<Lists>(() => listsOf(project));
  const { saving, save } = useSaving();

  async function submit(event: Event) {
    event.preventDefault();
    const visitors = tidyList(lists.visitors);
    const { allowedUploadExtentions: _previous, ...widget } = project.widget ?? {};
    const changes = {
      'settings.allowed_upload_extentions': tidyList(lists.team),
      widget: visitors ? { ...widget, allowedUploadExtentions: visitors } : widget,
    };
    const updated = await save(() => updateProject(project._id, changes), {
      success: t('settings.uploads.saved'),
      rollback: () => setLists(listsOf(project)),
    });
    if (updated) {
      setLists(listsOf(updated));
      onSaved(updated);
    }
  }

  return (
    <section class="card settings-section" aria-labelledby="settings-uploads-title">
      <h3 id="settings-uploads-title">{t('settings.uploads.title')}</h3>
      <p class="muted">{t('settings.uploads.hint')}</p>
      <form class="settings-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t('settings.uploads.team')}
          <input
            value={lists.team}
            placeholder={t('settings.uploads.placeholder')}
            onInput={(event) => setLists({ ...lists, team: event.currentTarget.value })}
          />
        </label>
        <label>
          {t('settings.uploads.visitors')}
          <input
            value={lists.visitors}
            placeholder={t('settings.uploads.placeholder')}
            onInput={(event) => setLists({ ...lists, visitors: event.currentTarget.value })}
          />
        </label>
        <div class="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('settings.saving') : t('settings.uploads.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
