/**
 * Domain events and the transactions that produce them.
 *
 * A service does its writes in `events.transaction(async (trx, emit) => ...)` and calls `emit`
 * for what happened. Before the transaction commits, the *staging hooks* see those events with
 * the same transaction: that is how durable work (webhook deliveries, external bot calls) is
 * queued atomically with the change that caused it. After commit, the *listeners* get them
 * (realtime frames, bot replies...). Listeners never run for a rolled-back change, and a failing
 * listener is logged, never surfaced to the caller.
 */
import type { Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import type { Database } from '../db/tables.js';

export type Trx = Transaction<Database>;

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
}

export type Emit = <T>(name: string, projectId: string, payload: T, context?: EventContext) => void;
export type StagingHook = (trx: Trx, events: DomainEvent[]) => Promise<void>;
export type Listener = (event: DomainEvent) => void | Promise<void>;

export interface EventBus {
  transaction<T>(work: (trx: Trx, emit: Emit) => Promise<T>): Promise<T>;
  /** Runs inside every transaction that emitted something, just before commit. */
  stage(hook: StagingHook): void;
  /** Called after commit for each event with this name ('*' for all). */
  on(name: string, listener: Listener): void;
  /** Waits until listeners started so far have finished (graceful shutdown, tests). */
  drain(): Promise<void>;
}

export function createEventBus(db: Db, log: FastifyBaseLogger): EventBus {
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
    async transaction(work) {
      const emitted: DomainEvent[] = [];
      const emit: Emit = (name, projectId, payload, context) => {
        emitted.push({ name, projectId, payload, ...(context && { context }) });
      };
      const result = await db.transaction().execute(async (trx) => {
        const value = await work(trx, emit);
        if (emitted.length > 0) for (const hook of hooks) await hook(trx, emitted);
        return value;
      });
      // Listeners run on a later tick: the caller's response is never delayed by them.
      if (emitted.length > 0) setImmediate(() => emitted.forEach(dispatch));
      return result;
    },
    stage(hook) {
      hooks.push(hook);
    },
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
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
