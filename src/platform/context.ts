/**
 * The platform a module is built on: configuration, database, events, jobs and the auth guards.
 * Created once in app.ts and handed to every module explicitly (no globals, no autoload).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/event-bus.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { Authenticator } from './auth/authenticate.js';
import type { Guards } from './auth/guards.js';

export interface Platform {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: 'postgres' | 'pglite';
  readonly log: FastifyBaseLogger;
  readonly events: EventBus;
  readonly jobs: JobQueue;
  readonly authenticator: Authenticator;
  readonly guards: Guards;
  /** The global JWT secret (from JWT_SECRET or generated on first start). */
  readonly jwtSecret: string;
}
