/**
 * The departments: each with its routing, bot and group, editable and (but for the default one,
 * which every project keeps) deletable; and the form for a new one or the one being edited.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { useSaving } from '../settings/saving';
import { LoadFailure } from './admin-access';
import { ConfirmButton } from './confirm-button';
import { DepartmentForm } from './department-form';
import {
  deleteDepartment,
  listBots,
  listDepartments,
  listGroups,
  type Bot,
  type Department,
  type Group,
} from './structure-data';
import { useLoad } from './use-load';

interface Structure {
  departments: Department[];
  bots: Bot[];
  groups: Group[];
}

async function loadStructure(projectId: string): Promise<Structure> {
  const [departments, bots, groups] = await Promise.all([
    listDepartments(projectId),
    listBots(projectId),
    listGroups(projectId),
  ]);
  return { departments, bots, groups };
}

export function DepartmentsView({ projectId }: { projectId: string }) {
  const [loaded, update] = useLoad(() => loadStructure(projectId), [projectId]);
  const [editingId, setEditingId] = useState<string | undefined>();
  if (loaded.state === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (loaded.state === 'failed') return <LoadFailure failure={loaded.failure} />;
  const { departments, bots, groups } = loaded.value;
  const editing = departments.find((department) => department._id === editingId);

  const setDepartments = (change: (list: Department[]) => Department[]) =>
    update((structure) => ({ ...structure, departments: change(structure.departments) }));

  function saved(department: Department) {
    setEditingId(undefined);
    setDepartments((list) =>
      list.some((d) => d._id === department._id)
        ? list.map((d) => (d._id === department._id ? department : d))
        : [...list, department],
    );
  }

  return (
    <div class="team-panel">
      <section class="card" aria-labelledby="team-departments-title">
        <h3 id="team-departments-title">{t('team.departments.title')}</h3>
        {departments.length === 0 ? (
          <Status kind="empty" text={t('team.departments.empty')} />
        ) : (
          <ul class="team-list">
            {departments.map((department) => (
              <DepartmentItem
                key={department._id}
                projectId={projectId}
                department={department}
                botName={bots.find((bot) => bot.id === department.id_bot)?.name}
                groupName={groups.find((group) => group._id === department.id_group)?.name}
                onEdit={() => setEditingId(department._id)}
                onDeleted={() => {
                  if (editingId === department._id) setEditingId(undefined);
                  setDepartments((list) => list.filter((d) => d._id !== department._id));
                }}
              />
            ))}
          </ul>
        )}
      </section>
      <DepartmentForm
        projectId={projectId}
        department={editing}
        bots={bots}
        groups={groups}
        onSaved={saved}
        onCancel={() => setEditingId(undefined)}
      />
    </div>
  );
}

function DepartmentItem({
  projectId,
  department,
  botName,
  groupName,
  onEdit,
  onDeleted,
}: {
  projectId: string;
  department: Department;
  botName?: string;
  groupName?: string;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { saving, save } = useSaving();
  const { name } = department;
  const routing = department.routing === 'pooled' ? 'pooled' : 'assigned';

  async function remove() {
    const deleted = await save(
      async () => {
        await deleteDepartment(projectId, department._id);
        return true;
      },
      { success: t('team.departments.deleted', { name }) },
    );
    if (deleted) onDeleted();
  }

  return (
    <li>
      <span class="grow">
        <strong>
          {name} {department.default && <span class="badge">{t('team.departments.default')}</span>}
        </strong>
        <span class="muted">
          {[
            t(`team.departments.routing.${routing}`),
            botName && t('team.departments.withBot', { name: botName }),
            groupName && t('team.departments.withGroup', { name: groupName }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
      <button
        type="button"
        class="secondary"
        aria-label={t('team.departments.editName', { name })}
        disabled={saving}
        onClick={onEdit}
      >
        {t('team.edit')}
      </button>
      {!department.default && (
        <ConfirmButton
          label={t('team.delete')}
          ariaLabel={t('team.departments.deleteName', { name })}
          confirmLabel={t('team.departments.deleteConfirm')}
          question={t('team.departments.deleteQuestion', { name })}
          disabled={saving}
          onConfirm={() => void remove()}
        />
      )}
    </li>
  );
}
