/**
 * GET /requests, /requests/csv and /requests/me: Tiledesk's query-string filters translated to
 * SQL, the caller's visibility, sorting and pagination. Full text uses the generated `search`
 * tsvector ('simple' configuration) and the messages' text index, and ranks by the request's own
 * ts_rank unless `no_textscore` (a request found only through its messages ranks last).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, RequestRow } from '../../platform/db/tables.js';
import { errors } from '../../platform/errors.js';
import { json } from '../../platform/db/json.js';
import { visibleRequests, type Visibility } from '../../platform/auth/policies.js';
import { isTrue } from '../../platform/http/schemas.js';
import { ownEntry } from '../../platform/own.js';
import type { ListRequestsFilter } from './requests-input.schema.js';
import { parseDateRange } from '../../platform/date-range.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

type Eb = ExpressionBuilder<Database, 'requests'>;

const DEFAULT_LIMIT = 40;
const MAX_LIMIT = 100;

export interface ListOptions {
  /** Who may see which requests (reference §3.8): the caller's, from the policies. */
  visibility: Visibility;
  /** Without a `status` filter: 'open' (the inbox), 'notClosed' (/me) or 'any' (CSV export). */
  defaultStatus: 'open' | 'notClosed' | 'any';
}

const SORTABLE: Record<string, keyof RequestRow> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  status: 'status',
  ticket_id: 'ticket_id',
  priority: 'priority',
  first_text: 'first_text',
  subject: 'subject',
  closed_at: 'closed_at',
  assigned_at: 'assigned_at',
  first_response_at: 'first_response_at',
  waiting_time: 'waiting_time',
  duration: 'duration',
  rating: 'rating',
  request_id: 'request_id',
  last_message_at: 'last_message_at',
};

const RANGE_FIELDS: Record<string, 'created_at' | 'updated_at' | 'closed_at' | 'assigned_at'> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  closed_at: 'closed_at',
  assigned_at: 'assigned_at',
};

export function pageOf(filter: Pick<ListRequestsFilter, 'limit' | 'page'>) {
  const limit = filter.limit === undefined || filter.limit > MAX_LIMIT ? DEFAULT_LIMIT : filter.limit;
  return { limit, offset: (filter.page ?? 0) * limit };
}

function statusConditions(eb: Eb, filter: ListRequestsFilter, fallback: ListOptions['defaultStatus']) {
  if (filter.status === 'all') return [];
  const wanted = (filter.status ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
    .filter(Number.isInteger);
  if (wanted.length > 0) return [eb('status', 'in', wanted)];
  if (fallback === 'open') {
    return [
      eb('status', '<', REQUEST_STATUS.CLOSED),
      eb('status', 'not in', [REQUEST_STATUS.TEMP, REQUEST_STATUS.ABANDONED]),
    ];
  }
  if (fallback === 'notClosed') return [eb('status', '<', REQUEST_STATUS.CLOSED)];
  return [];
}

function dateConditions(eb: Eb, f: ListRequestsFilter) {
  const start = f.start_date_time ?? f.start_date;
  const end = f.end_date_time ?? f.end_date;
  if (!start && !end) return [];
  const field = ownEntry(RANGE_FIELDS, f.filterRangeField ?? 'createdAt');
  if (!field) throw errors.invalid(`filterRangeField must be one of ${Object.keys(RANGE_FIELDS).join(', ')}`);
  const range = parseDateRange(start, end, f.timezone);
  return [
    ...(range.from ? [eb(field, '>=', range.from)] : []),
    ...(range.to ? [eb(field, range.to.inclusive ? '<=' : '<', range.to.date)] : []),
  ];
}

function channelCondition(channel: string) {
  if (channel === 'offline') return sql<boolean>`channel ->> 'name' IN ('email', 'form')`;
  if (channel === 'online') return sql<boolean>`coalesce(channel ->> 'name', '') NOT IN ('email', 'form')`;
  return sql<boolean>`channel ->> 'name' = ${channel}`;
}

/**
 * A request matches `full_text` by its own fields (first text, subject, transcript, tags, notes,
 * lead) or, while it is open, by the words of its messages: a closed conversation's messages are
 * in its transcript, an open one's words are in `open_message_search` (migration 0026), kept by
 * triggers for open conversations only. Both are GIN indexes, and the second side is an array of
 * ids (`= ANY(ARRAY(...))`, not `IN (...)`) so that the planner can OR the two into one bitmap of
 * the matching requests instead of testing every open request against both.
 * What the caller may see is still the listing's visibility condition.
 */
function fullText(eb: Eb, projectId: string, text: string) {
  const query = sql`websearch_to_tsquery('simple', ${text})`;
  return eb.or([
    sql<boolean>`search @@ ${query}`,
    sql<boolean>`id = ANY(ARRAY(SELECT s.request FROM open_message_search s
      WHERE s.search @@ ${query} AND s.project_id = ${projectId}))`,
  ]);
}

/** Every condition of a listing: project, status, preflight, visibility and the filters. */
function conditions(eb: Eb, projectId: string, f: ListRequestsFilter, options: ListOptions) {
  // Paths are constants of this file, never caller input.
  const snap = (path: string, value: string) => sql<boolean>`snapshot #>> ${sql.raw(`'{${path}}'`)} = ${value}`;
  const where: Expression<SqlBool>[] = [
    eb('project_id', '=', projectId),
    ...statusConditions(eb, f, options.defaultStatus),
  ];
  if (!isTrue(f.preflight)) where.push(eb('preflight', '=', false));
  const visible = visibleRequests(eb, options.visibility);
  if (visible) where.push(visible);
  if (f.dept_id) where.push(eb('department_id', '=', f.dept_id));
  if (f.lead) where.push(eb('lead_id', '=', f.lead));
  if (f.participant) where.push(sql<boolean>`participants @> ARRAY[${f.participant}]::text[]`);
  if (f.requester_email) where.push(snap('lead,email', f.requester_email));
  if (f.full_text) where.push(fullText(eb, projectId, f.full_text));
  if (f.phone) {
    const digits = f.phone.replace(/\D/g, '');
    where.push(sql<boolean>`regexp_replace(coalesce(contact ->> 'phone', ''), '\\D', '', 'g') LIKE ${`%${digits}%`}`);
  }
  if (f.hasbot !== undefined) where.push(eb('has_bot', '=', isTrue(f.hasbot)));
  if (f.tags) where.push(sql<boolean>`tags @> ${json([{ tag: f.tags }])}::jsonb`);
  if (f.ticket_id !== undefined) where.push(eb('ticket_id', '=', f.ticket_id));
  where.push(...dateConditions(eb, f));
  if (f.snap_department_routing) where.push(snap('department,routing', f.snap_department_routing));
  if (f.snap_department_default !== undefined) {
    where.push(snap('department,default', String(isTrue(f.snap_department_default))));
  }
  if (f.snap_department_id_bot) where.push(snap('department,id_bot', f.snap_department_id_bot));
  if (f.snap_department_id_bot_exists !== undefined) {
    where.push(
      isTrue(f.snap_department_id_bot_exists)
        ? sql<boolean>`snapshot #> '{department,id_bot}' IS NOT NULL`
        : sql<boolean>`snapshot #> '{department,id_bot}' IS NULL`,
    );
  }
  if (f.snap_lead_lead_id) where.push(snap('lead,lead_id', f.snap_lead_lead_id));
  if (f.snap_lead_email) where.push(snap('lead,email', f.snap_lead_email));
  if (f.smartAssignment !== undefined) where.push(eb('smart_assignment', '=', isTrue(f.smartAssignment)));
  if (f.channel) where.push(channelCondition(f.channel));
  if (f.workingStatus) where.push(eb('working_status', '=', f.workingStatus));
  if (f.priority) where.push(eb('priority', '=', f.priority));
  if (f.duration !== undefined && f.duration_op) {
    where.push(eb('duration', f.duration_op === 'gt' ? '>=' : '<=', Math.round(f.duration * 60_000)));
  }
  if (isTrue(f.rated)) where.push(eb('rating', 'is not', null));
  if (isTrue(f.abandoned)) where.push(sql<boolean>`attributes -> 'fully_abandoned' = 'true'::jsonb`);
  if (f.draft !== undefined && !isTrue(f.draft)) where.push(eb('draft', '=', false));
  if (f.caller) where.push(sql<boolean>`attributes ->> 'caller_phone' = ${f.caller}`);
  if (f.called) where.push(sql<boolean>`attributes ->> 'called_phone' = ${f.called}`);
  if (f.call_id) where.push(sql<boolean>`attributes ->> 'call_id' = ${f.call_id}`);
  return eb.and(where);
}

/** A row of `request_list_counts` (migration 0025): how many requests of a project have these values. */
interface RequestListCount {
  project_id: string;
  status: number;
  preflight: boolean;
  draft: boolean;
  has_bot: boolean;
  count: number;
}

/** The filters that only read columns of `request_list_counts`, and those that do not filter. */
const ROLLUP_FILTERS = new Set(['status', 'preflight', 'draft', 'hasbot', 'limit', 'page', 'sort', 'direction']);
const NOT_FILTERS = new Set(['no_populate', 'no_count', 'no_textscore', 'mine']);

/**
 * Whether a listing's total may be read from `request_list_counts`: the caller sees every request
 * and every filter given is one of the rollup's columns. Anything else is counted in `requests`.
 */
function countedByRollup(filter: ListRequestsFilter, visibility: Visibility): boolean {
  if (visibility.kind !== 'all') return false;
  return Object.entries(filter).every(
    ([key, value]) => value === undefined || ROLLUP_FILTERS.has(key) || NOT_FILTERS.has(key),
  );
}

/** The request list query, bound to a connection (the ambient transaction, or the pool). */
export function createRequestList(connection: Connection) {
  return { listRequests };

  /**
   * One page of requests, with a text score when ranked, and the total unless not wanted (0): two
   * queries side by side, so that the caller can present the page while the total is counted
   * (an agent's total reads every open conversation the agent may see).
   */
  function listRequests(
    projectId: string,
    filter: ListRequestsFilter,
    options: ListOptions & { page: { limit: number; offset: number }; count: boolean; ascendingByDefault?: boolean },
  ): { rows: Promise<Array<RequestRow & { score?: number }>>; count: Promise<number> } {
    // `sort=` (empty) is Tiledesk's default order, as there.
    const sortColumn = ownEntry(SORTABLE, filter.sort || 'createdAt');
    if (!sortColumn) throw errors.invalid(`sort must be one of ${Object.keys(SORTABLE).join(', ')}`);
    const descending = filter.direction ? ['-1', 'desc'].includes(filter.direction) : !options.ascendingByDefault;
    const ranked = !!filter.full_text && !isTrue(filter.no_textscore);

    const conn = connection();
    const direction = descending ? 'desc' : 'asc';
    const matching = conn.selectFrom('requests').where((eb) => conditions(eb, projectId, filter, options));
    let rowsQuery;
    if (ranked) {
      rowsQuery = matching
        .selectAll()
        .select(sql<number>`ts_rank(search, websearch_to_tsquery('simple', ${filter.full_text}))::float8`.as('score'))
        .orderBy('score', 'desc')
        .orderBy('id', direction)
        .limit(options.page.limit)
        .offset(options.page.offset);
    } else {
      // The page's ids first, where the list indexes (0025) answer alone, filters included; then
      // only the page's own rows: the rows a filter rejects or a later page skips are not read.
      const ids = matching
        .select('id')
        .orderBy(sortColumn, direction)
        .orderBy('id', direction)
        .limit(options.page.limit)
        .offset(options.page.offset);
      rowsQuery = conn
        .selectFrom('requests')
        .selectAll()
        .where('id', 'in', ids)
        .orderBy(sortColumn, direction)
        .orderBy('id', direction);
    }

    const countQuery = countedByRollup(filter, options.visibility)
      ? // The same conditions over the rollup's columns (migration 0025), which bear the same names.
        conn
          .selectFrom(sql<RequestListCount>`request_list_counts`.as('requests'))
          .select(sql<number>`coalesce(sum(count), 0)::int`.as('count'))
          .where((eb) => conditions(eb as unknown as Eb, projectId, filter, options))
      : conn
          .selectFrom('requests')
          .select(sql<number>`count(*)::int`.as('count'))
          .where((eb) => conditions(eb, projectId, filter, options));
    const rows = rowsQuery.execute() as Promise<Array<RequestRow & { score?: number }>>;
    const count = options.count ? countQuery.executeTakeFirstOrThrow().then((r) => r.count) : Promise.resolve(0);
    // A caller that fails on the page first would leave a failed count unhandled, which ends the process.
    count.catch(() => {});
    return { rows, count };
  }
}
