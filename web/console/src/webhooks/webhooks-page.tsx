/**
 * Webhooks, for a project's owners and admins: subscriptions (an event POSTed to a URL) to create,
 * change, switch off or on, test and delete; the signing secret of a new one, shown once; how to
 * verify a delivery; and the delivery log. Changes show at once and are undone when refused.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  testSubscription,
  updateSubscription,
  type Subscription,
  type SubscriptionDraft,
} from './webhooks-data';
import { SubscriptionForm } from './subscription-form';
import { SubscriptionItem } from './subscription-item';
import { SecretNotice } from './secret-notice';
import { SignatureHelp } from './signature-help';
import { DeliveryLog } from './delivery-log';
import './webhooks.css';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

function loadError(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 403) return t('webhooks.forbidden');
  return t('status.error', { message: messageOf(failure) });
}

export function WebhooksPage({ projectId }: { projectId: string; rest: string[] }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [subscriptions, setSubscriptions] = useState<Subscription[]>([]);
  /** The subscription being saved ('new' for the one being created). */
  const [busy, setBusy] = useState<string | undefined>();
  const [secret, setSecret] = useState<string | undefined>();
  // The new form starts empty again after each creation.
  const [formKey, setFormKey] = useState(0);
  const [logRefresh, setLogRefresh] = useState(0);

  useEffect(() => {
    let current = true;
    listSubscriptions(projectId)
      .then((list) => {
        if (!current) return;
        setSubscriptions(list);
        setLoad({ state: 'ready' });
      })
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: loadError(failure) }));
    return () => {
      current = false;
    };
  }, [projectId]);

  async function create(draft: SubscriptionDraft) {
    setBusy('new');
    try {
      const created = await createSubscription(projectId, draft);
      setSubscriptions((list) => [
        ...list.filter((item) => item._id !== created.subscription._id),
        created.subscription,
      ]);
      setSecret(created.secret);
      setFormKey((value) => value + 1);
      notify('success', created.secret ? t('webhooks.created') : t('webhooks.existed'));
    } catch (failure) {
      notify('error', t('webhooks.saveFailed', { message: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  /** Shows the change at once, then the server's answer; on failure the list as it was. */
  async function change(item: Subscription, changes: Partial<SubscriptionDraft> & { enabled?: boolean }) {
    const before = subscriptions;
    setBusy(item._id);
    setSubscriptions(before.map((other) => (other._id === item._id ? { ...other, ...changes } : other)));
    try {
      const saved = await updateSubscription(projectId, item._id, changes);
      setSubscriptions((list) => list.map((other) => (other._id === saved._id ? saved : other)));
      notify('success', t('webhooks.saved'));
      return true;
    } catch (failure) {
      setSubscriptions(before);
      notify('error', t('webhooks.saveFailed', { message: messageOf(failure) }));
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(item: Subscription) {
    const before = subscriptions;
    setBusy(item._id);
    setSubscriptions(before.filter((other) => other._id !== item._id));
    try {
      await deleteSubscription(projectId, item._id);
      notify('success', t('webhooks.deleted'));
      setLogRefresh((value) => value + 1);
    } catch (failure) {
      setSubscriptions(before);
      notify('error', t('webhooks.deleteFailed', { message: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  async function test(item: Subscription) {
    setBusy(item._id);
    try {
      const result = await testSubscription(projectId, item._id);
      if (result.success) notify('success', t('webhooks.testPassed', { status: result.status ?? '' }));
      else notify('error', t('webhooks.testFailed', { reason: result.error ?? `HTTP ${result.status ?? '?'}` }));
    } catch (failure) {
      notify('error', t('webhooks.testFailed', { reason: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section class="webhooks" aria-labelledby="webhooks-title">
      <header class="page-head">
        <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      </header>
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={load.message} />
      ) : (
        <>
          <p class="muted">{t('webhooks.intro')}</p>
          {secret && <SecretNotice secret={secret} onDismiss={() => setSecret(undefined)} />}
          <div class="card">
            <SubscriptionForm
              key={formKey}
              heading={t('webhooks.newHeading')}
              submitLabel={t('webhooks.create')}
              initial={{ event: '', target: '' }}
              saving={busy === 'new'}
              onSave={(draft) => void create(draft)}
            />
          </div>
          <SignatureHelp />
          <section aria-labelledby="webhooks-list-title">
            <h3 id="webhooks-list-title" class="section-title">
              {t('webhooks.subscriptions')}
            </h3>
            {subscriptions.length === 0 ? (
              <Status kind="empty" text={t('webhooks.empty')} />
            ) : (
              <ul class="plain subscriptions">
                {subscriptions.map((item) => (
                  <SubscriptionItem
                    key={item._id}
                    subscription={item}
                    busy={busy === item._id}
                    onSave={(draft) => change(item, draft)}
                    onToggle={() => void change(item, { enabled: !item.enabled })}
                    onTest={() => void test(item)}
                    onDelete={() => void remove(item)}
                  />
                ))}
              </ul>
            )}
          </section>
          <DeliveryLog projectId={projectId} subscriptions={subscriptions} refresh={logRefresh} />
        </>
      )}
    </section>
  );
}
