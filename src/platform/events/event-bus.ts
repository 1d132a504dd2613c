/**
 * Domain events: what services emit inside a unit of work (`platform/db/unit-of-work.ts`).
 *
 * Before the transaction commits, the *staging hooks* see its events, running on that same
 * transaction: that is how durable work (webhook deliveries, external bot calls) is queued
 * atomically with the change that caused it. After commit, the *listeners* get them (realtime
 * frames, bot replies...). Listeners never run for a rolled-back change, and a failing listener is
 * logged, never surfaced to the caller.
 */
import type { FastifyBaseLogger } from 'fastify';
import { asServer, type Actor } from './actor.js';

export interface DomainEvent<T = unknown> {
  /** Tiledesk event name: request.create, message.create, project_user.update ... */
  name: string;
  projectId: string;
  /** The entity as it appears on the wire (webhook payload, realtime frame). */
  payload: T;
  /** Facts for this process's listeners that the wire leaves out; never stored or sent as such. */
  context?: EventContext;
}

export interface EventContext {
  /** User ids of the agents a request was routed among (`snapshot.agents`): who may see it live. */
  candidateAgents?: string[];
  /** The request was just routed (again): a fresh decision about who serves it (notifications). */
  routed?: boolean;
  /** The change records the past (an imported conversation closed at its original time): nobody is notified. */
  historical?: boolean;
  /** The server made the change on its own (auto-close): no transcript email, as Tiledesk. */
  unattended?: boolean;
  /** Who caused the change (the audit trail); the unit of work sets it from the request being served. */
  actor?: Actor;
  /** The fields a caller set (project_user.update), for the audit trail; absent for derived updates. */
  changes?: Record<string, unknown>;
  /** A live signal published without a transaction (typing): nothing durable was queued for it. */
  ephemeral?: boolean;
}

export type Emit = <T>(name: string, projectId: string, payload: T, context?: EventContext) => void;
/** Runs inside the emitting transaction (its queries join it), just before commit. */
export type StagingHook = (events: DomainEvent[]) => Promise<void>;
export type Listener = (event: DomainEvent) => void | Promise<void>;

export interface EventBus {
  /** Registers a hook that runs inside every transaction that emitted something, before commit. */
  stage(hook: StagingHook): void;
  /** Called after commit for each event with this name ('*' for all). */
  on(name: string, listener: Listener): void;
  /** The unit of work's side: runs the staging hooks (inside the transaction). */
  prepare(events: DomainEvent[]): Promise<void>;
  /** The unit of work's side: hands committed events to the listeners, on a later tick. */
  publish(events: DomainEvent[]): void;
  /** Waits until listeners started so far have finished (graceful shutdown, tests). */
  drain(): Promise<void>;
}

export function createEventBus(log: FastifyBaseLogger): EventBus {
  const hooks: StagingHook[] = [];
  const listeners = new Map<string, Listener[]>();
  const running = new Set<Promise<void>>();

  function dispatch(event: DomainEvent): void {
    for (const listener of [...(listeners.get(event.name) ?? []), ...(listeners.get('*') ?? [])]) {
      const task = (async () => {
        try {
          await listener(event);
        } catch (error) {
          log.error({ err: error, event: event.name, projectId: event.projectId }, 'event listener failed');
        }
      })();
      running.add(task);
      void task.finally(() => running.delete(task));
    }
  }

  return {
    stage(hook) {
      hooks.push(hook);
    },
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    },
    async prepare(events) {
      for (const hook of hooks) await hook(events);
    },
    publish(events) {
      // Listeners run on a later tick: the caller's response is never delayed by them. What they do
      // is the server's doing, not the caller's (actor.ts).
      const committed = [...events];
      asServer(() => setImmediate(() => committed.forEach(dispatch)));
    },
    async drain() {
      // Listeners may emit further events; wait until the set stays empty.
      await new Promise((resolve) => setImmediate(resolve));
      while (running.size > 0) {
        await Promise.allSettled([...running]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
