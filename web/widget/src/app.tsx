/**
 * The chat: the project's header (logo, title, the launcher's minimise button when framed), then
 * the conversation on screen, a new one, or the home screen listing the visitor's conversations.
 * A page opened without a valid `?project=` says so and sends nothing.
 */
import { useEffect } from 'preact/hooks';
import { composing, conversations, currentRequestId, loadConversations, showConversation } from './conversations';
import { ConversationView } from './conversation-view';
import { emit, framed, requestClose, whenSignedOut } from './embed';
import { Home } from './home';
import { t } from './i18n/i18n';
import { projectId } from './project';
import { customToken, session } from './session';
import { applySettings, loadSettings, settings, settingsError } from './settings';
import { signedIn, signOut } from './sign-in';

function start(): void {
  applySettings();
  whenSignedOut(() => {
    signOut();
    showConversation(undefined);
    conversations.value = [];
  });
  void loadSettings().then(() => emit('ready', { signedIn: session.value !== undefined }));
}

export function App() {
  useEffect(() => {
    if (projectId) start();
  }, []);

  // A visitor (back, or signed in by the site) sees their conversations; a new visitor, none.
  const token = session.value?.token;
  useEffect(() => {
    if (!projectId) return;
    void loadConversations().catch(() => (conversations.value = []));
  }, [token]);

  // The site signed its own user in: they become the visitor now, with their conversations.
  const custom = customToken.value;
  useEffect(() => {
    if (!custom || session.value?.customToken === custom) return;
    showConversation(undefined);
    void signedIn().catch(() => undefined);
  }, [custom]);

  const project = settings.value;
  const list = conversations.value;
  const requestId = currentRequestId.value;
  const showHome = !requestId && !composing.value && list !== undefined && list.length > 0;

  return (
    <main class="widget">
      <header class="bar">
        {project?.logo && <img class="logo" src={project.logo} alt="" />}
        <h1>{project?.title ?? project?.projectName ?? t('app.title')}</h1>
        {(requestId || composing.value) && list !== undefined && list.length > 0 && (
          <button type="button" class="icon" onClick={() => showConversation(undefined)}>
            {t('app.conversations')}
          </button>
        )}
        {framed && (
          <button type="button" class="icon" aria-label={t('app.minimise')} onClick={requestClose}>
            <span aria-hidden="true">✕</span>
          </button>
        )}
      </header>
      {!projectId ? (
        <>
          <p class="error" role="alert">
            {t('app.noProject')}
          </p>
          <ConversationView requestId={undefined} />
        </>
      ) : settingsError.value ? (
        <p class="error" role="alert">
          {t('app.loadFailed', { reason: settingsError.value })}
        </p>
      ) : !requestId && !composing.value && list === undefined ? (
        <p class="hint" role="status">
          {t('app.loading')}
        </p>
      ) : showHome ? (
        <Home />
      ) : (
        <ConversationView key={requestId ?? 'new'} requestId={requestId} />
      )}
    </main>
  );
}
