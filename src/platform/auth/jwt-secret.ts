/**
 * The global JWT secret: JWT_SECRET when configured, otherwise one generated on first start and
 * kept in the database, so restarts (and every instance sharing the database) agree on it.
 * There is no built-in default: a well-known secret would let anyone mint tokens.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { newSecret } from '../ids.js';

const KEY = 'jwt_secret';

export async function resolveJwtSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  // Read first: every start after the first finds it, and a read costs a start far less than a
  // write (a commit, on the embedded database its WAL flushed: about 30 ms of a cold start).
  const kept = await read(db);
  if (kept) return kept.value;
  await sql`INSERT INTO server_settings (key, value) VALUES (${KEY}, ${newSecret(48)}) ON CONFLICT (key) DO NOTHING`.execute(
    db,
  );
  // Another instance starting at the same moment may have won the insert: its secret is the one.
  const row = await read(db);
  if (!row) throw new Error('the JWT secret is missing from server_settings after it was written');
  return row.value;
}

const read = (db: Db) => db.selectFrom('server_settings').select('value').where('key', '=', KEY).executeTakeFirst();
