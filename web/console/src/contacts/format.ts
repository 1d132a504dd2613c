/** How the contacts screens write a contact's name and a moment, in the page's language. */
import { language, t } from '../i18n/i18n';
import type { Lead } from './contacts-data';

export function nameOf(lead: Pick<Lead, 'fullname' | 'email'>): string {
  return lead.fullname || lead.email || t('contacts.noName');
}

export function formatMoment(iso: string): string {
  return new Intl.DateTimeFormat(language.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
