/** How a receiver checks that a delivery comes from Parley (README, "Webhooks"). */
import { t } from '../i18n/i18n';

export function SignatureHelp() {
  return (
    <details class="card signature-help">
      <summary>{t('webhooks.verifyTitle')}</summary>
      <p>{t('webhooks.verifyIntro')}</p>
      <dl>
        <dt>
          <code>X-Parley-Signature</code>
        </dt>
        <dd>
          {t('webhooks.verifySignature')} <code>sha256=HMAC-SHA256(secret, X-Parley-Timestamp + "." + body)</code>
        </dd>
        <dt>
          <code>X-Parley-Timestamp</code>
        </dt>
        <dd>{t('webhooks.verifyTimestamp')}</dd>
        <dt>
          <code>X-Parley-Delivery</code>
        </dt>
        <dd>{t('webhooks.verifyDelivery')}</dd>
        <dt>
          <code>X-Parley-Event</code>
        </dt>
        <dd>{t('webhooks.verifyEvent')}</dd>
      </dl>
      <p>{t('webhooks.verifyCompare')}</p>
    </details>
  );
}
