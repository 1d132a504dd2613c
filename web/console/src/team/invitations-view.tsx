/**
 * Inviting people by email, and the invitations still pending. An address with a verified
 * account joins at once; any other gets an email and waits here until it signs up (or proves
 * its address), and can be sent the email again or revoked meanwhile.
 */
import { useState } from 'preact/hooks';
import { formatDay, t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { notify } from '../ui/toasts';
import { useSaving } from '../settings/saving';
import { LoadFailure, type Me } from './admin-access';
import { ConfirmButton } from './confirm-button';
import {
  invite,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  roleName,
  rolesToGive,
  memberName,
  type Invitation,
} from './members-data';
import { useLoad } from './use-load';

export function InvitationsView({ projectId, me }: { projectId: string; me: Me }) {
  const [invitations, update] = useLoad(() => listInvitations(projectId), [projectId]);
  return (
    <div class="team-panel">
      <InviteForm
        projectId={projectId}
        me={me}
        onPending={(invitation) =>
          update((list) => [invitation, ...list.filter((other) => other._id !== invitation._id)])
        }
      />
      <section class="card" aria-labelledby="team-pending-title">
        <h3 id="team-pending-title">{t('team.invitations.pending')}</h3>
        {invitations.state === 'loading' ? (
          <Status kind="loading" text={t('status.loading')} />
        ) : invitations.state === 'failed' ? (
          <LoadFailure failure={invitations.failure} />
        ) : invitations.value.length === 0 ? (
          <Status kind="empty" text={t('team.invitations.empty')} />
        ) : (
          <ul class="team-list">
            {invitations.value.map((invitation) => (
              <PendingInvitation
                key={invitation._id}
                projectId={projectId}
                invitation={invitation}
                onResent={(resent) => update((list) => list.map((i) => (i._id === resent._id ? resent : i)))}
                onRevoked={(id) => update((list) => list.filter((i) => i._id !== id))}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function InviteForm({
  projectId,
  me,
  onPending,
}: {
  projectId: string;
  me: Me;
  onPending: (invitation: Invitation) => void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('agent');
  const { saving, save } = useSaving();
  const address = email.trim();

  async function submit(event: Event) {
    event.preventDefault();
    const result = await save(() => invite(projectId, address, role), {
      success: t('team.invitations.sent', { email: address }),
    });
    if (!result) return;
    setEmail('');
    if ('invitation' in result) onPending(result.invitation);
    else notify('info', t('team.invitations.joined', { name: memberName(result.member) }));
  }

  return (
    <section class="card" aria-labelledby="team-invite-title">
      <h3 id="team-invite-title">{t('team.invitations.title')}</h3>
      <p class="muted">{t('team.invitations.hint')}</p>
      <form class="team-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t('team.invitations.email')}
          <input
            type="email"
            required
            autoComplete="off"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('team.invitations.role')}
          <select value={role} onChange={(event) => setRole(event.currentTarget.value)}>
            {rolesToGive(me.role).map((option) => (
              <option key={option} value={option}>
                {roleName(option)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={saving || !address}>
          {saving ? t('settings.saving') : t('team.invitations.invite')}
        </button>
      </form>
    </section>
  );
}

function PendingInvitation({
  projectId,
  invitation,
  onResent,
  onRevoked,
}: {
  projectId: string;
  invitation: Invitation;
  onResent: (invitation: Invitation) => void;
  onRevoked: (id: string) => void;
}) {
  const { saving, save } = useSaving();
  const { email } = invitation;

  async function resend() {
    const resent = await save(() => resendInvitation(projectId, invitation._id), {
      success: t('team.invitations.resent', { email }),
    });
    if (resent) onResent(resent);
  }

  async function revoke() {
    const revoked = await save(
      async () => {
        await revokeInvitation(projectId, invitation._id);
        return true;
      },
      { success: t('team.invitations.revoked', { email }) },
    );
    if (revoked) onRevoked(invitation._id);
  }

  return (
    <li>
      <span class="grow">
        <strong>{email}</strong>
        <span class="muted">
          {t('team.invitations.details', {
            role: roleName(invitation.role),
            date: formatDay(invitation.updatedAt.slice(0, 10)),
          })}
        </span>
      </span>
      <button
        type="button"
        class="secondary"
        disabled={saving}
        aria-label={t('team.invitations.resendTo', { email })}
        onClick={() => void resend()}
      >
        {t('team.invitations.resend')}
      </button>
      <ConfirmButton
        label={t('team.invitations.revoke')}
        ariaLabel={t('team.invitations.revokeFor', { email })}
        confirmLabel={t('team.invitations.revokeConfirm')}
        question={t('team.invitations.revokeQuestion', { email })}
        disabled={saving}
        onConfirm={() => void revoke()}
      />
    </li>
  );
}
