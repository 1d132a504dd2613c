import { sql } from 'kysely';
import type { NewRequest, RequestRow, RequestUpdate } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';
import { prepared } from '../../platform/db/prepared.js';

export interface CountFilter {
  status: { in?: number[]; below?: number };
  createdFrom?: Date;
  createdBefore?: Date;
}

/** Requests queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createRequestsRepo(connection: Connection) {
  /** Inserts a request; undefined when its request_id is already taken (in any project). */
  function insertRequest(row: NewRequest) {
    const db = connection();
    return db
      .insertInto('requests')
      .values(row)
      .onConflict((oc) => oc.column('request_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** By request_id within a project; `forUpdate` locks the row for a read-modify-write. */
  function findRequest(
    projectId: string,
    requestId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RequestRow | undefined> {
    const db = connection();
    let query = db
      .selectFrom('requests')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('request_id', '=', requestId);
    if (options.forUpdate) query = query.forUpdate();
    return prepared(query).executeTakeFirst();
  }

  /**
   * The one lookup not scoped by project: the public transcript route only knows the request id
   * (unique across projects) and must find out which project it belongs to.
   */
  async function findProjectOfRequest(requestId: string): Promise<string | undefined> {
    const db = connection();
    const row = await db
      .selectFrom('requests')
      .select('project_id')
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row?.project_id;
  }

  function updateRequest(projectId: string, requestId: string, changes: RequestUpdate) {
    const db = connection();
    return db
      .updateTable('requests')
      .set({ updated_at: new Date(), ...changes })
      .where('project_id', '=', projectId)
      .where('request_id', '=', requestId)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteRequest(projectId: string, by: { requestId: string } | { id: string }) {
    const db = connection();
    let query = db.deleteFrom('requests').where('project_id', '=', projectId);
    query = 'id' in by ? query.where('id', '=', by.id) : query.where('request_id', '=', by.requestId);
    return query.returningAll().executeTakeFirst();
  }

  /** The agent routing picked last in a project (round robin continues after them). */
  async function findLastRoutedAgent(projectId: string): Promise<string | undefined> {
    const db = connection();
    const row = await db
      .selectFrom('requests')
      .select(sql<string | null>`participants_agents[1]`.as('agent'))
      .where('project_id', '=', projectId)
      .where('has_bot', '=', false)
      .where('assigned_at', 'is not', null)
      .where(sql<boolean>`cardinality(participants_agents) > 0`)
      .orderBy('assigned_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.agent ?? undefined;
  }

  async function countRequests(projectId: string, filter: CountFilter): Promise<number> {
    const db = connection();
    let query = db
      .selectFrom('requests')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('project_id', '=', projectId);
    if (filter.status.in) query = query.where('status', 'in', filter.status.in);
    if (filter.status.below !== undefined) query = query.where('status', '<', filter.status.below);
    if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
    return (await query.executeTakeFirstOrThrow()).count;
  }

  /**
   * GET /requests/count's three figures (not preflight): unassigned, assigned to people, assigned
   * to bots, from the per-status rollup of the project's requests (migration 0025).
   */
  async function countAssignments(projectId: string) {
    const db = connection();
    const { rows } = await sql<{ unassigned: number; assigned: number; botAssigned: number }>`
      SELECT
        coalesce(sum(count) FILTER (WHERE status = ${REQUEST_STATUS.UNASSIGNED}), 0)::int AS unassigned,
        coalesce(sum(count) FILTER (WHERE status = ${REQUEST_STATUS.ASSIGNED} AND NOT has_bot), 0)::int AS assigned,
        coalesce(sum(count) FILTER (WHERE status = ${REQUEST_STATUS.ASSIGNED} AND has_bot), 0)::int AS "botAssigned"
      FROM request_list_counts
      WHERE project_id = ${projectId} AND status IN (${REQUEST_STATUS.UNASSIGNED}, ${REQUEST_STATUS.ASSIGNED})
        AND NOT preflight`.execute(db);
    return rows[0]!; // an aggregate answers one row
  }

  return {
    countAssignments,
    insertRequest,
    findRequest,
    findProjectOfRequest,
    updateRequest,
    deleteRequest,
    findLastRoutedAgent,
    countRequests,
  };
}
