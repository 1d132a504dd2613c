/** The settings screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'settings.title': 'Settings',
};

export const it: Record<keyof typeof en, string> = {
  'settings.title': 'Impostazioni',
};
