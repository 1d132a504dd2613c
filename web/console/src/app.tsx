/**
 * The console's frame: a header (project navigation, availability, connection, language, sign
 * out) and the screen the session and URL call for. Each project screen is keyed by its project:
 * nothing of one project's state carries over to another's.
 */
import type { ComponentType } from 'preact';
import { session, endSession } from './session';
import { route, projectHref, SECTIONS, type Section } from './router';
import { LANGUAGES, language, setLanguage, t, type Language } from './i18n/i18n';
import { SignIn } from './screens/sign-in';
import { Projects } from './screens/projects';
import { Toasts } from './ui/toasts';
import { ConnectionBadge } from './realtime/connection-badge';
import { AnalyticsPage } from './analytics/analytics-page';
import { InboxPage } from './inbox/inbox-page';
import { AvailabilitySwitch } from './inbox/availability-switch';
import { ContactsPage } from './contacts/contacts-page';
import { BotsPage } from './bots/bots-page';
import { CannedPage } from './canned/canned-page';
import { TeamPage } from './team/team-page';
import { SettingsPage } from './settings/settings-page';
import { WebhooksPage } from './webhooks/webhooks-page';

type ProjectScreen = ComponentType<{ projectId: string; rest: string[] }>;

const SCREENS: Record<Section, ProjectScreen> = {
  inbox: InboxPage,
  contacts: ContactsPage,
  bots: BotsPage,
  canned: CannedPage,
  team: TeamPage,
  settings: SettingsPage,
  webhooks: WebhooksPage,
  analytics: ({ projectId }) => <AnalyticsPage projectId={projectId} />,
};

export function App() {
  const current = route.value;
  const projectId = session.value && current.screen !== 'projects' ? current.projectId : undefined;
  const Screen = current.screen !== 'projects' ? SCREENS[current.screen] : undefined;
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="bar">
        <h1>
          <a href="#/">{t('app.title')}</a>
        </h1>
        {projectId && <AvailabilitySwitch key={projectId} projectId={projectId} />}
        <span class="spacer" />
        {session.value && <ConnectionBadge />}
        <label class="language">
          {t('app.language')}{' '}
          <select value={language.value} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </select>
        </label>
        {session.value && (
          <button type="button" onClick={endSession}>
            {t('app.signOut')}
          </button>
        )}
      </header>
      {projectId && current.screen !== 'projects' && (
        <nav class="sections" aria-label={t('nav.label')}>
          <a href="#/">{t('nav.projects')}</a>
          {SECTIONS.map((section) => (
            <a
              key={section}
              href={projectHref(projectId, section)}
              aria-current={section === current.screen ? 'page' : undefined}
            >
              {t(`nav.${section}`)}
            </a>
          ))}
        </nav>
      )}
      <main id="main">
        {!session.value ? (
          <SignIn />
        ) : Screen && projectId && current.screen !== 'projects' ? (
          <Screen key={projectId} projectId={projectId} rest={current.rest} />
        ) : (
          <Projects />
        )}
      </main>
      <Toasts />
    </>
  );
}
