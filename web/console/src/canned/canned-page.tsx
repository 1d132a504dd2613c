/**
 * Canned responses: the team's shared replies and the caller's private ones, searchable, to
 * create, edit and delete. Edits and deletions show at once and are undone when the server
 * refuses them; a new response appears once the server has it.
 */
import { useEffect, useState } from 'preact/hooks';
import { session } from '../session';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import {
  createCanned,
  curatesCanned,
  deleteCanned,
  listCanned,
  updateCanned,
  type CannedDraft,
  type CannedResponse,
} from './canned-data';
import { CannedForm } from './canned-form';
import { CannedItem } from './canned-item';
import './canned.css';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };
type Audience = 'all' | 'shared' | 'mine';

const SEARCH_DELAY_MS = 300;

export function CannedPage({ projectId }: { projectId: string; rest: string[] }) {
  const me = session.value?.user.id;
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [audience, setAudience] = useState<Audience>('all');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [responses, setResponses] = useState<CannedResponse[]>([]);
  const [curator, setCurator] = useState(false);
  const [creating, setCreating] = useState(false);
  /** The response being saved or deleted ('new' for the one being created). */
  const [busy, setBusy] = useState<string | undefined>();

  useEffect(() => {
    // Without the role, the page still works: it offers changes only on the caller's own responses.
    curatesCanned(projectId)
      .then(setCurator)
      .catch(() => setCurator(false));
  }, [projectId]);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    let current = true;
    // The list already shown stays until the next one arrives (no flash of "Loading" while typing).
    setLoad((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    listCanned(projectId, search)
      .then((list) => {
        if (!current) return;
        setResponses(list);
        setLoad({ state: 'ready' });
      })
      .catch((failure: unknown) => current && setLoad({ state: 'error', message: messageOf(failure) }));
    return () => {
      current = false;
    };
  }, [projectId, search]);

  async function create(draft: CannedDraft) {
    setBusy('new');
    try {
      const created = await createCanned(projectId, draft);
      setResponses((list) => [created, ...list]);
      setCreating(false);
      notify('success', t('canned.created'));
    } catch (failure) {
      notify('error', t('canned.saveFailed', { message: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  async function save(response: CannedResponse, draft: CannedDraft): Promise<boolean> {
    const before = responses;
    setBusy(response._id);
    setResponses(before.map((item) => (item._id === response._id ? { ...item, ...draft } : item)));
    try {
      const saved = await updateCanned(projectId, response._id, draft);
      setResponses((list) => list.map((item) => (item._id === saved._id ? saved : item)));
      notify('success', t('canned.saved'));
      return true;
    } catch (failure) {
      setResponses(before);
      notify('error', t('canned.saveFailed', { message: messageOf(failure) }));
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(response: CannedResponse) {
    const before = responses;
    setBusy(response._id);
    setResponses(before.filter((item) => item._id !== response._id));
    try {
      await deleteCanned(projectId, response._id);
      notify('success', t('canned.deleted'));
    } catch (failure) {
      setResponses(before);
      notify('error', t('canned.deleteFailed', { message: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  const shown = responses.filter(
    (item) => audience === 'all' || (audience === 'shared' ? item.shared : item.createdBy === me && !item.shared),
  );
  return (
    <section class="canned" aria-labelledby="canned-title">
      <header class="page-head">
        <h2 id="canned-title">{t('canned.title')}</h2>
        <div class="actions">
          <button type="button" disabled={creating} onClick={() => setCreating(true)}>
            {t('canned.new')}
          </button>
        </div>
      </header>
      <p class="muted">{curator ? t('canned.introCurator') : t('canned.introAgent')}</p>
      {creating && (
        <CannedForm
          heading={t('canned.newHeading')}
          initial={{ title: '', text: '', shared: curator }}
          saving={busy === 'new'}
          onSave={(draft) => void create(draft)}
          onCancel={() => setCreating(false)}
        />
      )}
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('canned.search')}
          <input type="search" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} />
        </label>
        <label>
          {t('canned.audience')}
          <select value={audience} onChange={(event) => setAudience(event.currentTarget.value as Audience)}>
            <option value="all">{t('canned.audienceAll')}</option>
            <option value="shared">{t('canned.audienceShared')}</option>
            <option value="mine">{t('canned.audienceMine')}</option>
          </select>
        </label>
      </form>
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={t('status.error', { message: load.message })} />
      ) : shown.length === 0 ? (
        <Status kind="empty" text={search.trim() || audience !== 'all' ? t('canned.noMatch') : t('canned.empty')} />
      ) : (
        <ul class="plain canned-list">
          {shown.map((response) => (
            <CannedItem
              key={response._id}
              response={response}
              mine={response.createdBy === me}
              changeable={curator || response.createdBy === me}
              busy={busy === response._id}
              onSave={(draft) => save(response, draft)}
              onDelete={() => void remove(response)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
