/** The groups: each with its members, editable and deletable; and the form for a new or edited one. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { useSaving } from '../settings/saving';
import { LoadFailure } from './admin-access';
import { ConfirmButton } from './confirm-button';
import { GroupForm } from './group-form';
import { listMembers, memberName, memberUserId, type Member } from './members-data';
import { deleteGroup, listGroups, type Group } from './structure-data';
import { useLoad } from './use-load';

async function loadGroups(projectId: string) {
  const [groups, members] = await Promise.all([listGroups(projectId), listMembers(projectId)]);
  return { groups, members };
}

export function GroupsView({ projectId }: { projectId: string }) {
  const [loaded, update] = useLoad(() => loadGroups(projectId), [projectId]);
  const [editingId, setEditingId] = useState<string | undefined>();
  if (loaded.state === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (loaded.state === 'failed') return <LoadFailure failure={loaded.failure} />;
  const { groups, members } = loaded.value;
  const names = new Map(members.map((member) => [memberUserId(member), memberName(member)]));
  const setGroups = (change: (list: Group[]) => Group[]) =>
    update((value) => ({ ...value, groups: change(value.groups) }));

  function saved(group: Group) {
    setEditingId(undefined);
    setGroups((list) =>
      list.some((g) => g._id === group._id) ? list.map((g) => (g._id === group._id ? group : g)) : [...list, group],
    );
  }

  return (
    <div class="team-panel">
      <section class="card" aria-labelledby="team-groups-title">
        <h3 id="team-groups-title">{t('team.groups.title')}</h3>
        <p class="muted">{t('team.groups.hint')}</p>
        {groups.length === 0 ? (
          <Status kind="empty" text={t('team.groups.empty')} />
        ) : (
          <ul class="team-list">
            {groups.map((group) => (
              <GroupItem
                key={group._id}
                projectId={projectId}
                group={group}
                memberNames={group.members.map((id) => names.get(id) ?? t('team.groups.formerMember'))}
                onEdit={() => setEditingId(group._id)}
                onDeleted={() => {
                  if (editingId === group._id) setEditingId(undefined);
                  setGroups((list) => list.filter((g) => g._id !== group._id));
                }}
              />
            ))}
          </ul>
        )}
      </section>
      <GroupForm
        projectId={projectId}
        group={groups.find((group) => group._id === editingId)}
        members={members}
        onSaved={saved}
        onCancel={() => setEditingId(undefined)}
      />
    </div>
  );
}

function GroupItem({
  projectId,
  group,
  memberNames,
  onEdit,
  onDeleted,
}: {
  projectId: string;
  group: Group;
  memberNames: string[];
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { saving, save } = useSaving();
  const { name } = group;

  async function remove() {
    const deleted = await save(
      async () => {
        await deleteGroup(projectId, group._id);
        return true;
      },
      { success: t('team.groups.deleted', { name }) },
    );
    if (deleted) onDeleted();
  }

  return (
    <li>
      <span class="grow">
        <strong>{name}</strong>
        <span class="muted">{memberNames.length === 0 ? t('team.groups.noMembers') : memberNames.join(', ')}</span>
      </span>
      <button
        type="button"
        class="secondary"
        aria-label={t('team.groups.editName', { name })}
        disabled={saving}
        onClick={onEdit}
      >
        {t('team.edit')}
      </button>
      <ConfirmButton
        label={t('team.delete')}
        ariaLabel={t('team.groups.deleteName', { name })}
        confirmLabel={t('team.groups.deleteConfirm')}
        question={t('team.groups.deleteQuestion', { name })}
        disabled={saving}
        onConfirm={() => void remove()}
      />
    </li>
  );
}
