/**
 * One subscription: its event, target and state (on, or off and why), with edit, switch on/off,
 * a test delivery and delete. The page saves; this shows and asks.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { Subscription, SubscriptionDraft } from './webhooks-data';
import { SubscriptionForm } from './subscription-form';

export function SubscriptionItem({
  subscription,
  busy,
  onSave,
  onToggle,
  onTest,
  onDelete,
}: {
  subscription: Subscription;
  busy: boolean;
  /** Resolves true when saved, so the form closes only then. */
  onSave: (draft: SubscriptionDraft) => Promise<boolean>;
  onToggle: () => void;
  onTest: () => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = `${subscription.event} → ${subscription.target}`;

  if (editing) {
    return (
      <li class="card">
        <SubscriptionForm
          heading={t('webhooks.editHeading', { name })}
          level={4}
          submitLabel={t('webhooks.save')}
          initial={{ event: subscription.event, target: subscription.target }}
          saving={busy}
          onSave={(draft) => void onSave(draft).then((saved) => saved && setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li class="card subscription">
      <div class="subscription-head">
        <h4>
          <code>{subscription.event}</code>
        </h4>
        <span class={`badge ${subscription.enabled ? 'badge-on' : 'badge-off'}`}>
          {subscription.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
        </span>
      </div>
      <p class="target">{subscription.target}</p>
      {!subscription.enabled && subscription.disabled_reason && (
        <p class="muted">{t('webhooks.disabledReason', { reason: subscription.disabled_reason })}</p>
      )}
      {subscription.consecutive_failures > 0 && (
        <p class="muted">{t('webhooks.failures', { count: subscription.consecutive_failures })}</p>
      )}
      <div class="actions">
        {confirming ? (
          <>
            <button type="button" class="danger" disabled={busy} onClick={onDelete}>
              {t('webhooks.confirmDelete')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t('webhooks.cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={t('webhooks.editNamed', { name })}
              onClick={() => setEditing(true)}
            >
              {t('webhooks.edit')}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={t(subscription.enabled ? 'webhooks.disableNamed' : 'webhooks.enableNamed', { name })}
              onClick={onToggle}
            >
              {subscription.enabled ? t('webhooks.disable') : t('webhooks.enable')}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={t('webhooks.testNamed', { name })}
              onClick={onTest}
            >
              {t('webhooks.test')}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={t('webhooks.deleteNamed', { name })}
              onClick={() => setConfirming(true)}
            >
              {t('webhooks.delete')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}
