/** The inbox screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'inbox.title': 'Inbox',
};

export const it: Record<keyof typeof en, string> = {
  'inbox.title': 'Conversazioni',
};
