/** The bots screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'bots.title': 'Bots',
};

export const it: Record<keyof typeof en, string> = {
  'bots.title': 'Bot',
};
