/**
 * Creating a bot: a name, what kind (a template of the server's, a blank internal bot, a flow, or
 * an external bot at its own address), a language and a description. On success the new bot's
 * page opens; on failure the form keeps what was typed and says why.
 */
import { useState } from 'preact/hooks';
import { language as consoleLanguage, t } from '../i18n/i18n';
import { navigate, projectHref } from '../router';
import { messageOf, notify } from '../ui/toasts';
import { BOT_LANGUAGES, BOT_TEMPLATES } from './bot-templates';
import { createBot } from './bots-api';
import { LanguageSelect } from './language-select';

export function NewBotForm({ projectId, onCancel }: { projectId: string; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState(BOT_TEMPLATES[0]!.key);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [language, setLanguage] = useState<string>(
    BOT_LANGUAGES.includes(consoleLanguage.value) ? consoleLanguage.value : 'en',
  );
  const [saving, setSaving] = useState(false);
  const template = BOT_TEMPLATES.find((candidate) => candidate.key === kind) ?? BOT_TEMPLATES[0]!;

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    try {
      const bot = await createBot(projectId, {
        name: name.trim(),
        type: template.type,
        ...(template.subtype && { subtype: template.subtype }),
        ...(template.template && { template: template.template }),
        ...(template.type === 'external' && { url: url.trim() }),
        ...(description.trim() && { description: description.trim() }),
        language,
      });
      notify('success', t('bots.created', { name: bot.name }));
      navigate(projectHref(projectId, 'bots', bot._id));
    } catch (failure) {
      notify('error', t('bots.createFailed', { message: messageOf(failure) }));
      setSaving(false);
    }
  }

  return (
    <form class="card bot-form" onSubmit={(event) => void submit(event)} aria-labelledby="new-bot-title">
      <h3 id="new-bot-title">{t('bots.new.title')}</h3>
      <div class="fields">
        <label>
          {t('bots.field.name')}
          <input required maxLength={500} value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <label>
          {t('bots.field.kind')}
          <select value={kind} onChange={(event) => setKind(event.currentTarget.value)} aria-describedby="new-bot-hint">
            {BOT_TEMPLATES.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {t(candidate.label)}
              </option>
            ))}
          </select>
        </label>
        {template.type === 'external' && (
          <label>
            {t('bots.field.url')}
            <input
              type="url"
              required
              pattern="https?://.+"
              placeholder="https://"
              value={url}
              onInput={(event) => setUrl(event.currentTarget.value)}
            />
          </label>
        )}
        <LanguageSelect value={language} onChange={setLanguage} />
        <label class="wide">
          {t('bots.field.description')}
          <input value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        </label>
      </div>
      <p id="new-bot-hint" class="muted">
        {t(template.hint)}
      </p>
      <div class="actions">
        <button type="submit" disabled={saving || !name.trim()}>
          {saving ? t('bots.saving') : t('bots.new.submit')}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={saving}>
          {t('bots.cancel')}
        </button>
      </div>
    </form>
  );
}
