/**
 * Who is signed in: the token from POST /auth/signin and the user, kept for the browser tab
 * (sessionStorage, as the dashboard keeps its own) so a reload stays signed in.
 */
import { signal } from '@preact/signals';

export interface Session {
  /** "JWT <jwt>", sent as the Authorization header. */
  token: string;
  user: { id: string; email: string; firstname?: string; lastname?: string };
}

const STORAGE_KEY = 'parley.console.session';

function stored(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(stored());

export function startSession(next: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  session.value = next;
}

export function endSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  session.value = null;
}
