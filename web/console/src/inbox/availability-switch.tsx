/**
 * The signed-in agent's availability in this project, always in the header: available (routing
 * gives them conversations), busy (no new conversations, still at work: `profileStatus` "busy")
 * or unavailable. Read from their membership (GET /project_users/me), followed live (another tab,
 * an admin, the server itself may change it) and saved with PUT /project_users; a failed save
 * says so and puts the previous state back.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { realtime } from '../realtime/connection';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';

type Availability = 'available' | 'busy' | 'unavailable';
const CHOICES: Availability[] = ['available', 'busy', 'unavailable'];

interface Membership {
  _id: string;
  user_available: boolean;
  profileStatus?: string;
  /** The chat limit is reached: routing skips them whatever they chose. */
  isBusy?: boolean;
}

function availabilityOf(membership: Membership): Availability {
  if (membership.profileStatus === 'busy') return 'busy';
  return membership.user_available ? 'available' : 'unavailable';
}

const CHANGES: Record<Availability, { user_available: boolean; profileStatus: string }> = {
  available: { user_available: true, profileStatus: '' },
  busy: { user_available: false, profileStatus: 'busy' },
  unavailable: { user_available: false, profileStatus: '' },
};

export function AvailabilitySwitch({ projectId }: { projectId: string }) {
  const [membership, setMembership] = useState<Membership | undefined>();
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    let stop: (() => void) | undefined;
    api
      .GET('/{project_id}/project_users/me', { params: { path: { project_id: projectId } } })
      .then(unwrap)
      .then(([own]) => {
        if (!current || !own) return;
        setMembership(own);
        stop = realtime().listen(`/${projectId}/project_users/${own._id}`, (frame) => {
          const next = frame.message as Membership;
          if (next && typeof next.user_available === 'boolean') setMembership(next);
        });
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
      stop?.();
    };
  }, [projectId]);

  async function choose(next: Availability) {
    if (!membership) return;
    const before = membership;
    setMembership({ ...membership, ...CHANGES[next] });
    setSaving(true);
    try {
      const saved = unwrap(
        await api.PUT('/{project_id}/project_users', {
          params: { path: { project_id: projectId } },
          body: CHANGES[next],
        }),
      );
      setMembership(saved);
    } catch (failure) {
      setMembership(before);
      notify('error', t('inbox.availability.failed', { message: messageOf(failure) }));
    } finally {
      setSaving(false);
    }
  }

  if (!membership) {
    return failed ? <span class="availability availability-unknown">{t('inbox.availability.unknown')}</span> : null;
  }
  const value = availabilityOf(membership);
  return (
    <label class={`availability availability-${value}`}>
      <span class="availability-dot" aria-hidden="true" />
      <span class="availability-text">{t('inbox.availability.label')}</span>
      <select
        value={value}
        disabled={saving}
        onChange={(event) => void choose(event.currentTarget.value as Availability)}
      >
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`inbox.availability.${choice}`)}
          </option>
        ))}
      </select>
      {membership.isBusy && <span class="muted">{t('inbox.availability.limit')}</span>}
    </label>
  );
}
