/**
 * The project's shared secret, with which a website signs custom tokens for its own users
 * (`POST /auth/signinWithCustomToken`). The server never shows a secret again once made, so a
 * new one is shown here once; making it invalidates every token signed with the old one.
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { t } from '../i18n/i18n';
import { ConfirmButton } from '../team/confirm-button';
import { CopyField } from './copy-field';
import { useSaving } from './saving';

export function ProjectKeys({ projectId }: { projectId: string }) {
  const [secret, setSecret] = useState('');
  const { saving, save } = useSaving();

  async function regenerate() {
    const keys = await save(
      async () =>
        unwrap(await api.POST('/{project_id}/keys/generate', { params: { path: { project_id: projectId } } })),
      { success: t('settings.keys.generated') },
    );
    if (keys) setSecret(keys.jwtSecret);
  }

  return (
    <section class="card settings-section" aria-labelledby="settings-keys-title">
      <h3 id="settings-keys-title">{t('settings.keys.title')}</h3>
      <p class="muted">{t('settings.keys.hint')}</p>
      {secret && (
        <>
          <CopyField label={t('settings.keys.secret')} value={secret} />
          <p class="muted">{t('settings.keys.once')}</p>
        </>
      )}
      <div class="actions">
        <ConfirmButton
          label={t('settings.keys.regenerate')}
          confirmLabel={t('settings.keys.confirm')}
          question={t('settings.keys.question')}
          disabled={saving}
          onConfirm={() => void regenerate()}
        />
      </div>
    </section>
  );
}
