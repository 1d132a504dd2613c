/** The contacts list: a full-text search, one page at a time, each contact's tags, a CSV export. */
import { useEffect, useState } from 'preact/hooks';
import { projectHref } from '../router';
import { formatNumber, t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import { downloadLeadsCsv, listLeads, PAGE_SIZE, SORTS, type LeadPage, type SortChoice } from './contacts-data';
import { formatMoment, nameOf } from './format';
import { TagList } from './tag-list';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; page: LeadPage };

/** How long typing pauses before the search runs, so each key press does not ask the server. */
const SEARCH_DELAY_MS = 300;

export function ContactList({ projectId }: { projectId: string }) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<SortChoice>('newest');
  const [page, setPage] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed);
      setPage(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    // An answer to a search or page changed since is dropped.
    let current = true;
    // A page already shown stays until the next one arrives (no flash of "Loading" while typing).
    setLoad((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    listLeads(projectId, search, order, page)
      .then((result) => current && setLoad({ state: 'ready', page: result }))
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, search, order, page]);

  async function exportCsv() {
    setExporting(true);
    try {
      await downloadLeadsCsv(projectId, search, order);
    } catch (failure) {
      notify('error', t('contacts.exportFailed', { message: messageOf(failure) }));
    } finally {
      setExporting(false);
    }
  }

  const pages = load.state === 'ready' ? Math.max(1, Math.ceil(load.page.count / PAGE_SIZE)) : 1;
  return (
    <section class="contacts" aria-labelledby="contacts-title">
      <header class="page-head">
        <h2 id="contacts-title">{t('contacts.title')}</h2>
        <div class="actions">
          <button type="button" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? t('contacts.exporting') : t('contacts.export')}
          </button>
        </div>
      </header>
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('contacts.search')}
          <input
            type="search"
            value={typed}
            placeholder={t('contacts.searchHint')}
            onInput={(event) => setTyped(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('contacts.sort')}
          <select
            value={order}
            onChange={(event) => {
              setOrder(event.currentTarget.value as SortChoice);
              setPage(0);
            }}
          >
            {(Object.keys(SORTS) as SortChoice[]).map((choice) => (
              <option key={choice} value={choice}>
                {t(`contacts.sort.${choice}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={t('status.error', { message: load.message })} />
      ) : load.page.leads.length === 0 ? (
        <Status kind="empty" text={search.trim() ? t('contacts.noMatch') : t('contacts.empty')} />
      ) : (
        <>
          <p class="muted" role="status">
            {t('contacts.count', { count: load.page.count })}
          </p>
          <div class="table-scroll">
            <table class="contacts-table">
              <thead>
                <tr>
                  <th scope="col">{t('contacts.name')}</th>
                  <th scope="col">{t('contacts.email')}</th>
                  <th scope="col">{t('contacts.phone')}</th>
                  <th scope="col">{t('contacts.tags')}</th>
                  <th scope="col">{t('contacts.created')}</th>
                </tr>
              </thead>
              <tbody>
                {load.page.leads.map((lead) => (
                  <tr key={lead._id}>
                    <th scope="row">
                      <a href={projectHref(projectId, 'contacts', lead._id)}>{nameOf(lead)}</a>
                    </th>
                    <td>{lead.email ?? ''}</td>
                    <td>{lead.phone ?? ''}</td>
                    <td>
                      <TagList tags={lead.tags} />
                    </td>
                    <td>{formatMoment(lead.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={t('contacts.pages')}>
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              {t('contacts.previous')}
            </button>
            <span>{t('contacts.pageOf', { page: formatNumber(page + 1), pages: formatNumber(pages) })}</span>
            <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
              {t('contacts.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
