/**
 * Numbers about a project's conversations: the public "current waiting time" the widget shows,
 * and the reports of the dashboard (`REPORTS`), each over a window, in a time zone, with filters.
 */
import type { Platform } from '../../platform/context.js';
import { createAnalyticsRepo } from './analytics.repo.js';
import { createAnalyticsMessagesRepo } from './analytics-messages.repo.js';
import { createAnalyticsRequestsRepo } from './analytics-requests.repo.js';
import { checkDates, zoneOf, type ReportFilters } from './analytics-filters.js';
import { REPORTS, type ReportPath } from './analytics-reports.js';

/** "At the moment": Tiledesk averages the conversations of the last four hours. */
const CURRENT_WINDOW_MS = 4 * 3_600_000;
const DAY_MS = 86_400_000;
/** Buckets folded per statement, and statements per compaction (the next one takes the rest). */
const COMPACTION_BUCKETS = 2000;
const COMPACTION_BATCHES = 50;

/** A report's query string, as the routes accept it (see analytics.schema.ts). */
export interface ReportQuery {
  /** Days, as a decimal number ('' is absent). */
  lastdays?: string;
  /** Seconds (Tiledesk's `/requests/waiting`). */
  last?: string;
  startDate?: string;
  endDate?: string;
  timezone?: string;
  department_id?: string;
  participant?: string;
  channel?: string;
  sender?: string;
  recipient?: string;
  attributes_answerid?: string;
  name?: string;
}

export function createAnalyticsService(platform: Platform) {
  const repo = createAnalyticsRepo(platform.connection);
  const repos = {
    requests: createAnalyticsRequestsRepo(platform.connection),
    messages: createAnalyticsMessagesRepo(platform.connection),
  };

  /**
   * The filters of a query; the window is the dates', else `lastdays` (or `last`), else the
   * report's. An empty parameter is an absent one, as Tiledesk tests them (`if (req.query.x)`).
   */
  function filtersOf(raw: ReportQuery, defaultDays: number | undefined, now: Date): ReportFilters {
    const query = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '')) as ReportQuery;
    checkDates(query.startDate, query.endDate);
    const windowMs =
      query.lastdays !== undefined
        ? Number(query.lastdays) * DAY_MS
        : query.last !== undefined
          ? Number(query.last) * 1000
          : defaultDays !== undefined && query.endDate === undefined
            ? defaultDays * DAY_MS
            : undefined;
    return {
      window: {
        since: query.startDate === undefined && windowMs !== undefined ? new Date(now.getTime() - windowMs) : undefined,
        startDate: query.startDate,
        endDate: query.endDate,
      },
      zone: zoneOf(query.timezone),
      departmentId: query.department_id,
      participant: query.participant,
      channel: query.channel,
      sender: query.sender,
      recipient: query.recipient,
      answerId: query.attributes_answerid,
    };
  }

  return {
    /**
     * Folds the rows the count triggers appended (migration 0024) into one per bucket, a batch at
     * a time so no transaction grows with the backlog; returns how many rows it removed.
     */
    async compactCounts(): Promise<number> {
      let total = 0;
      for (let batch = 0; batch < COMPACTION_BATCHES; batch++) {
        const folded = await repo.compactCounts(COMPACTION_BUCKETS);
        total += folded;
        if (folded === 0) break;
      }
      return total;
    },

    /** The average waiting time of the conversations begun in the last four hours; none without any. */
    async currentWaiting(projectId: string, now = new Date()) {
      const { count, average } = await repo.waitingSince(projectId, new Date(now.getTime() - CURRENT_WINDOW_MS));
      return count === 0 ? undefined : { waitingTimeAverage: average };
    },

    /** One of the dashboard's reports, as its Tiledesk route answers (arrays of MongoDB groups). */
    report(path: ReportPath, projectId: string, query: ReportQuery, now = new Date()): Promise<unknown[]> {
      const report = REPORTS[path];
      return report.run(repos, projectId, filtersOf(query, report.defaultDays, now), { name: query.name || undefined });
    },
  };
}
