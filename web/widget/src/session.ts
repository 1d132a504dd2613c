/**
 * The visitor: signed in anonymously, or as the site's own user with the custom token its backend
 * minted (`Parley.signIn`). The token is kept (storage.ts), so a reload or another tab of the site
 * is the same visitor with the same conversations. Sign-in waits for the first message: a page
 * view alone creates nobody.
 */
import { signal } from '@preact/signals';
import type { HostUser } from './embed-protocol';
import { projectId } from './project';
import { onStoredChange, readStored, removeStored, writeStored } from './storage';

export interface Session {
  token: string;
  userId: string;
  anonymous: boolean;
  /** The custom token this session came from: another one means another visitor. */
  customToken?: string;
}

const KEY = `parley.widget.${projectId ?? 'none'}.session`;

export const session = signal<Session | undefined>(readStored<Session>(KEY));
onStoredChange(KEY, () => (session.value = readStored<Session>(KEY)));

/** What the host page told us about its visitor (`Parley.setUser`), and its attributes. */
export const hostUser = signal<HostUser>({});
export const hostAttributes = signal<Record<string, unknown>>({});
/** The page the visitor is on, given by the launcher. */
export const hostPage = signal<{ url: string; title: string } | undefined>(undefined);
/** The site's custom token, waiting to be used at the next sign-in. */
export const customToken = signal<string | undefined>(undefined);

export function keepSession(next: Session | undefined): void {
  session.value = next;
  if (next) writeStored(KEY, next);
  else removeStored(KEY);
}
