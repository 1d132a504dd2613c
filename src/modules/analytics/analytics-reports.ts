/**
 * The reports of `/:project_id/analytics`, one entry per route: Tiledesk's (same paths, default
 * windows, `_id` keys in the same order, same sort) and Parley's additions (by department, by agent,
 * ratings distribution, percentiles). Each answers as the MongoDB aggregation it replaces would.
 */
import type { createAnalyticsMessagesRepo } from './analytics-messages.repo.js';
import type { RequestColumn, RequestMetric, createAnalyticsRequestsRepo } from './analytics-requests.repo.js';
import type { DatePart, ReportFilters } from './analytics-filters.js';

export interface ReportRepos {
  requests: ReturnType<typeof createAnalyticsRequestsRepo>;
  messages: ReturnType<typeof createAnalyticsMessagesRepo>;
}

export type ReportFamily = 'requests' | 'messages' | 'endUsers' | 'events';

/** What the response looks like, for its schema. */
export type ReportShape =
  | { kind: 'total' }
  | { kind: 'groups'; keys: readonly string[]; metric: string }
  | { kind: 'project'; metric: string }
  | { kind: 'percentiles' }
  | { kind: 'agents' };

export interface Report {
  family: ReportFamily;
  description: string;
  /** The window when the query names none (days); none: all time. */
  defaultDays?: number;
  shape: ReportShape;
  run(repos: ReportRepos, projectId: string, filters: ReportFilters, query: { name?: string }): Promise<unknown[]>;
}

const DAY = ['year', 'month', 'day'] as const;
/** Tiledesk keys the averages per day and month the other way round: `{day, month, year}`. */
const DAY_REVERSED = ['day', 'month', 'year'] as const;
const MONTH = ['year', 'month'] as const;
const WEEK = ['year', 'month', 'week'] as const;

function keyed(row: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? null]));
}

/** `[{totalCount}]`, or `[]` for none, as MongoDB's `$count`. */
function total(count: number | undefined) {
  return count ? [{ totalCount: count }] : [];
}

function requestCounts(
  description: string,
  defaultDays: number | undefined,
  parts: readonly DatePart[],
  columns: readonly RequestColumn[] = [],
  options: { descending?: boolean; keys?: readonly string[]; rated?: boolean } = {},
): Report {
  const keys = options.keys ?? [...parts, ...columns];
  return {
    family: 'requests',
    description,
    defaultDays,
    shape: { kind: 'groups', keys, metric: 'count' },
    async run(repos, projectId, filters) {
      const rows = await repos.requests.aggregateRequests(projectId, filters, {
        parts,
        columns,
        metric: 'count',
        descending: options.descending,
        rated: options.rated,
      });
      return rows.map((row) => ({ _id: keyed(row, keys), count: row.value }));
    },
  };
}

function requestAverage(
  description: string,
  defaultDays: number | undefined,
  metric: Exclude<RequestMetric, 'count'>,
  parts?: readonly DatePart[],
  keys: readonly string[] = parts ?? [],
): Report {
  return {
    family: 'requests',
    description,
    defaultDays,
    shape: parts ? { kind: 'groups', keys, metric } : { kind: 'project', metric },
    async run(repos, projectId, filters) {
      const rows = await repos.requests.aggregateRequests(projectId, filters, { parts, metric, descending: true });
      return rows.map((row) => ({ _id: parts ? keyed(row, keys) : projectId, [metric]: row.value }));
    },
  };
}

function requestTotal(description: string, botServed = false): Report {
  return {
    family: 'requests',
    description,
    defaultDays: 30,
    shape: { kind: 'total' },
    async run(repos, projectId, filters) {
      const [row] = await repos.requests.aggregateRequests(projectId, filters, { metric: 'count', botServed });
      return total(row?.value ?? 0);
    },
  };
}

/** Counts per calendar parts (or a total without parts) of messages or end users, from `count`. */
function partCounts(
  family: 'messages' | 'endUsers',
  count: (
    repos: ReportRepos,
    projectId: string,
    filters: ReportFilters,
    parts: readonly DatePart[],
  ) => Promise<Array<Record<string, unknown> & { count: number }>>,
) {
  return (description: string, defaultDays: number | undefined, parts: readonly DatePart[]): Report => ({
    family,
    description,
    defaultDays,
    shape: parts.length > 0 ? { kind: 'groups', keys: parts, metric: 'count' } : { kind: 'total' },
    async run(repos, projectId, filters) {
      const rows = await count(repos, projectId, filters, parts);
      return parts.length > 0
        ? rows.map((row) => ({ _id: keyed(row, parts), count: row.count }))
        : total(rows[0]?.count);
    },
  });
}

const messageCounts = partCounts('messages', (repos, ...args) => repos.messages.countMessages(...args));
const endUserCounts = partCounts('endUsers', (repos, ...args) => repos.messages.countEndUsers(...args));

function messagesBy(description: string, by: 'sender' | '_answerid'): Report {
  return {
    family: 'messages',
    description,
    defaultDays: 7,
    shape: { kind: 'groups', keys: [by], metric: 'count' },
    async run(repos, projectId, filters) {
      const rows = await repos.messages.countMessagesBy(projectId, filters, by);
      return rows.map((row) => ({ _id: keyed(row, [by]), count: row.count }));
    },
  };
}

export const REPORTS = {
  '/requests/count': requestTotal(
    'Conversations begun in the window (default 30 days): `[{totalCount}]`, `[]` for none.',
  ),
  '/requests/hasBot/count': requestTotal('Conversations a bot served, in the window (default 30 days).', true),
  '/requests/aggregate/status': requestCounts(
    'Conversations per status, in the window (default 30 days). (Tiledesk counts them all instead.)',
    30,
    [],
    ['status'],
  ),
  '/requests/aggregate/day': requestCounts('Conversations per local day (default last 7 days).', 7, DAY),
  '/requests/aggregate/status/day': requestCounts('Conversations per day and status (default 7 days).', 7, DAY, [
    'status',
  ]),
  '/requests/aggregate/hasBot/day': requestCounts(
    'Conversations per day, bot-served (`hasBot: true`) or not (default 7 days).',
    7,
    DAY,
    ['hasBot'],
  ),
  '/requests/aggregate/week': requestCounts(
    'Conversations per MongoDB `$week` (Sunday-based, 0-53) of each month (default: all time).',
    undefined,
    WEEK,
  ),
  '/requests/aggregate/month': requestCounts('Conversations per month (default: all time).', undefined, MONTH),
  '/requests/aggregate/hours': requestCounts(
    'Conversations per local hour of the day, latest hour first (default 30 days).',
    30,
    ['hour'],
    [],
    { descending: true },
  ),
  '/requests/aggregate/dayoftheweek/hours': requestCounts(
    'Conversations per local hour and weekday (1 = Sunday), latest first (default 30 days).',
    30,
    ['hour', 'weekday'],
    [],
    { descending: true },
  ),
  '/requests/aggregate/sourcePage': requestCounts(
    'Conversations per source page (default 30 days).',
    30,
    [],
    ['sourcePage'],
  ),
  '/requests/aggregate/department': requestCounts(
    'Conversations per department id (default 30 days). Parley only.',
    30,
    [],
    ['department'],
  ),
  '/requests/aggregate/agent': requestCounts(
    'Conversations per agent (user id) who took part, a conversation counting once per agent (default 30 days). ' +
      'Parley only.',
    30,
    [],
    ['agent'],
  ),
  '/requests/aggregate/attributes/_answerid': messagesBy(
    'Messages per bot answer (`attributes._answerid`; null for the others), in the window (default 7 days).',
    '_answerid',
  ),
  '/requests/waiting': requestAverage(
    'Average waiting time (ms), over the last `last` seconds (default 30 days).',
    30,
    'waiting_time_avg',
  ),
  '/requests/waiting/day/last': requestAverage(
    'Average waiting time (ms) over the last 24 hours.',
    1,
    'waiting_time_avg',
  ),
  '/requests/waiting/day': requestAverage(
    'Average waiting time (ms) per day, latest first (default 7 days).',
    7,
    'waiting_time_avg',
    DAY,
    DAY_REVERSED,
  ),
  '/requests/waiting/month': requestAverage(
    'Average waiting time (ms) per month, latest first (default: all time).',
    undefined,
    'waiting_time_avg',
    MONTH,
    ['month', 'year'],
  ),
  '/requests/duration': requestAverage(
    'Average duration (ms, creation to close; open ones count for nothing), default 30 days.',
    30,
    'duration_avg',
  ),
  '/requests/duration/day': requestAverage(
    'Average duration (ms) per day, latest first (default 7 days).',
    7,
    'duration_avg',
    DAY,
    DAY_REVERSED,
  ),
  '/requests/duration/month': requestAverage(
    'Average duration (ms) per month, latest first (default 30 days, as Tiledesk).',
    30,
    'duration_avg',
    MONTH,
    ['month', 'year'],
  ),
  '/requests/satisfaction': requestAverage('Average rating (default: all time).', undefined, 'satisfaction_avg'),
  '/requests/satisfaction/day': requestAverage(
    'Average rating per day, latest first (default 7 days).',
    7,
    'satisfaction_avg',
    DAY,
    DAY_REVERSED,
  ),
  '/requests/satisfaction/month': requestAverage(
    'Average rating per month, latest first (default: all time).',
    undefined,
    'satisfaction_avg',
    MONTH,
    ['month', 'year'],
  ),
  '/requests/satisfaction/ratings': requestCounts(
    'How many conversations got each rating (default: all time). Parley only.',
    undefined,
    [],
    ['rating'],
    { rated: true },
  ),
  '/requests/percentiles': {
    family: 'requests',
    description:
      'Average, median, 90th and 95th percentile (ms) of the waiting time, the first-response time and the ' +
      'duration (default 30 days). Parley only.',
    defaultDays: 30,
    shape: { kind: 'percentiles' },
    async run(repos, projectId, filters) {
      const summary = await repos.requests.timeSummaries(projectId, filters);
      if (!summary) return [];
      return [
        {
          _id: projectId,
          count: summary.count,
          waiting_time: summary.waitingTime,
          first_response_time: summary.firstResponseTime,
          duration: summary.duration,
        },
      ];
    },
  },
  '/requests/agents': {
    family: 'requests',
    description:
      'Per agent (user id) who took part, a conversation counting once per agent: conversations, average ' +
      'first-response time and duration (ms) and average rating, most conversations first (default 30 days). ' +
      'Parley only.',
    defaultDays: 30,
    shape: { kind: 'agents' },
    async run(repos, projectId, filters) {
      const rows = await repos.requests.agentSummaries(projectId, filters);
      return rows.map(({ agent, ...numbers }) => ({ _id: { agent }, ...numbers }));
    },
  },
  '/messages/count': messageCounts('Messages in the window (default 30 days): `[{totalCount}]`.', 30, []),
  '/messages/aggregate/day': messageCounts('Messages per local day (default 7 days).', 7, DAY),
  '/messages/aggregate/week': messageCounts('Messages per `$week` of each month (default: all time).', undefined, WEEK),
  '/messages/aggregate/month': messageCounts('Messages per month (default: all time).', undefined, MONTH),
  '/messages/aggregate/sender': messagesBy('Messages per sender (default 7 days).', 'sender'),
  '/project_users/count': endUserCounts('End users (visitors) who joined in the window (default 30 days).', 30, []),
  '/project_users/aggregate/day': endUserCounts('End users who joined, per day (default 7 days).', 7, DAY),
  '/project_users/aggregate/week': endUserCounts(
    'End users who joined, per `$week` (default: all time).',
    undefined,
    WEEK,
  ),
  '/project_users/aggregate/month': endUserCounts(
    'End users who joined, per month (default: all time).',
    undefined,
    MONTH,
  ),
  '/events/aggregate/day': {
    family: 'events',
    description: 'Custom events per day and name (default 7 days; all but `typing.start` unless `name` is given).',
    defaultDays: 7,
    shape: { kind: 'groups', keys: [...DAY, 'name'], metric: 'count' },
    async run(repos, projectId, filters, query) {
      const rows = await repos.messages.countEvents(projectId, filters, query.name);
      return rows.map((row) => ({ _id: keyed(row, [...DAY, 'name']), count: row.count }));
    },
  },
} satisfies Record<string, Report>;

export type ReportPath = keyof typeof REPORTS;
