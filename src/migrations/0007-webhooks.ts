/**
 * Why: deleting a subscription cascades to its delivery log, and PostgreSQL does not index
 * foreign keys by itself - without this index every subscription delete scans all deliveries.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id)`.execute(db);
}
