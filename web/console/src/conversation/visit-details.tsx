/**
 * Where the conversation came from: the page, the browser (its user agent, shortened), the
 * language, the location and the request's own attributes, as the widget sent them.
 */
import { t } from '../i18n/i18n';
import { browserOf, detailRows } from './details';
import { Rows } from './details-list';
import { safeHref } from '../../../shared/safe-text';
import type { ConversationRequest } from './types';

/** Attributes shown elsewhere (page, browser) or kept by the server for itself (the last message). */
const NOT_SHOWN = new Set(['sourcePage', 'client', 'userAgent', 'last_message', 'decoded_jwt']);

function ownAttributes(attributes: Record<string, unknown> | undefined) {
  return Object.fromEntries(Object.entries(attributes ?? {}).filter(([key]) => !NOT_SHOWN.has(key)));
}

export function VisitDetails({ request }: { request: ConversationRequest }) {
  const page = request.sourcePage ?? (request.attributes?.sourcePage as string | undefined);
  const pageHref = page && /^https?:/i.test(page) ? safeHref(page) : undefined;
  const userAgent = request.userAgent ?? (request.attributes?.client as string | undefined);
  const location = detailRows(request.location);
  const attributes = detailRows(ownAttributes(request.attributes));
  return (
    <>
      <dl class="details">
        <div>
          <dt>{t('conversation.visit.page')}</dt>
          <dd>
            {pageHref ? (
              <a href={pageHref} target="_blank" rel="noopener noreferrer">
                {page}
              </a>
            ) : (
              (page ?? t('conversation.visit.unknown'))
            )}
          </dd>
        </div>
        <div>
          <dt>{t('conversation.visit.browser')}</dt>
          <dd title={userAgent}>{userAgent ? browserOf(userAgent) : t('conversation.visit.unknown')}</dd>
        </div>
        <div>
          <dt>{t('conversation.visit.language')}</dt>
          <dd>{request.language ?? t('conversation.visit.unknown')}</dd>
        </div>
      </dl>
      {location.length > 0 && (
        <>
          <h4>{t('conversation.visit.location')}</h4>
          <Rows rows={location} empty="" />
        </>
      )}
      <h4>{t('conversation.visit.attributes')}</h4>
      <Rows rows={attributes} empty={t('conversation.visit.noAttributes')} />
    </>
  );
}
