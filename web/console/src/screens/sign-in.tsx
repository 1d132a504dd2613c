/**
 * Sign in with an email and a password (POST /auth/signin), or create an account first
 * (POST /auth/signup, then sign in): the first step of a new owner's path to a live conversation.
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { startSession } from '../session';
import { language, t } from '../i18n/i18n';

async function signIn(email: string, password: string): Promise<void> {
  const { token, user } = unwrap(await api.POST('/auth/signin', { body: { email, password } }));
  startSession({ token, user });
}

export function SignIn() {
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    setError('');
    setBusy(true);
    try {
      if (creating) {
        unwrap(
          await api.POST('/auth/signup', {
            body: {
              email: field('email'),
              password: String(form.get('password')),
              firstname: field('firstname'),
              lastname: field('lastname'),
              language: language.value,
            },
          }),
        );
      }
      await signIn(field('email'), String(form.get('password')));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <form class="card narrow" onSubmit={(event) => void submit(event)}>
      <h2>{creating ? t('signUp.title') : t('signIn.title')}</h2>
      {creating && (
        <>
          <label>
            {t('signUp.firstname')} <input name="firstname" autoComplete="given-name" required />
          </label>
          <label>
            {t('signUp.lastname')} <input name="lastname" autoComplete="family-name" required />
          </label>
        </>
      )}
      <label>
        {t('signIn.email')} <input type="email" name="email" autoComplete="username" required />
      </label>
      <label>
        {t('signIn.password')}{' '}
        <input type="password" name="password" autoComplete={creating ? 'new-password' : 'current-password'} required />
      </label>
      <button type="submit" disabled={busy}>
        {creating ? t('signUp.submit') : t('signIn.submit')}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
      <p>
        <button
          type="button"
          class="link"
          onClick={() => {
            setCreating(!creating);
            setError('');
          }}
        >
          {creating ? t('signUp.haveAccount') : t('signUp.create')}
        </button>
      </p>
    </form>
  );
}
