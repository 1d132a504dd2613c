/**
 * The kinds of bot the console offers to create, as the server's templates make them
 * (src/modules/bots/bots.templates.ts: the `chatbot` family has `empty`, `handoff`, `example`,
 * `blank`; the `webhook` family `blank_webhook`; only internal and flow bots get template intents).
 */
import type { MessageKey } from '../i18n/i18n';

export interface BotTemplate {
  key: string;
  type: 'internal' | 'external' | 'tilebot';
  subtype?: 'chatbot' | 'webhook';
  template?: string;
  label: MessageKey;
  hint: MessageKey;
}

export const BOT_TEMPLATES: BotTemplate[] = [
  {
    key: 'example',
    type: 'internal',
    template: 'example',
    label: 'bots.template.example',
    hint: 'bots.template.exampleHint',
  },
  {
    key: 'handoff',
    type: 'internal',
    template: 'handoff',
    label: 'bots.template.handoff',
    hint: 'bots.template.handoffHint',
  },
  { key: 'blank', type: 'internal', template: 'empty', label: 'bots.template.blank', hint: 'bots.template.blankHint' },
  {
    key: 'flow',
    type: 'tilebot',
    subtype: 'chatbot',
    template: 'blank',
    label: 'bots.template.flow',
    hint: 'bots.template.flowHint',
  },
  {
    key: 'flowWebhook',
    type: 'tilebot',
    subtype: 'webhook',
    template: 'blank_webhook',
    label: 'bots.template.flowWebhook',
    hint: 'bots.template.flowWebhookHint',
  },
  { key: 'external', type: 'external', label: 'bots.template.external', hint: 'bots.template.externalHint' },
];

/** The languages the server stems intents in (and so matches questions best); others work unstemmed. */
export const BOT_LANGUAGES = [
  'en',
  'it',
  'fr',
  'de',
  'es',
  'pt',
  'nl',
  'ca',
  'da',
  'el',
  'eu',
  'fi',
  'ga',
  'hi',
  'hu',
  'hy',
  'id',
  'lt',
  'nb',
  'ne',
  'ar',
  'ro',
  'ru',
  'sr',
  'sv',
  'ta',
  'tr',
  'yi',
];
