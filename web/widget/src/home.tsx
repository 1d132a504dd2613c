/** The visitor's conversations, newest first, open or closed, and a new one. */
import { conversations, showConversation, startNewConversation } from './conversations';
import { formatDate, t } from './i18n/i18n';
import { settings } from './settings';

export function Home() {
  const list = conversations.value ?? [];
  return (
    <section class="home" aria-labelledby="home-title">
      <h2 id="home-title">{t('home.title')}</h2>
      <p class="hint">{settings.value?.greeting ?? t('home.greeting')}</p>
      <button type="button" class="primary" onClick={startNewConversation}>
        {t('home.newConversation')}
      </button>
      <h3>{t('home.yourConversations')}</h3>
      <ul class="conversation-list">
        {list.map((conversation) => (
          <li key={conversation.requestId}>
            <button type="button" onClick={() => showConversation(conversation.requestId)}>
              <span class="first-text">{conversation.firstText}</span>
              <span class="muted">
                {formatDate(conversation.lastAt)} · {t(conversation.closed ? 'home.closed' : 'home.open')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
