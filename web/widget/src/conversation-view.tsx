/**
 * A conversation: its history, live; the composer (or, before the first message, the pre-chat or
 * offline form); once closed, the rating. The visitor may close it and download its transcript.
 * A new conversation gets its `support-group-<project>-<32 hex>` id when first sent to, and keeps
 * it when that fails, so sending again never starts a second one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from './api';
import { Composer } from './composer';
import { conversations, loadConversations, showConversation, startNewConversation } from './conversations';
import { t } from './i18n/i18n';
import { isShown, MessageItem } from './message-item';
import type { Button } from './message-buttons';
import { newRequestId, projectId } from './project';
import { Rating } from './rating';
import { sendMessage, type Introduction, type Outgoing } from './send';
import { session } from './session';
import { settings } from './settings';
import { useConversation } from './use-conversation';
import { VisitorForm } from './visitor-form';

export function ConversationView({ requestId }: { requestId: string | undefined }) {
  const live = useConversation(requestId);
  const [draftId, setDraftId] = useState<string>();
  const [introduction, setIntroduction] = useState<Introduction>();
  const [rated, setRated] = useState<number>();
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const me = session.value?.userId;
  const project = settings.value;
  const listed = conversations.value?.find((conversation) => conversation.requestId === requestId);
  const closed = live.closed || (live.messages.length === 0 && listed?.closed === true);
  const shown = live.messages.filter((message) => isShown(message, me));

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [shown.length, live.typing]);

  async function send(message: Outgoing, first?: Introduction): Promise<void> {
    if (requestId) {
      live.add(await sendMessage(requestId, message));
      return;
    }
    const id = draftId ?? newRequestId(projectId ?? '');
    setDraftId(id);
    await sendMessage(id, message, first ?? introduction ?? {});
    showConversation(id);
    void loadConversations().catch(() => undefined);
  }

  function choose(button: Button) {
    const silent = button.type === 'action' && button.show_echo === false;
    void send({
      text: button.value,
      ...(button.type === 'action' && {
        attributes: { action: button.action, ...(silent && { subtype: 'info' }) },
      }),
    }).catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }

  async function close() {
    if (!requestId || !projectId) return;
    setClosing(true);
    setError('');
    try {
      unwrap(
        await api.PUT('/{project_id}/requests/{request_id}/closeg', {
          params: { path: { project_id: projectId, request_id: requestId } },
        }),
      );
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setClosing(false);
    }
  }

  const lastWithButtons = [...shown].reverse().find((message) => message.sender !== me);
  const needsForm = !requestId && project && (project.offline || (!introduction && project.preChatForm));

  return (
    <section class="conversation" aria-label={t('conversation.label')}>
      {requestId && (
        <div class="conversation-actions">
          <a
            class="transcript"
            href={`/public/requests/${encodeURIComponent(requestId)}/messages.html`}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t('conversation.transcript')}
          </a>
          {!closed && (
            <button type="button" class="link" disabled={closing} onClick={() => void close()}>
              {t('conversation.close')}
            </button>
          )}
        </div>
      )}
      {!requestId && !needsForm && <p class="hint">{project?.greeting ?? t('conversation.hint')}</p>}
      <ol id="messages" class="messages" ref={list} aria-live="polite" aria-label={t('conversation.messages')}>
        {shown.map((message) => (
          <MessageItem
            key={message._id}
            message={message}
            mine={message.sender === me}
            onChoose={message === lastWithButtons && !closed ? choose : undefined}
          />
        ))}
      </ol>
      {live.typing !== undefined && (
        <p class="typing" role="status">
          {t('conversation.typing', { name: live.typing || t('message.team') })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {closed && requestId ? (
        <div class="closed">
          <Rating
            requestId={requestId}
            rated={rated ?? listed?.rating}
            onRated={(rating) => {
              setRated(rating);
              void loadConversations().catch(() => undefined);
            }}
          />
          <button type="button" class="primary" onClick={startNewConversation}>
            {t('home.newConversation')}
          </button>
        </div>
      ) : needsForm ? (
        <VisitorForm
          kind={project.offline ? 'offline' : 'prechat'}
          departments={project.departments}
          onSubmit={async (given, text) => {
            if (project.offline) await send({ text }, given);
            else setIntroduction(given);
          }}
        />
      ) : (
        <Composer requestId={requestId} disabled={!projectId} onSend={(message) => send(message)} />
      )}
    </section>
  );
}
