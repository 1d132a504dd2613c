/**
 * Runs the SQL migrations in src/migrations, in name order. The list is explicit (no directory
 * scanning) so the compiled server and the test runner see the same set. Kysely's migrator takes
 * a PostgreSQL advisory lock, so instances starting together migrate once.
 */
import { Migrator, sql, type Migration } from 'kysely';
import type { Db } from './database.js';
import * as accountsAndTeams from '../../migrations/0001-accounts-and-teams.js';
import * as conversations from '../../migrations/0002-conversations.js';
import * as bots from '../../migrations/0003-bots.js';
import * as outbound from '../../migrations/0004-outbound.js';
import * as conversationIndexes from '../../migrations/0005-conversation-indexes.js';
import * as botsSearch from '../../migrations/0006-bots-search.js';
import * as webhooks from '../../migrations/0007-webhooks.js';
import * as realtime from '../../migrations/0008-realtime.js';
import * as botEngine from '../../migrations/0011-bot-engine.js';
import * as cannedResponses from '../../migrations/0012-canned-responses.js';
import * as signInAttempts from '../../migrations/0013-sign-in-attempts.js';
import * as files from '../../migrations/0014-files.js';
import * as boundIdentities from '../../migrations/0015-bound-identities.js';
import * as eventLog from '../../migrations/0016-event-log.js';
import * as labels from '../../migrations/0017-labels.js';
import * as email from '../../migrations/0018-email.js';
import * as openRequestsIndex from '../../migrations/0019-open-requests-index.js';
import * as analytics from '../../migrations/0020-analytics.js';
import * as triggers from '../../migrations/0021-triggers.js';
import * as activities from '../../migrations/0022-activities.js';
import * as requestCounts from '../../migrations/0023-request-counts.js';
import * as countsWithoutLocks from '../../migrations/0024-counts-without-locks.js';
import * as listsAtScale from '../../migrations/0025-lists-at-scale.js';
import * as openMessageSearch from '../../migrations/0026-open-message-search.js';
import * as requestCountsOnce from '../../migrations/0027-request-counts-once.js';
import * as boundedSearchWords from '../../migrations/0028-bounded-search-words.js';

const migrations: Record<string, Migration> = {
  '0001-accounts-and-teams': accountsAndTeams,
  '0002-conversations': conversations,
  '0003-bots': bots,
  '0004-outbound': outbound,
  '0005-conversation-indexes': conversationIndexes,
  '0006-bots-search': botsSearch,
  '0007-webhooks': webhooks,
  '0008-realtime': realtime,
  '0011-bot-engine': botEngine,
  '0012-canned-responses': cannedResponses,
  '0013-sign-in-attempts': signInAttempts,
  '0014-files': files,
  '0015-bound-identities': boundIdentities,
  '0016-event-log': eventLog,
  '0017-labels': labels,
  '0018-email': email,
  '0019-open-requests-index': openRequestsIndex,
  '0020-analytics': analytics,
  '0021-triggers': triggers,
  '0022-activities': activities,
  '0023-request-counts': requestCounts,
  '0024-counts-without-locks': countsWithoutLocks,
  '0025-lists-at-scale': listsAtScale,
  '0026-open-message-search': openMessageSearch,
  '0027-request-counts-once': requestCountsOnce,
  '0028-bounded-search-words': boundedSearchWords,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Areas add migrations independently; a database may meet them out of name order.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/**
 * Whether every migration is already recorded: one read, where the migrator creates its tables if
 * needed, takes its lock and reads them in a transaction (a third of a second of an embedded
 * server's start). Anything unexpected (no table yet) is left to the migrator.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return Object.keys(migrations).every((name) => applied.has(name));
  } catch {
    return false;
  }
}
