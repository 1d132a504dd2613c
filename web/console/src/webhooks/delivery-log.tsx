/**
 * The delivery log: each delivery's event, target, status, attempts and the target's answer,
 * newest first, a page at a time. While a delivery on the page is still pending (queued, or
 * between retries) the page is read again every few seconds. The server's log is the project's:
 * the subscription filter narrows the page shown.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatNumber, language, t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf } from '../ui/toasts';
import { listDeliveries, LOG_PAGE_SIZE, type Delivery, type Subscription } from './webhooks-data';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; deliveries: Delivery[] };

const POLL_MS = 3000;

function formatMoment(iso: string | undefined): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(language.value, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

function statusOf(delivery: Delivery): string {
  if (delivery.status === 'delivered') return t('webhooks.statusDelivered');
  if (delivery.status === 'failed') return t('webhooks.statusFailed');
  return delivery.attempts > 0 ? t('webhooks.statusRetrying') : t('webhooks.statusQueued');
}

function answerOf(delivery: Delivery): string {
  const status = delivery.response_status !== undefined ? `HTTP ${delivery.response_status}` : '';
  // The error of a failed attempt starts with its status already ("HTTP 500: ...").
  return delivery.error ?? status;
}

export function DeliveryLog({
  projectId,
  subscriptions,
  refresh,
}: {
  projectId: string;
  subscriptions: Subscription[];
  /** Changes when something may have added deliveries (a new subscription, a test). */
  refresh: number;
}) {
  const [page, setPage] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reads, setReads] = useState(0);
  const [only, setOnly] = useState('');

  useEffect(() => {
    let current = true;
    listDeliveries(projectId, page)
      .then((deliveries) => current && setLoad({ state: 'ready', deliveries }))
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, page, reads, refresh]);

  const pending = load.state === 'ready' && load.deliveries.some((delivery) => delivery.status === 'pending');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setReads((value) => value + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, load]);

  const shown = load.state === 'ready' ? load.deliveries.filter((d) => !only || d.subscription_id === only) : [];
  const full = load.state === 'ready' && load.deliveries.length === LOG_PAGE_SIZE;
  return (
    <section class="card delivery-log" aria-labelledby="webhooks-log-title">
      <div class="log-head">
        <h3 id="webhooks-log-title">{t('webhooks.logTitle')}</h3>
        <label>
          {t('webhooks.logFilter')}
          <select value={only} onChange={(event) => setOnly(event.currentTarget.value)}>
            <option value="">{t('webhooks.logAll')}</option>
            {subscriptions.map((subscription) => (
              <option key={subscription._id} value={subscription._id}>
                {`${subscription.event} → ${subscription.target}`}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={() => setReads((value) => value + 1)}>
          {t('webhooks.logRefresh')}
        </button>
      </div>
      <p class="muted">{t('webhooks.logRetries')}</p>
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={t('status.error', { message: load.message })} />
      ) : shown.length === 0 ? (
        <Status kind="empty" text={page > 0 || only ? t('webhooks.logNoneHere') : t('webhooks.logEmpty')} />
      ) : (
        <div class="table-scroll">
          <table class="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.logWhen')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.target')}</th>
                <th scope="col">{t('webhooks.logStatus')}</th>
                <th scope="col">{t('webhooks.logAttempts')}</th>
                <th scope="col">{t('webhooks.logAnswer')}</th>
                <th scope="col">{t('webhooks.logDelivered')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((delivery) => (
                <tr key={delivery._id} class={`delivery-${delivery.status}`}>
                  <td>{formatMoment(delivery.createdAt)}</td>
                  <td>
                    <code>{delivery.event}</code>
                  </td>
                  <td class="target">{delivery.target}</td>
                  <td>{statusOf(delivery)}</td>
                  <td>{formatNumber(delivery.attempts)}</td>
                  <td class="answer">{answerOf(delivery)}</td>
                  <td>{formatMoment(delivery.delivered_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('webhooks.logPages')}>
        <button type="button" class="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('webhooks.previous')}
        </button>
        <span>{t('webhooks.page', { page: page + 1 })}</span>
        <button type="button" class="secondary" disabled={!full} onClick={() => setPage(page + 1)}>
          {t('webhooks.next')}
        </button>
      </nav>
    </section>
  );
}
