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
import { lazyScreen } from './ui/lazy-screen';
import { ConnectionBadge } from './realtime/connection-badge';
import { InboxPage } from './inbox/inbox-page';
import { AvailabilitySwitch } from './inbox/availability-switch';

type ProjectScreen = ComponentType<{ projectId: string; rest: string[] }>;

// Only the inbox, where an agent spends the day, is in the first bundle: every other section's
// code (Analytics brings Chart.js) loads when it is first opened.
const AnalyticsPage = lazyScreen(() => import('./analytics/analytics-page').then((module) => module.AnalyticsPage));
const ContactsPage = lazyScreen(() => import('./contacts/contacts-page').then((module) => module.ContactsPage));
const BotsPage = lazyScreen(() => import('./bots/bots-page').then((module) => module.BotsPage));
const CannedPage = lazyScreen(() => import('./canned/canned-page').then((module) => module.CannedPage));
const TeamPage = lazyScreen(() => import('./team/team-page').then((module) => module.TeamPage));
const SettingsPage = lazyScreen(() => import('./settings/settings-page').then((module) => module.SettingsPage));
const WebhooksPage = lazyScreen(() => import('./webhooks/webhooks-page').then((module) => module.WebhooksPage));

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
