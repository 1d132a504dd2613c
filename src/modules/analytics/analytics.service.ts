/**
 * Numbers about a project's conversations. So far the public one the widget shows: how long
 * visitors wait at the moment.
 */
import type { Platform } from '../../platform/context.js';
import { createAnalyticsRepo } from './analytics.repo.js';

/** "At the moment": Tiledesk averages the conversations of the last four hours. */
const CURRENT_WINDOW_MS = 4 * 3_600_000;

export function createAnalyticsService(platform: Platform) {
  const repo = createAnalyticsRepo(platform.connection);
  return {
    /** The average waiting time of the conversations begun in the last four hours; none without any. */
    async currentWaiting(projectId: string, now = new Date()) {
      const { count, average } = await repo.waitingSince(projectId, new Date(now.getTime() - CURRENT_WINDOW_MS));
      return count === 0 ? undefined : { waitingTimeAverage: average };
    },
  };
}
