/** A group, new or edited: its name and which members of the team belong to it (by user id). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { useSaving } from '../settings/saving';
import { memberEmail, memberName, memberUserId, type Member } from './members-data';
import { saveGroup, type Group } from './structure-data';

export function GroupForm({
  projectId,
  group,
  members,
  onSaved,
  onCancel,
}: {
  projectId: string;
  /** The group edited; none for a new one. */
  group?: Group;
  members: Member[];
  onSaved: (group: Group) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(group?.name ?? '');
  const [chosen, setChosen] = useState<string[]>(group?.members ?? []);
  const { saving, save } = useSaving();
  const nameField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setName(group?.name ?? '');
    setChosen(group?.members ?? []);
    if (group) nameField.current?.focus();
  }, [group?._id]);

  const toggle = (userId: string, on: boolean) =>
    setChosen(on ? [...chosen, userId] : chosen.filter((id) => id !== userId));

  async function submit(event: Event) {
    event.preventDefault();
    const input = { name: name.trim(), members: chosen };
    const saved = await save(() => saveGroup(projectId, group?._id, input), {
      success: t('team.groups.saved', { name: input.name }),
    });
    if (saved) {
      setName('');
      setChosen([]);
      onSaved(saved);
    }
  }

  const title = group ? t('team.groups.edit', { name: group.name }) : t('team.groups.new');
  return (
    <section class="card" aria-labelledby="team-group-form-title">
      <h3 id="team-group-form-title">{title}</h3>
      <form class="team-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t('team.groups.name')}
          <input
            ref={nameField}
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend>{t('team.groups.members')}</legend>
          {members.length === 0 && <p class="muted">{t('team.members.empty')}</p>}
          {members.map((member) => {
            const userId = memberUserId(member);
            if (!userId) return null;
            return (
              <label class="check" key={member._id} title={memberEmail(member)}>
                <input
                  type="checkbox"
                  checked={chosen.includes(userId)}
                  onChange={(event) => toggle(userId, event.currentTarget.checked)}
                />
                {memberName(member)}
              </label>
            );
          })}
        </fieldset>
        <button type="submit" disabled={saving || !name.trim()}>
          {saving ? t('settings.saving') : group ? t('team.groups.save') : t('team.groups.create')}
        </button>
        {group && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t('team.cancel')}
          </button>
        )}
      </form>
    </section>
  );
}
