/** The alerts' switches: the beep, and desktop notifications (asked for here, never on load). */
import { t } from '../i18n/i18n';
import { notify, messageOf } from '../ui/toasts';
import { desktop, desktopSupported, disableDesktop, enableDesktop, setSound, soundOn } from './alerts';

export function AlertSettings() {
  const choice = desktop.value;
  return (
    <div class="inbox-alerts">
      <label>
        <input type="checkbox" checked={soundOn.value} onChange={(event) => setSound(event.currentTarget.checked)} />{' '}
        {t('inbox.alerts.sound')}
      </label>
      {desktopSupported &&
        (choice === 'on' ? (
          <button type="button" class="inbox-secondary" onClick={disableDesktop}>
            {t('inbox.alerts.desktopOff')}
          </button>
        ) : choice === 'denied' ? (
          <span class="muted">{t('inbox.alerts.desktopDenied')}</span>
        ) : (
          <button
            type="button"
            class="inbox-secondary"
            onClick={() => void enableDesktop().catch((failure: unknown) => notify('error', messageOf(failure)))}
          >
            {t('inbox.alerts.desktopOn')}
          </button>
        ))}
    </div>
  );
}
