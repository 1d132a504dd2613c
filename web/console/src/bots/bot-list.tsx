/**
 * The project's bots: name, type, description and number of intents, each with its actions
 * (export, fork, delete); above them, creating a bot and importing one from a file.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatNumber, t } from '../i18n/i18n';
import { projectHref } from '../router';
import { Status } from '../screens/status';
import { messageOf, notify } from '../ui/toasts';
import { countIntents, deleteBot, exportBot, importBot, listBots, type Bot } from './bots-api';
import { chosenFileText, downloadBotFile } from './bot-files';
import { botTypeLabel } from './bot-type';
import { ConfirmDialog } from './confirm-dialog';
import { ForkForm } from './fork-form';
import { NewBotForm } from './new-bot-form';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; bots: Bot[] };

export function BotList({ projectId }: { projectId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [counts, setCounts] = useState<Map<string, number> | undefined>();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [forking, setForking] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Bot | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  async function reload() {
    try {
      const [bots, intentCounts] = await Promise.all([listBots(projectId), countIntents(projectId)]);
      setLoad({ state: 'ready', bots });
      setCounts(intentCounts);
    } catch (failure) {
      setLoad({ state: 'error', message: messageOf(failure) });
    }
  }

  useEffect(() => {
    void reload();
  }, [projectId]);

  async function exportOne(bot: Bot) {
    setBusy(bot._id);
    try {
      downloadBotFile(bot.name, await exportBot(projectId, bot._id));
    } catch (failure) {
      notify('error', t('bots.export.failed', { message: messageOf(failure) }));
    } finally {
      setBusy(undefined);
    }
  }

  async function importNew(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const text = await chosenFileText(input);
    input.value = '';
    if (text === undefined) return;
    setImporting(true);
    try {
      // With `create` the server makes a new bot and ignores the id in the path.
      const bot = await importBot(projectId, 'new', text, 'create');
      notify('success', t('bots.import.created', { name: bot.name }));
      await reload();
    } catch (failure) {
      notify('error', t('bots.import.failed', { message: messageOf(failure) }));
    } finally {
      setImporting(false);
    }
  }

  /** Gone from the list at once; back in its place if the server refuses. */
  async function remove(bot: Bot) {
    setDeleting(undefined);
    if (load.state !== 'ready') return;
    const before = load.bots;
    setLoad({ state: 'ready', bots: before.filter((other) => other._id !== bot._id) });
    try {
      await deleteBot(projectId, bot._id);
      notify('success', t('bots.deleted', { name: bot.name }));
    } catch (failure) {
      setLoad({ state: 'ready', bots: before });
      notify('error', t('bots.deleteFailed', { message: messageOf(failure) }));
    }
  }

  return (
    <section class="bots" aria-labelledby="bots-title">
      <header class="page-head">
        <h2 id="bots-title">{t('bots.title')}</h2>
        <div class="actions">
          <button type="button" onClick={() => setCreating(true)} disabled={creating} aria-expanded={creating}>
            {t('bots.new.open')}
          </button>
          <label class="button file-button">
            {importing ? t('bots.import.busy') : t('bots.import.new')}
            <input
              type="file"
              accept=".json,application/json"
              disabled={importing}
              onChange={(event) => void importNew(event)}
            />
          </label>
        </div>
      </header>
      {creating && <NewBotForm projectId={projectId} onCancel={() => setCreating(false)} />}
      {load.state === 'loading' ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : load.state === 'error' ? (
        <Status kind="error" text={t('status.error', { message: load.message })} />
      ) : load.bots.length === 0 ? (
        <Status kind="empty" text={t('bots.empty')} />
      ) : (
        <ul class="bot-list plain">
          {load.bots.map((bot) => (
            <li key={bot._id} class="card bot-card">
              <div class="bot-card-head">
                <h3>
                  <a href={projectHref(projectId, 'bots', bot._id)}>{bot.name}</a>
                </h3>
                <span class="badge">{botTypeLabel(bot.type)}</span>
                <span class="muted intent-count">
                  {counts ? t('bots.intentCount', { count: formatNumber(counts.get(bot._id) ?? 0) }) : ''}
                </span>
              </div>
              {bot.description && <p class="bot-description">{bot.description}</p>}
              <div class="actions">
                <button
                  type="button"
                  class="secondary"
                  disabled={busy === bot._id}
                  aria-label={t('bots.export.action', { name: bot.name })}
                  onClick={() => void exportOne(bot)}
                >
                  {t('bots.export.short')}
                </button>
                <button
                  type="button"
                  class="secondary"
                  aria-expanded={forking === bot._id}
                  aria-label={t('bots.fork.action', { name: bot.name })}
                  onClick={() => setForking(forking === bot._id ? undefined : bot._id)}
                >
                  {t('bots.fork.short')}
                </button>
                <button
                  type="button"
                  class="secondary danger-text"
                  aria-label={t('bots.delete.action', { name: bot.name })}
                  onClick={() => setDeleting(bot)}
                >
                  {t('bots.delete.short')}
                </button>
              </div>
              {forking === bot._id && (
                <ForkForm
                  projectId={projectId}
                  bot={bot}
                  onDone={(forkedHere) => {
                    setForking(undefined);
                    if (forkedHere) void reload();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('bots.delete.title', { name: deleting.name })}
          text={t('bots.delete.text')}
          confirmLabel={t('bots.delete.confirm')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
