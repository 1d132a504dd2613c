/** The one-time keys of account links (`account_keys`): stored as SHA-256 hashes only. */
import { sql } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';
import type { AccountKeyPurpose } from '../../platform/db/tables.js';

export function createAccountKeysRepo(connection: Connection) {
  return {
    async insertAccountKey(row: { keyHash: string; userId: string; purpose: AccountKeyPurpose; expiresAt: Date }) {
      await connection()
        .insertInto('account_keys')
        .values({ key_hash: row.keyHash, user_id: row.userId, purpose: row.purpose, expires_at: row.expiresAt })
        .execute();
    },

    /** Keys of this purpose made for the user since `since` (the per-account email budget). */
    async countRecentKeys(userId: string, purpose: AccountKeyPurpose, since: Date) {
      const row = await connection()
        .selectFrom('account_keys')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** A key that is unused and unexpired, locked for the change it authorises. */
    findLiveKey(keyHash: string, purpose: AccountKeyPurpose) {
      return connection()
        .selectFrom('account_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Spends every live key of this purpose of the user (a used link also voids its older siblings). */
    async useKeys(userId: string, purpose: AccountKeyPurpose) {
      await connection()
        .updateTable('account_keys')
        .set({ used_at: new Date() })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .execute();
    },

    /** Keys that expired before `before` (used or not). */
    async purgeKeys(before: Date) {
      await connection().deleteFrom('account_keys').where('expires_at', '<', before).execute();
    },
  };
}
