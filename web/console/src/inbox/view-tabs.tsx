/** The views (Mine, Unassigned, All open, Bot-served, Closed), each with its live count. */
import { formatNumber, t } from '../i18n/i18n';
import type { Counts } from './data';
import { VIEWS, type ViewId } from './views';

export function ViewTabs({
  view,
  counts,
  onChange,
}: {
  view: ViewId;
  counts: Counts | undefined;
  onChange: (view: ViewId) => void;
}) {
  return (
    <div class="inbox-views" role="group" aria-label={t('inbox.views')}>
      {VIEWS.map((id) => (
        <button
          key={id}
          type="button"
          class="inbox-view"
          aria-pressed={id === view}
          data-view={id}
          onClick={() => onChange(id)}
        >
          {t(`inbox.view.${id}`)}{' '}
          <span class="inbox-count" data-count={counts?.[id] ?? ''}>
            {counts ? formatNumber(counts[id]) : '…'}
          </span>
        </button>
      ))}
    </div>
  );
}
