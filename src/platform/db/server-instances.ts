/**
 * Which Parley servers are connected to this PostgreSQL database. Each server names its
 * connections (`application_name`: SERVER_PREFIX and a random id) and PostgreSQL lists every
 * connection in `pg_stat_activity`, so a server can see its peers without a table of its own.
 * It matters without Redis: realtime frames then stay on the instance that produced them, while
 * jobs (a bot's answer, for one) run on whichever instance claims them (app.ts warns).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database.js';

const SERVER_PREFIX = 'parley-server/';

/** A new name for this server's connections. */
export function newServerName(): string {
  return SERVER_PREFIX + randomBytes(6).toString('hex');
}

/** How many other Parley servers have a connection open to this database now. */
export async function countOtherServers(db: Db, ownName: string): Promise<number> {
  const { rows } = await sql<{ servers: number }>`
    SELECT count(DISTINCT application_name)::int AS servers FROM pg_stat_activity
    WHERE datname = current_database() AND starts_with(application_name, ${SERVER_PREFIX})
      AND application_name <> ${ownName}`.execute(db);
  return rows[0]?.servers ?? 0;
}
