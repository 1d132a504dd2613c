/**
 * The one "agent load" rule: a request weighs on every agent taking part in it
 * (`participants_agents`) while it is an open assignment: not closed, not a draft and not pending
 * (`working_status`). An agent's load is their `number_assigned_requests`, what chat limits
 * compare with and so who routing may pick; it is counted once in SQL and once in TypeScript (which
 * agents a change of a request moves), side by side here so they cannot drift.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, RequestRow } from './db/tables.js';
import { REQUEST_STATUS } from '../../web/shared/request-status.js';

/** The columns an agent's load depends on: a change that touches none of them moves no load. */
export const LOAD_COLUMNS = ['participants_agents', 'status', 'draft', 'working_status'] as const;

/** SQL twin of isOpenAssignment, for `.where(openAssignment)` on `requests`. */
export function openAssignment(eb: ExpressionBuilder<Database, 'requests'>) {
  return eb.and([
    // A literal: the bound of the open-only indexes' predicate (a prepared statement's generic plan
    // can use them only if the query names it: ./db/prepared-statements.ts).
    eb('requests.status', '<', sql.lit(REQUEST_STATUS.CLOSED)),
    eb('requests.draft', '=', false),
    eb.or([eb('requests.working_status', 'is', null), eb('requests.working_status', '<>', 'pending')]),
  ]);
}

export function isOpenAssignment(request: Pick<RequestRow, 'status' | 'draft' | 'working_status'>): boolean {
  return request.status < REQUEST_STATUS.CLOSED && !request.draft && request.working_status !== 'pending';
}
