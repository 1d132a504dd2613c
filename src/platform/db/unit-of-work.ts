/**
 * Transactions without connection arguments (the unit of work).
 *
 * `transaction(async (uow) => ...)` opens a PostgreSQL transaction and runs the work with it as
 * the *ambient* connection (AsyncLocalStorage): every repository, created once and bound to
 * `connection`, runs its queries on that transaction while the work runs, and on the pool
 * otherwise. So no function takes a connection argument, and code inside a transaction cannot
 * reach the pool at all: the old "forgot `trx`" bug (a query outside the transaction's snapshot
 * and locks on PostgreSQL, a hang on single-connection PGlite) cannot be written.
 *
 * A `transaction()` called inside another one joins it: the events it emits commit (or roll back)
 * with the outer change. That is how one area's command runs inside another's transaction.
 *
 * What the work emits is, before commit and in the same transaction: appended to the event log,
 * then handed to the staging hooks (durable jobs). After commit the listeners get it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './tables.js';
import type { DomainEvent, Emit, EventBus } from '../events/event-bus.js';
import { createEventLog } from '../events/event-log.js';
import { currentActor } from '../events/actor.js';

/** The connection to run a query on now: the open transaction if there is one, else the pool. */
export type Connection = () => Kysely<Database>;

export interface UnitOfWork {
  /** Records a domain event; it is logged, staged and (after commit) published with the change. */
  readonly emit: Emit;
}

export type RunInTransaction = <T>(work: (uow: UnitOfWork) => Promise<T>) => Promise<T>;

interface OpenTransaction {
  readonly trx: Transaction<Database>;
  readonly uow: UnitOfWork;
  /** Set once the work returned: later async leftovers of it go to the pool, not a finished trx. */
  finished: boolean;
}

export interface UnitOfWorkFactory {
  readonly connection: Connection;
  readonly transaction: RunInTransaction;
}

export function createUnitOfWork(db: Db, events: EventBus): UnitOfWorkFactory {
  const ambient = new AsyncLocalStorage<OpenTransaction>();

  function current(): OpenTransaction | undefined {
    const open = ambient.getStore();
    return open && !open.finished ? open : undefined;
  }
  const connection: Connection = () => current()?.trx ?? db;
  const eventLog = createEventLog(connection);

  return {
    connection,

    async transaction(work) {
      const outer = current();
      if (outer) return work(outer.uow);

      const emitted: DomainEvent[] = [];
      const uow: UnitOfWork = {
        emit: (name, projectId, payload, context) => {
          emitted.push({ name, projectId, payload, context: { actor: currentActor(), ...context } });
        },
      };
      const result = await db.transaction().execute((trx) => {
        const open: OpenTransaction = { trx, uow, finished: false };
        return ambient.run(open, async () => {
          try {
            const value = await work(uow);
            if (emitted.length > 0) {
              await eventLog.append(emitted);
              await events.prepare(emitted);
            }
            return value;
          } finally {
            open.finished = true;
          }
        });
      });
      if (emitted.length > 0) events.publish(emitted);
      return result;
    },
  };
}
