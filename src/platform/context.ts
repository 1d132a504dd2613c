/**
 * The platform a module is built on: configuration, the unit of work, events, jobs and the auth
 * guards.
 * Created once in app.ts and handed to every module explicitly (no globals, no autoload).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Connection, RunInTransaction } from './db/unit-of-work.js';
import type { EventBus } from './events/event-bus.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { Authenticator } from './auth/authenticate.js';
import type { Guards } from './auth/guards.js';
import type { Presence } from './presence.js';

export interface Platform {
  readonly config: Config;
  /** The connection for a query now (the ambient transaction, else the pool): what repos are bound to. */
  readonly connection: Connection;
  /** Runs work in a unit of work; called inside another, it joins it. */
  readonly transaction: RunInTransaction;
  readonly dbKind: 'postgres' | 'pglite';
  readonly log: FastifyBaseLogger;
  readonly events: EventBus;
  readonly jobs: JobQueue;
  /** Who holds a live WebSocket subscription in a project, on any instance (email notifications). */
  readonly presence: Presence;
  readonly authenticator: Authenticator;
  readonly guards: Guards;
  /** The global JWT secret (from JWT_SECRET or generated on first start). */
  readonly jwtSecret: string;
}
