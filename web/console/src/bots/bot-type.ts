/** A bot's type in words (`internal`, `external`, `tilebot`...); a type we do not know stays as it is. */
import { t, type MessageKey } from '../i18n/i18n';

const KNOWN: Record<string, MessageKey> = {
  internal: 'bots.type.internal',
  external: 'bots.type.external',
  tilebot: 'bots.type.tilebot',
  dialogflow: 'bots.type.dialogflow',
  rasa: 'bots.type.rasa',
};

export function botTypeLabel(type: string): string {
  const key = Object.hasOwn(KNOWN, type) ? KNOWN[type] : undefined;
  return key ? t(key) : type;
}
