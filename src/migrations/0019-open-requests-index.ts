/**
 * Why: auto-close (src/modules/automations) looks every minute, on every instance, for open
 * conversations untouched for a while, across all projects. Open conversations are a small part
 * of all; this partial index holds only them, by last change, so the sweep reads a few index
 * entries instead of scanning every request ever made.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX requests_open_updated_idx ON requests (updated_at) WHERE status < 1000`.execute(db);
}
