/**
 * Contacts (the project's leads): `#/<project>/contacts` lists them, `#/<project>/contacts/<id>`
 * shows one, to edit, tag, read their conversations or delete.
 */
import { ContactList } from './contact-list';
import { ContactDetail } from './contact-detail';
import './contacts.css';

export function ContactsPage({ projectId, rest }: { projectId: string; rest: string[] }) {
  const [leadId] = rest;
  return leadId ? (
    <ContactDetail key={leadId} projectId={projectId} leadId={leadId} />
  ) : (
    <ContactList projectId={projectId} />
  );
}
