/**
 * One conversation, as an agent works in it all day: the history (live), the composer, the
 * actions on the conversation and, beside them, the visitor panel. Alt+R (or `r` outside a
 * field) puts the cursor in the composer.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf } from '../ui/toasts';
import { useConversation } from './use-conversation';
import { useTyping } from './use-typing';
import { loadTeam, type Team } from './team';
import { Timeline } from './timeline';
import { Composer, COMPOSER_ID } from './composer';
import { TypingIndicator } from './typing-indicator';
import { ConversationActions } from './conversation-actions';
import { ConversationSummary } from './conversation-summary';
import { VisitorPanel } from './visitor-panel';
import { leadOf } from './types';
import './conversation.css';

function isField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function useComposerShortcut() {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const alt = event.altKey && event.code === 'KeyR';
      const plain = event.key === 'r' && !event.altKey && !event.ctrlKey && !event.metaKey && !isField(event.target);
      if (!alt && !plain) return;
      event.preventDefault();
      document.getElementById(COMPOSER_ID)?.focus();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function ConversationView({ projectId, requestId }: { projectId: string; requestId: string }) {
  const conversation = useConversation(projectId, requestId);
  const typing = useTyping(projectId, requestId);
  const [team, setTeam] = useState<Team | undefined>();
  useComposerShortcut();

  useEffect(() => {
    loadTeam(projectId).then(setTeam, () => setTeam({ agents: [], departments: [], bots: [] }));
  }, [projectId]);

  const { load, request, messages } = conversation;
  if (load.state === 'error') {
    const missing = load.error instanceof ApiError && (load.error.status === 404 || load.error.status === 403);
    return (
      <section class="conversation-view card" aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t('conversation.title')}</h2>
        <Status
          kind="error"
          text={missing ? t('conversation.notFound') : t('status.error', { message: messageOf(load.error) })}
        />
      </section>
    );
  }
  if (load.state === 'loading' || !request) {
    return (
      <section class="conversation-view card" aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t('conversation.title')}</h2>
        <Status kind="loading" text={t('status.loading')} />
      </section>
    );
  }

  const visitor = leadOf(request)?.fullname || t('conversation.visitor');
  return (
    <section class="conversation-view" aria-labelledby="conversation-title">
      <div class="conversation-main card">
        <header class="conversation-head">
          <h2 id="conversation-title">{t('conversation.with', { name: visitor })}</h2>
          <ConversationSummary request={request} team={team} />
          <ConversationActions
            projectId={projectId}
            request={request}
            team={team}
            onRequest={conversation.setRequest}
          />
        </header>
        <Timeline key={requestId} messages={messages} notes={request.notes} team={team} older={conversation.older} />
        <TypingIndicator others={typing.others} />
        <Composer
          key={requestId}
          projectId={projectId}
          request={request}
          typing={typing}
          onSent={conversation.addMessage}
          onRequest={conversation.setRequest}
        />
      </div>
      <VisitorPanel projectId={projectId} request={request} team={team} onRequest={conversation.setRequest} />
    </section>
  );
}
