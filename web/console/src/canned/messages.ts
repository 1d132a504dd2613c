/** The canned screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'canned.title': 'Canned responses',
};

export const it: Record<keyof typeof en, string> = {
  'canned.title': 'Risposte rapide',
};
