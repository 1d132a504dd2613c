/** The webhooks screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'webhooks.title': 'Webhooks',
};

export const it: Record<keyof typeof en, string> = {
  'webhooks.title': 'Webhook',
};
