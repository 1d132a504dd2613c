/** Sign in with an email and a password (POST /auth/signin), as the dashboard does. */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { startSession } from '../session';
import { t } from '../i18n/i18n';

export function SignIn() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError('');
    setBusy(true);
    try {
      const { token, user } = unwrap(
        await api.POST('/auth/signin', {
          body: { email: String(form.get('email')), password: String(form.get('password')) },
        }),
      );
      startSession({ token, user });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <form class="card narrow" onSubmit={(event) => void submit(event)}>
      <h2>{t('signIn.title')}</h2>
      <label>
        {t('signIn.email')} <input type="email" name="email" autoComplete="username" required />
      </label>
      <label>
        {t('signIn.password')} <input type="password" name="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        {t('signIn.submit')}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
    </form>
  );
}
