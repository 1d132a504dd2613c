/** The team screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'team.title': 'Team',
};

export const it: Record<keyof typeof en, string> = {
  'team.title': 'Team',
};
