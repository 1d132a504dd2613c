/**
 * The settings and team screens are for a project's owners and admins (the server refuses the
 * writes, and some reads, to anyone else with a 403). The caller's own membership says which
 * they are before anything is shown, so an agent reads why, not a broken screen.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, unwrap } from '../api/client';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';

/** Who the caller is in the project: their membership id and role. */
export interface Me {
  projectUserId: string;
  role: string;
}

const isAdmin = (role: string): boolean => role === 'owner' || role === 'admin';

async function loadMe(projectId: string): Promise<Me> {
  const [own] = unwrap(
    await api.GET('/{project_id}/project_users/me', { params: { path: { project_id: projectId } } }),
  );
  if (!own) throw new ApiError(t('team.notMember'), 403);
  return { projectUserId: own._id, role: own.role };
}

/** The "for admins" notice: for a caller below admin, and for any 403 the server answers. */
function ForAdmins() {
  return (
    <div class="for-admins" role="status">
      <p>
        <strong>{t('team.forAdmins.title')}</strong>
      </p>
      <p>{t('team.forAdmins.text')}</p>
    </div>
  );
}

/** A failed load as the screen shows it: the admins' notice for a 403, else the server's message. */
export function LoadFailure({ failure }: { failure: unknown }) {
  if (failure instanceof ApiError && failure.status === 403) return <ForAdmins />;
  const message = failure instanceof Error ? failure.message : String(failure);
  return <Status kind="error" text={t('status.error', { message })} />;
}

type Access = { state: 'loading' } | { state: 'failed'; failure: unknown } | { state: 'ready'; me: Me };

/** Renders `children(me)` for owners and admins; the notice for anyone else. */
export function AdminGate({ projectId, children }: { projectId: string; children: (me: Me) => ComponentChildren }) {
  const [access, setAccess] = useState<Access>({ state: 'loading' });
  useEffect(() => {
    loadMe(projectId)
      .then((me) => setAccess({ state: 'ready', me }))
      .catch((failure: unknown) => setAccess({ state: 'failed', failure }));
  }, [projectId]);

  if (access.state === 'loading') return <Status kind="loading" text={t('status.loading')} />;
  if (access.state === 'failed') return <LoadFailure failure={access.failure} />;
  if (!isAdmin(access.me.role)) return <ForAdmins />;
  return <>{children(access.me)}</>;
}
