/** The contacts screens' strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'contacts.title': 'Contacts',
};

export const it: Record<keyof typeof en, string> = {
  'contacts.title': 'Contatti',
};
