/**
 * The visitor's composer: a message, or a file to send (uploaded first). While the visitor types,
 * the team is told so at most every THROTTLE_MS, and told they stopped once they send.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { upload } from './attachments';
import { panelOpen } from './embed';
import { t } from './i18n/i18n';
import { projectId } from './project';
import { postTyping, type Outgoing } from './send';

const THROTTLE_MS = 3000;

export function Composer({
  requestId,
  disabled = false,
  onSend,
}: {
  /** The conversation typed into, once it exists (typing signs need it). */
  requestId: string | undefined;
  disabled?: boolean;
  /** Sends; rejects with the reason shown to the visitor. */
  onSend: (message: Outgoing) => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const lastTyping = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const files = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (panelOpen.value && !disabled) input.current?.focus();
  }, [panelOpen.value, disabled]);

  function typed(value: string) {
    setText(value);
    if (!requestId || value.trim() === '') return;
    if (Date.now() - lastTyping.current < THROTTLE_MS) return;
    lastTyping.current = Date.now();
    postTyping(requestId, true);
  }

  /** Sends what `make` gives; shows why it failed, if it did. */
  async function send(make: () => Promise<Outgoing>, after: () => void) {
    setBusy(true);
    setError('');
    try {
      await onSend(await make());
      after();
      if (requestId && lastTyping.current > 0) postTyping(requestId, false);
      lastTyping.current = 0;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    const message = text.trim();
    if (message)
      void send(
        async () => ({ text: message }),
        () => setText(''),
      );
  }

  function attach() {
    const file = files.current?.files?.[0];
    const project = projectId;
    if (!file || !project) return;
    void send(
      () => upload(project, file),
      () => files.current && (files.current.value = ''),
    );
  }

  return (
    <form id="composer" class="composer" onSubmit={submit}>
      <label for="text" class="visually-hidden">
        {t('composer.label')}
      </label>
      <textarea
        id="text"
        ref={input}
        rows={1}
        value={text}
        placeholder={t('composer.placeholder')}
        disabled={disabled}
        onInput={(event) => typed(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) submit(event);
        }}
      />
      <label class="attach" title={t('composer.attach')}>
        <span class="visually-hidden">{t('composer.attach')}</span>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" class="clip">
          <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5" />
        </svg>
        <input ref={files} type="file" class="visually-hidden" disabled={disabled || busy} onChange={attach} />
      </label>
      <button type="submit" disabled={disabled || busy}>
        {t('composer.send')}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
    </form>
  );
}
