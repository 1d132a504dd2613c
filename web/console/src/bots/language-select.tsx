/** A bot's language, chosen by name (in the console's language) among those the server stems. */
import { language as consoleLanguage, t } from '../i18n/i18n';
import { BOT_LANGUAGES } from './bot-templates';

function nameOf(code: string): string {
  try {
    return new Intl.DisplayNames([consoleLanguage.value], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function LanguageSelect({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange: (code: string) => void;
  disabled?: boolean;
}) {
  // A language set through the API but not in the list stays selectable.
  const codes = BOT_LANGUAGES.includes(value) || !value ? BOT_LANGUAGES : [value, ...BOT_LANGUAGES];
  return (
    <label>
      {t('bots.field.language')}
      <select value={value} disabled={disabled} onChange={(event) => onChange(event.currentTarget.value)}>
        {codes.map((code) => (
          <option key={code} value={code}>
            {nameOf(code)} ({code})
          </option>
        ))}
      </select>
    </label>
  );
}
