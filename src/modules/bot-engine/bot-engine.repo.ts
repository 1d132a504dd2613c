import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { Attributes, BotTurnKind } from '../../platform/db/tables.js';

type Conn = Db | Trx;

export interface NewTurn {
  project_id: string;
  request_id: string;
  bot_id: string;
  kind: BotTurnKind;
  message?: Attributes;
  resume?: Attributes;
  /** The turn is due after this many milliseconds (by the database clock). */
  delayMs?: number;
}

export async function insertTurns(trx: Trx, turns: NewTurn[]): Promise<void> {
  if (turns.length === 0) return;
  await trx
    .insertInto('bot_turns')
    .values(
      turns.map((turn) => ({
        project_id: turn.project_id,
        request_id: turn.request_id,
        bot_id: turn.bot_id,
        kind: turn.kind,
        message: jsonOrNull(turn.message),
        resume: jsonOrNull(turn.resume),
        run_at: sql<Date>`now() + make_interval(secs => ${(turn.delayMs ?? 0) / 1000})`,
      })),
    )
    .execute();
}

export function findTurn(db: Conn, projectId: string, id: number) {
  return db
    .selectFrom('bot_turns')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The turn that may run next: the rest of a flow after a wait first (it continues the turn that
 * just finished), then the oldest.
 */
export function findHeadTurn(db: Conn, projectId: string, requestId: string) {
  return db
    .selectFrom('bot_turns')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('request_id', '=', requestId)
    .orderBy(sql`CASE WHEN kind = 'resume' THEN 0 ELSE 1 END`)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function setTurnJob(trx: Trx, projectId: string, id: number, jobId: number): Promise<void> {
  await trx
    .updateTable('bot_turns')
    .set({ job_id: jobId })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .execute();
}

export async function deleteTurn(trx: Trx, projectId: string, id: number): Promise<void> {
  await trx.deleteFrom('bot_turns').where('project_id', '=', projectId).where('id', '=', id).execute();
}

export async function findVariables(db: Conn, projectId: string, requestId: string): Promise<Attributes> {
  const row = await db
    .selectFrom('bot_flow_states')
    .select('variables')
    .where('project_id', '=', projectId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row?.variables ?? {};
}

export async function saveVariables(trx: Trx, projectId: string, requestId: string, variables: Attributes) {
  await trx
    .insertInto('bot_flow_states')
    .values({ project_id: projectId, request_id: requestId, variables: json(variables) })
    .onConflict((conflict) =>
      conflict.column('request_id').doUpdateSet({ variables: json(variables), updated_at: new Date() }),
    )
    .execute();
}
