/**
 * The team, for a project's owners and admins, in four views (`#/<project>/team/<view>`):
 * members (roles, chat limits, availability), invitations, departments, groups.
 */
import { projectHref } from '../router';
import { t } from '../i18n/i18n';
import { AdminGate, type Me } from './admin-access';
import { MembersView } from './members-view';
import { InvitationsView } from './invitations-view';
import { DepartmentsView } from './departments-view';
import { GroupsView } from './groups-view';
import './team.css';

const VIEWS = ['members', 'invitations', 'departments', 'groups'] as const;
type View = (typeof VIEWS)[number];

const isView = (value: string | undefined): value is View => (VIEWS as readonly string[]).includes(value ?? '');

function ViewOf({ view, projectId, me }: { view: View; projectId: string; me: Me }) {
  switch (view) {
    case 'members':
      return <MembersView projectId={projectId} me={me} />;
    case 'invitations':
      return <InvitationsView projectId={projectId} me={me} />;
    case 'departments':
      return <DepartmentsView projectId={projectId} />;
    case 'groups':
      return <GroupsView projectId={projectId} />;
  }
}

export function TeamPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  const view = isView(rest[0]) ? rest[0] : 'members';
  return (
    <section class="team" aria-labelledby="team-title">
      <header class="page-head">
        <h2 id="team-title">{t('team.title')}</h2>
      </header>
      <nav class="team-views" aria-label={t('team.views')}>
        {VIEWS.map((option) => (
          <a
            key={option}
            href={projectHref(projectId, 'team', option)}
            aria-current={option === view ? 'page' : undefined}
          >
            {t(`team.view.${option}`)}
          </a>
        ))}
      </nav>
      <AdminGate projectId={projectId}>
        {(me) => <ViewOf key={view} view={view} projectId={projectId} me={me} />}
      </AdminGate>
    </section>
  );
}
