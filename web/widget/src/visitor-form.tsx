/**
 * What the chat asks before a conversation starts: the pre-chat form (name, email, and the
 * department when there are several) when the project asks for it, or the offline form (name,
 * email, the message itself) when nobody is there to answer: that message starts a conversation
 * the team reads later, and the email is where their reply goes.
 */
import { useState } from 'preact/hooks';
import { t } from './i18n/i18n';
import type { Introduction } from './send';
import { hostUser } from './session';
import type { Department } from './settings';

export function VisitorForm({
  kind,
  departments,
  onSubmit,
}: {
  kind: 'prechat' | 'offline';
  departments: Department[];
  /** Rejects with the reason shown to the visitor. */
  onSubmit: (introduction: Introduction, message: string) => Promise<void>;
}) {
  const [name, setName] = useState(hostUser.value.name ?? '');
  const [email, setEmail] = useState(hostUser.value.email ?? '');
  const [departmentId, setDepartmentId] = useState(departments[0]?.id ?? '');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const offline = kind === 'offline';

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onSubmit({ name: name.trim(), email: email.trim(), ...(departmentId && { departmentId }) }, message.trim());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class={`visitor-form ${kind}`} onSubmit={(event) => void submit(event)} aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{t(offline ? 'offline.title' : 'prechat.title')}</h2>
      <p>{t(offline ? 'offline.intro' : 'prechat.intro')}</p>
      <label for={`${kind}-name`}>{t('form.name')}</label>
      <input
        id={`${kind}-name`}
        autocomplete="name"
        required
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <label for={`${kind}-email`}>{t('form.email')}</label>
      <input
        id={`${kind}-email`}
        type="email"
        autocomplete="email"
        required
        value={email}
        onInput={(event) => setEmail(event.currentTarget.value)}
      />
      {departments.length > 0 && (
        <>
          <label for={`${kind}-department`}>{t('form.department')}</label>
          <select
            id={`${kind}-department`}
            value={departmentId}
            onChange={(event) => setDepartmentId(event.currentTarget.value)}
          >
            {departments.map((department) => (
              <option key={department.id} value={department.id}>
                {department.name}
              </option>
            ))}
          </select>
        </>
      )}
      {offline && (
        <>
          <label for="offline-message">{t('form.message')}</label>
          <textarea
            id="offline-message"
            required
            rows={4}
            value={message}
            onInput={(event) => setMessage(event.currentTarget.value)}
          />
        </>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t(offline ? 'offline.send' : 'prechat.start')}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
    </form>
  );
}
