import { sql } from 'kysely';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { Attributes, BotTurnKind } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

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

/** BotEngine queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createBotEngineRepo(connection: Connection) {
  async function insertTurns(turns: NewTurn[]): Promise<void> {
    const db = connection();
    if (turns.length === 0) return;
    await db
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

  function findTurn(projectId: string, id: number) {
    const db = connection();
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
  function findHeadTurn(projectId: string, requestId: string) {
    const db = connection();
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

  async function setTurnJob(projectId: string, id: number, jobId: number): Promise<void> {
    const db = connection();
    await db
      .updateTable('bot_turns')
      .set({ job_id: jobId })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .execute();
  }

  async function deleteTurn(projectId: string, id: number): Promise<void> {
    const db = connection();
    await db.deleteFrom('bot_turns').where('project_id', '=', projectId).where('id', '=', id).execute();
  }

  /** A conversation's flow variables; undefined while no flow has run in it. */
  async function findVariables(projectId: string, requestId: string): Promise<Attributes | undefined> {
    const db = connection();
    const row = await db
      .selectFrom('bot_flow_states')
      .select('variables')
      .where('project_id', '=', projectId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row?.variables;
  }

  async function saveVariables(projectId: string, requestId: string, variables: Attributes) {
    const db = connection();
    await db
      .insertInto('bot_flow_states')
      .values({ project_id: projectId, request_id: requestId, variables: json(variables) })
      .onConflict((conflict) =>
        conflict.column('request_id').doUpdateSet({ variables: json(variables), updated_at: new Date() }),
      )
      .execute();
  }

  return { insertTurns, findTurn, findHeadTurn, setTurnJob, deleteTurn, findVariables, saveVariables };
}
