/**
 * One member of the team, as an admin manages them: role, chat limit, availability, removal.
 * Each change saves at once; while it saves the row's controls are disabled, and a refusal puts
 * the row back as the server has it. Only an owner may change an owner (the server's rule), and
 * nobody changes their own role or removes themself here.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notify } from '../ui/toasts';
import { useSaving } from '../settings/saving';
import type { Me } from './admin-access';
import { ConfirmButton } from './confirm-button';
import {
  memberEmail,
  memberName,
  removeMember,
  roleName,
  rolesToGive,
  updateMember,
  type Member,
  type MemberChanges,
} from './members-data';

/** The limit field's text: empty for "the project's default" (-1 or unset on the server). */
const limitText = (member: Member) =>
  member.max_assigned_chat !== undefined && member.max_assigned_chat > -1 ? String(member.max_assigned_chat) : '';

export function MemberRow({
  projectId,
  member,
  me,
  onSaved,
  onRemoved,
}: {
  projectId: string;
  member: Member;
  me: Me;
  onSaved: (member: Member) => void;
  onRemoved: (id: string) => void;
}) {
  const name = memberName(member);
  const isSelf = member._id === me.projectUserId;
  const locked = member.role === 'owner' && me.role !== 'owner';
  const [pending, setPending] = useState<MemberChanges>({});
  const [limit, setLimit] = useState(limitText(member));
  const { saving, save } = useSaving();
  const shown = { ...member, ...pending };

  async function change(changes: MemberChanges, success: string) {
    setPending(changes);
    const updated = await save(() => updateMember(projectId, member._id, changes), {
      success,
      rollback: () => setLimit(limitText(member)),
    });
    setPending({});
    if (updated) {
      setLimit(limitText(updated));
      onSaved(updated);
    }
  }

  function commitLimit(text: string) {
    const value = text.trim() === '' ? -1 : Number(text);
    if (!Number.isInteger(value) || value < -1) {
      setLimit(limitText(member));
      notify('error', t('team.members.limitInvalid'));
      return;
    }
    if (value === (member.max_assigned_chat ?? -1)) return;
    void change({ max_assigned_chat: value }, t('team.members.limitSaved', { name }));
  }

  async function remove() {
    const removed = await save(
      async () => {
        await removeMember(projectId, member._id);
        return true;
      },
      { success: t('team.members.removed', { name }) },
    );
    if (removed) onRemoved(member._id);
  }

  return (
    <tr>
      <th scope="row">
        <span class="member-name">
          {name} {isSelf && <span class="badge">{t('team.members.you')}</span>}
        </span>
        <span class="muted member-email">{memberEmail(member)}</span>
      </th>
      <td>
        <select
          aria-label={t('team.members.roleOf', { name })}
          value={shown.role}
          disabled={saving || isSelf || locked}
          onChange={(event) => void change({ role: event.currentTarget.value }, t('team.members.roleSaved', { name }))}
        >
          {rolesToGive(me.role, member.role).map((role) => (
            <option key={role} value={role}>
              {roleName(role)}
            </option>
          ))}
        </select>
      </td>
      <td>{member.number_assigned_requests}</td>
      <td>
        <input
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          aria-label={t('team.members.limitOf', { name })}
          placeholder={t('team.members.limitDefault')}
          value={limit}
          disabled={saving || locked}
          onInput={(event) => setLimit(event.currentTarget.value)}
          onChange={(event) => commitLimit(event.currentTarget.value)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('team.members.availableOf', { name })}
          checked={shown.user_available}
          disabled={saving || locked}
          onChange={(event) =>
            void change(
              { user_available: event.currentTarget.checked },
              t(event.currentTarget.checked ? 'team.members.nowAvailable' : 'team.members.nowUnavailable', { name }),
            )
          }
        />
      </td>
      <td>
        {!isSelf && !locked && (
          <ConfirmButton
            label={t('team.members.remove')}
            ariaLabel={t('team.members.removeName', { name })}
            confirmLabel={t('team.members.removeConfirm')}
            question={t('team.members.removeQuestion', { name })}
            disabled={saving}
            onConfirm={() => void remove()}
          />
        )}
      </td>
    </tr>
  );
}
