/**
 * The signing secret of a subscription just created: the server hands it out this once and never
 * shows it again, so the page says so and offers to copy it.
 */
import { t } from '../i18n/i18n';
import { notify } from '../ui/toasts';

export function SecretNotice({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      notify('success', t('webhooks.secretCopied'));
    } catch {
      notify('error', t('webhooks.copyFailed'));
    }
  }
  return (
    <section class="card secret" aria-labelledby="webhooks-secret-title">
      <h3 id="webhooks-secret-title">{t('webhooks.secretTitle')}</h3>
      <p>{t('webhooks.secretOnce')}</p>
      <p>
        <code class="secret-value">{secret}</code>
      </p>
      <div class="actions">
        <button type="button" onClick={() => void copy()}>
          {t('webhooks.copy')}
        </button>
        <button type="button" class="secondary" onClick={onDismiss}>
          {t('webhooks.secretDone')}
        </button>
      </div>
    </section>
  );
}
