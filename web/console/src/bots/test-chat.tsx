/**
 * The test chat: the admin writes as a visitor and sees the bot's answers as the widget shows
 * them (buttons can be clicked). A conversation is opened on the first question (see
 * test-conversation.ts) and closed when the panel is left or restarted.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';
import { realtime } from '../realtime/connection';
import type { AnswerButton } from './answer-microlanguage';
import { TestConversation, type ChatMessage } from './test-conversation';
import { VisitorMessageView, type VisitorMessage } from './visitor-message';

/** How long the panel waits for the bot before saying it has not answered. */
const PATIENCE_MS = 15_000;
const POLL_MS = 3_000;
/** After this long without an answer, it is also read over HTTP. */
const LATE_MS = 5_000;

type Button = { type?: string; value?: string; link?: string; action?: string; target?: AnswerButton['target'] };

/** A message of the conversation as the widget draws it. */
function visitorMessageOf(message: ChatMessage): VisitorMessage {
  const attributes = message.attributes ?? {};
  const metadata = message.metadata ?? {};
  const text = message.text ?? '';
  if (attributes.subtype === 'info' && (text === '\\agent' || text === '\\close')) {
    return { buttons: [], command: text === '\\agent' ? 'agent' : 'close' };
  }
  const attachment = attributes.attachment as { buttons?: Button[] } | undefined;
  const buttons: AnswerButton[] = (attachment?.buttons ?? []).map((button) => ({
    kind: button.type === 'url' ? 'link' : button.type === 'action' ? 'action' : 'text',
    label: button.value ?? '',
    link: button.link,
    action: button.action,
    target: button.target,
  }));
  const src = typeof metadata.src === 'string' ? metadata.src : undefined;
  const size = {
    ...(typeof metadata.width === 'number' && { width: metadata.width }),
    ...(typeof metadata.height === 'number' && { height: metadata.height }),
  };
  const media =
    src && (message.type === 'image' || message.type === 'frame')
      ? { kind: message.type as 'image' | 'frame', src, ...(metadata.type === 'video' && { video: true }), ...size }
      : undefined;
  return { text, buttons, media };
}

export function TestChat({ projectId, botId }: { projectId: string; botId: string }) {
  const conversation = useRef<TestConversation | undefined>(undefined);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [waitingSince, setWaitingSince] = useState<number | undefined>();
  const [silent, setSilent] = useState(false);

  // The conversation is closed when the panel goes away (another bot, another screen).
  useEffect(() => () => void end(), []);

  const botSender = `bot_${botId}`;
  const botMessages = messages.filter((message) => message.sender === botSender).length;
  const [botCountAtSend, setBotCountAtSend] = useState(0);
  useEffect(() => {
    if (waitingSince !== undefined && botMessages > botCountAtSend) setWaitingSince(undefined);
  }, [botMessages]);
  useEffect(() => {
    if (waitingSince === undefined) return;
    const timer = setTimeout(() => setSilent(true), PATIENCE_MS);
    // The answer comes over the realtime connection. While it is down, or once the answer is
    // late (a busy server, a frame the connection has not brought yet), it is also read over HTTP.
    const poll = setInterval(() => {
      const late = Date.now() - waitingSince >= LATE_MS;
      if (late || realtime().status.value !== 'online') conversation.current?.refresh().catch(() => undefined);
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
  }, [waitingSince]);

  async function end() {
    const current = conversation.current;
    conversation.current = undefined;
    if (!current) return;
    try {
      await current.close();
    } catch (failure) {
      notify('error', t('bots.chat.closeFailed', { message: messageOf(failure) }));
    }
  }

  async function restart() {
    await end();
    setMessages([]);
    setWaitingSince(undefined);
    setSilent(false);
  }

  async function say(text: string, action?: string) {
    if (!text.trim()) return;
    setSending(true);
    setSilent(false);
    try {
      conversation.current ??= await TestConversation.start(projectId, botId, t('bots.chat.guestName'), setMessages);
      setBotCountAtSend(botMessages);
      setWaitingSince(Date.now());
      await conversation.current.say(text, action);
      setDraft('');
    } catch (failure) {
      setWaitingSince(undefined);
      notify('error', t('bots.chat.sendFailed', { message: messageOf(failure) }));
    } finally {
      setSending(false);
    }
  }

  function onButton(button: AnswerButton) {
    void say(button.label, button.kind === 'action' ? button.action : undefined);
  }

  return (
    <section class="card test-chat" aria-labelledby="test-chat-title">
      <header class="page-head">
        <h3 id="test-chat-title">{t('bots.chat.title')}</h3>
        <button
          type="button"
          class="secondary"
          disabled={messages.length === 0 || sending}
          onClick={() => void restart()}
        >
          {t('bots.chat.restart')}
        </button>
      </header>
      <p class="muted">{t('bots.chat.hint')}</p>
      <ol class="chat-log plain" aria-live="polite" aria-label={t('bots.chat.log')}>
        {messages.map((message) =>
          message.sender === botSender ? (
            <li key={message._id} class="from-bot">
              <VisitorMessageView message={visitorMessageOf(message)} onButton={onButton} />
            </li>
          ) : message.sender === 'system' ? (
            <li key={message._id} class="from-system muted">
              {message.text}
            </li>
          ) : (
            <li key={message._id} class="from-visitor">
              <p class="bubble">{message.text}</p>
            </li>
          ),
        )}
      </ol>
      {waitingSince !== undefined && !silent && (
        <p class="muted" role="status">
          {t('bots.chat.waiting')}
        </p>
      )}
      {silent && (
        <p class="muted" role="status">
          {t('bots.chat.silent')}
        </p>
      )}
      <form
        class="chat-input"
        onSubmit={(event) => {
          event.preventDefault();
          void say(draft);
        }}
      >
        <label for="test-chat-question">{t('bots.chat.question')}</label>
        <input
          id="test-chat-question"
          value={draft}
          disabled={sending}
          autocomplete="off"
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" disabled={sending || !draft.trim()}>
          {t('bots.chat.send')}
        </button>
      </form>
    </section>
  );
}
