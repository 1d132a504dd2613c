/**
 * A department, new or edited: name, description, routing (`assigned`: each request goes to one
 * available agent in turn; `pooled`: every available agent sees it and one takes it), the bot
 * that answers first, and the group whose members alone get its requests.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { useSaving } from '../settings/saving';
import { ROUTING_MODES, saveDepartment, type Bot, type Department, type Group, type Routing } from './structure-data';

interface Draft {
  name: string;
  description: string;
  routing: Routing;
  botId: string;
  groupId: string;
}

const draftOf = (department?: Department): Draft => ({
  name: department?.name ?? '',
  description: department?.description ?? '',
  routing: department?.routing === 'pooled' ? 'pooled' : 'assigned',
  botId: department?.id_bot ?? '',
  groupId: department?.id_group ?? '',
});

export function DepartmentForm({
  projectId,
  department,
  bots,
  groups,
  onSaved,
  onCancel,
}: {
  projectId: string;
  /** The department edited; none for a new one. */
  department?: Department;
  bots: Bot[];
  groups: Group[];
  onSaved: (department: Department) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(department));
  const { saving, save } = useSaving();
  const nameField = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  // Editing another department starts from its values, with the cursor in its name.
  useEffect(() => {
    setDraft(draftOf(department));
    if (department) nameField.current?.focus();
  }, [department?._id]);

  async function submit(event: Event) {
    event.preventDefault();
    const input = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      routing: draft.routing,
      id_bot: draft.botId || null,
      id_group: draft.groupId || null,
    };
    const saved = await save(() => saveDepartment(projectId, department?._id, input), {
      success: t('team.departments.saved', { name: input.name }),
    });
    if (saved) {
      setDraft(draftOf());
      onSaved(saved);
    }
  }

  const title = department ? t('team.departments.edit', { name: department.name }) : t('team.departments.new');
  return (
    <section class="card" aria-labelledby="team-department-form-title">
      <h3 id="team-department-form-title">{title}</h3>
      <form class="team-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t('team.departments.name')}
          <input
            ref={nameField}
            required
            maxLength={200}
            value={draft.name}
            onInput={(event) => set({ name: event.currentTarget.value })}
          />
        </label>
        <label>
          {t('team.departments.description')}
          <input
            maxLength={500}
            value={draft.description}
            onInput={(event) => set({ description: event.currentTarget.value })}
          />
        </label>
        <fieldset>
          <legend>{t('team.departments.routing')}</legend>
          {ROUTING_MODES.map((mode) => (
            <label class="check" key={mode}>
              <input
                type="radio"
                name="routing"
                value={mode}
                checked={draft.routing === mode}
                onChange={() => set({ routing: mode })}
              />
              <span>
                {t(`team.departments.routing.${mode}`)}{' '}
                <span class="muted">{t(`team.departments.routingHint.${mode}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label>
          {t('team.departments.bot')}
          <select value={draft.botId} onChange={(event) => set({ botId: event.currentTarget.value })}>
            <option value="">{t('team.departments.noBot')}</option>
            {bots.map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('team.departments.group')}
          <select value={draft.groupId} onChange={(event) => set({ groupId: event.currentTarget.value })}>
            <option value="">{t('team.departments.noGroup')}</option>
            {groups.map((group) => (
              <option key={group._id} value={group._id}>
                {group.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={saving || !draft.name.trim()}>
          {saving ? t('settings.saving') : department ? t('team.departments.save') : t('team.departments.create')}
        </button>
        {department && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t('team.cancel')}
          </button>
        )}
      </form>
    </section>
  );
}
