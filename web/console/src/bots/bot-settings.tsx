/**
 * A bot's settings: name, description, language, and where it is reached: an external bot's
 * endpoint (`url`, which receives each message), or the webhook an internal bot's intents with
 * the webhook flag ask for their answer (`webhook_url`). Saved together; the form is disabled
 * while saving and goes back to the saved values if the server refuses.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { messageOf, notify } from '../ui/toasts';
import { updateBot, type Bot, type BotChanges } from './bots-api';
import { LanguageSelect } from './language-select';

interface Values {
  name: string;
  description: string;
  language: string;
  url: string;
  webhook_url: string;
}

const valuesOf = (bot: Bot): Values => ({
  name: bot.name,
  description: bot.description ?? '',
  language: bot.language,
  url: bot.url ?? '',
  webhook_url: bot.webhook_url ?? '',
});

export function BotSettings({ projectId, bot, onSaved }: { projectId: string; bot: Bot; onSaved: (bot: Bot) => void }) {
  const [values, setValues] = useState<Values>(() => valuesOf(bot));
  const [saving, setSaving] = useState(false);
  const external = bot.type === 'external';
  // Only intents answered by our engine ask a webhook (flows call theirs from their actions).
  const internal = bot.type === 'internal';
  const set = (field: keyof Values) => (event: Event) =>
    setValues({ ...values, [field]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    const changes: BotChanges = {
      name: values.name.trim(),
      description: values.description,
      language: values.language,
      ...(external && { url: values.url.trim() }),
      ...(internal && { webhook_url: values.webhook_url.trim() }),
    };
    try {
      const saved = await updateBot(projectId, bot._id, changes);
      setValues(valuesOf(saved));
      onSaved(saved);
      notify('success', t('bots.settings.saved'));
    } catch (failure) {
      setValues(valuesOf(bot));
      notify('error', t('bots.settings.failed', { message: messageOf(failure) }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="card bot-form" onSubmit={(event) => void submit(event)} aria-labelledby="bot-settings-title">
      <h3 id="bot-settings-title">{t('bots.settings.title')}</h3>
      <fieldset class="fields" disabled={saving}>
        <label>
          {t('bots.field.name')}
          <input required maxLength={500} value={values.name} onInput={set('name')} />
        </label>
        <LanguageSelect value={values.language} onChange={(language) => setValues({ ...values, language })} />
        {external ? (
          <label class="wide">
            {t('bots.field.url')}
            <input type="url" pattern="https?://.+" placeholder="https://" value={values.url} onInput={set('url')} />
          </label>
        ) : internal ? (
          <div class="field wide">
            <label for="bot-webhook-url">{t('bots.field.webhookUrl')}</label>
            <input
              id="bot-webhook-url"
              type="url"
              pattern="https?://.+"
              placeholder="https://"
              value={values.webhook_url}
              onInput={set('webhook_url')}
              aria-describedby="bot-webhook-hint"
            />
            <span id="bot-webhook-hint" class="muted">
              {t('bots.field.webhookUrlHint')}
            </span>
          </div>
        ) : null}
        <label class="wide">
          {t('bots.field.description')}
          <input value={values.description} onInput={set('description')} />
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={saving || !values.name.trim()}>
          {saving ? t('bots.saving') : t('bots.settings.save')}
        </button>
      </div>
    </form>
  );
}
