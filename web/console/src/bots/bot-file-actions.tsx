/**
 * A bot's file actions on its page: export it as JSON, or import a bot file into it, adding the
 * intents it does not have, updating those it has (same name), or replacing all of them.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';
import { exportBot, importBot, type Bot, type ImportMode } from './bots-api';
import { chosenFileText, downloadBotFile } from './bot-files';

export function BotFileActions({
  projectId,
  bot,
  onImported,
}: {
  projectId: string;
  bot: Bot;
  onImported: (bot: Bot) => void;
}) {
  const [mode, setMode] = useState<Exclude<ImportMode, 'create'>>('add');
  const [busy, setBusy] = useState(false);

  async function exportOne() {
    setBusy(true);
    try {
      downloadBotFile(bot.name, await exportBot(projectId, bot._id));
    } catch (failure) {
      notify('error', t('bots.export.failed', { message: messageOf(failure) }));
    } finally {
      setBusy(false);
    }
  }

  async function importInto(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const text = await chosenFileText(input);
    input.value = '';
    if (text === undefined) return;
    setBusy(true);
    try {
      const updated = await importBot(projectId, bot._id, text, mode);
      notify('success', t('bots.import.done', { name: updated.name }));
      onImported(updated);
    } catch (failure) {
      notify('error', t('bots.import.failed', { message: messageOf(failure) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card bot-files" aria-labelledby="bot-files-title">
      <h3 id="bot-files-title">{t('bots.files.title')}</h3>
      <div class="fields">
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportOne()}>
          {t('bots.export.short')}
        </button>
        <label>
          {t('bots.import.mode')}
          <select
            value={mode}
            disabled={busy}
            onChange={(event) => setMode(event.currentTarget.value as Exclude<ImportMode, 'create'>)}
          >
            <option value="add">{t('bots.import.add')}</option>
            <option value="overwrite">{t('bots.import.overwrite')}</option>
            <option value="replace">{t('bots.import.replace')}</option>
          </select>
        </label>
        <label class="button file-button secondary">
          {busy ? t('bots.import.busy') : t('bots.import.into')}
          <input
            type="file"
            accept=".json,application/json"
            disabled={busy}
            onChange={(event) => void importInto(event)}
          />
        </label>
      </div>
    </section>
  );
}
