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
  await sql`INSERT INTO server_settings (key, value) VALUES (${KEY}, ${newSecret(48)}) ON CONFLICT (key) DO NOTHING`.execute(
    db,
  );
  const row = await db.selectFrom('server_settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return row.value;
}
