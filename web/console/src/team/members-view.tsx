/** The team's members: one row each (role, open chats, chat limit, availability), and the chat limits. */
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { LoadFailure, type Me } from './admin-access';
import { ChatLimits } from './chat-limits';
import { MemberRow } from './member-row';
import { listMembers } from './members-data';
import { useLoad } from './use-load';

export function MembersView({ projectId, me }: { projectId: string; me: Me }) {
  const [members, update] = useLoad(() => listMembers(projectId), [projectId]);
  return (
    <div class="team-panel">
      <section class="card" aria-labelledby="team-members-title">
        <h3 id="team-members-title">{t('team.members.title')}</h3>
        {members.state === 'loading' ? (
          <Status kind="loading" text={t('status.loading')} />
        ) : members.state === 'failed' ? (
          <LoadFailure failure={members.failure} />
        ) : members.value.length === 0 ? (
          <Status kind="empty" text={t('team.members.empty')} />
        ) : (
          <div class="table-scroll">
            <table class="team-table">
              <thead>
                <tr>
                  <th scope="col">{t('team.members.member')}</th>
                  <th scope="col">{t('team.members.role')}</th>
                  <th scope="col">{t('team.members.openChats')}</th>
                  <th scope="col">{t('team.members.limit')}</th>
                  <th scope="col">{t('team.members.available')}</th>
                  <th scope="col">
                    <span class="muted">{t('team.members.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.value.map((member) => (
                  <MemberRow
                    key={member._id}
                    projectId={projectId}
                    member={member}
                    me={me}
                    onSaved={(saved) => update((list) => list.map((m) => (m._id === saved._id ? saved : m)))}
                    onRemoved={(id) => update((list) => list.filter((m) => m._id !== id))}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ChatLimits projectId={projectId} />
    </div>
  );
}
