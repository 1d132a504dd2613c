/** The conversation view's strings (merged into the catalogues by i18n/en.ts and i18n/it.ts). */
export const en = {
  'conversation.title': 'Conversation',
};

export const it: Record<keyof typeof en, string> = {
  'conversation.title': 'Conversazione',
};
