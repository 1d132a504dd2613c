/** Whether live updates are flowing: shown in the header, so a stale screen never looks live. */
import { t } from '../i18n/i18n';
import { realtime } from './connection';

export function ConnectionBadge() {
  const status = realtime().status.value;
  return (
    <span class={`connection connection-${status}`} role="status">
      {t(`connection.${status}`)}
    </span>
  );
}
