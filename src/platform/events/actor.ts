/**
 * Who acts: the principal of the HTTP request being served, seen by the unit of work when the
 * request's services emit events (the audit trail records it). The request's hooks enter it
 * (`actAs`); work the server starts on its own (timers, the job worker, event listeners) runs
 * `asServer`, so a job poked by a request or a listener woken by its events is never credited to
 * that request's caller: its actor is the system, as Tiledesk's for auto-close and routing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal.js';

export interface Actor {
  type: 'user' | 'bot' | 'system';
  id: string;
  name?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'system', name: 'System' };

/** A getter, not the principal: the guards authenticate after the request entered. */
const acting = new AsyncLocalStorage<() => Principal | undefined>();

/** Tiledesk's actors: members, visitors and end users are users; a webhook subscription is the system. */
function actorOf(principal: Principal | undefined): Actor {
  if (!principal || principal.kind === 'subscription') return SYSTEM_ACTOR;
  const name = principal.fullName || undefined;
  return { type: principal.kind === 'bot' ? 'bot' : 'user', id: principal.id, ...(name && { name }) };
}

/** The actor of the work running now. */
export function currentActor(): Actor {
  return actorOf(acting.getStore()?.());
}

/** Runs `work` (a request's remaining hooks and handler) on behalf of whoever `principal()` names. */
export function actAs(principal: () => Principal | undefined, work: () => void): void {
  acting.run(principal, work);
}

/** Runs `work`, and whatever it schedules, as the server itself. */
export function asServer<T>(work: () => T): T {
  return acting.exit(work);
}
