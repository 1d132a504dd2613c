/** The console's frame: a header (language, sign out) and the screen the session and URL call for. */
import { session, endSession } from './session';
import { route } from './router';
import { LANGUAGES, language, setLanguage, t, type Language } from './i18n/i18n';
import { SignIn } from './screens/sign-in';
import { Projects } from './screens/projects';
import { AnalyticsPage } from './analytics/analytics-page';

export function App() {
  const current = route.value;
  return (
    <>
      <header class="bar">
        <h1>
          <a href="#/">{t('app.title')}</a>
        </h1>
        <a href="../dashboard/" class="muted">
          {t('app.dashboard')}
        </a>
        <span class="spacer" />
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
      <main>
        {!session.value ? (
          <SignIn />
        ) : current.screen === 'analytics' ? (
          // A page per project: nothing of one project's state carries over to another's.
          <AnalyticsPage key={current.projectId} projectId={current.projectId} />
        ) : (
          <Projects />
        )}
      </main>
    </>
  );
}
