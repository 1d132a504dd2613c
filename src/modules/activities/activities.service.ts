/**
 * The audit trail (Tiledesk's activities): recorded by a staging hook inside the transaction of
 * each change, so an activity exists if and only if its change committed; listed and exported
 * for admins with Tiledesk's filters; purged after ACTIVITIES_RETENTION_DAYS.
 */
import type { Platform } from '../../platform/context.js';
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import { parseDateRange } from '../../platform/date-range.js';
import { errors } from '../../platform/errors.js';
import { isDescending, isTrue } from '../../platform/http/schemas.js';
import { fullNameOf } from '../../platform/auth/principal.js';
import { csvLine } from '../../platform/http/csv.js';
import type { UsersService } from '../users/users.service.js';
import { activitiesOf, memberUserId, type NewActivity } from './activities.archiver.js';
import { createActivitiesRepo, type ActivityFilter } from './activities.repo.js';
import {
  ACTIVITY_LIMITS,
  activityToWire,
  type ExportActivitiesQuery,
  type ListActivitiesQuery,
} from './activities.schema.js';
import { CSV_COLUMNS, csvRowOf } from './activities.csv.js';

const MAX_VERBS = 50;
const EXPORT_BATCH = 1000;
/** Rows of one CSV page (`?page=` for the next), as Tiledesk's export. */
const EXPORT_PAGE = 100_000;

/** Who an activity involves, for `?agent_id=`: actor, target user, related user, the request's agents. */
function involvedUserIds(activity: NewActivity): string[] {
  const ids = new Set<string>();
  if (activity.actor.type !== 'system') ids.add(activity.actor.id);
  const targetUser = activity.target.type === 'project_user' && activity.target.object && memberUserId(activity.target.object);
  if (targetUser) ids.add(targetUser);
  if (activity.related?.type === 'user') ids.add(activity.related.id);
  const agents = activity.target.type === 'request' ? activity.target.object?.participantsAgents : undefined;
  if (Array.isArray(agents)) for (const agent of agents) if (typeof agent === 'string') ids.add(agent);
  return [...ids];
}

function filterOf(query: ExportActivitiesQuery): ActivityFilter {
  const verbs = query.activities
    ?.split(',')
    .map((verb) => verb.trim())
    .filter(Boolean);
  if (verbs && verbs.length > MAX_VERBS) throw errors.invalid(`At most ${MAX_VERBS} verbs in activities.`);
  const range = parseDateRange(query.start_date, query.end_date, query.timezone ?? 'UTC');
  return {
    ...(verbs && verbs.length > 0 && { verbs }),
    ...(query.agent_id && { agentId: query.agent_id }),
    ...(range.from && { from: range.from }),
    // An end with a time includes that second; a day alone is the whole day.
    ...(range.to && { to: range.to.inclusive ? new Date(range.to.date.getTime() + 1000) : range.to.date }),
  };
}

const sortOf = (query: ExportActivitiesQuery) => ({
  sort: query.sort === 'verb' ? ('verb' as const) : ('created_at' as const),
  ascending: !isDescending(query.direction),
});

export function createActivitiesService(platform: Platform, deps: { users: UsersService }) {
  const repo = createActivitiesRepo(platform.connection);

  /** Assignees are named as they were then (their name may change, the trail does not). */
  async function nameAssignees(activities: NewActivity[]): Promise<void> {
    const ids = activities.flatMap((a) => (a.related?.type === 'user' ? [a.related.id] : []));
    if (ids.length === 0) return;
    const users = await deps.users.findUsersByIds([...new Set(ids)]);
    const names = new Map(users.map((user) => [user.id, fullNameOf(user.firstname, user.lastname)]));
    for (const activity of activities) {
      const name = activity.related && names.get(activity.related.id);
      if (activity.related && name) activity.related.name = name;
    }
  }

  return {
    /** The staging hook: runs inside every transaction that emitted events, before its commit. */
    async stage(events: DomainEvent[]): Promise<void> {
      const activities = activitiesOf(events);
      if (activities.length === 0) return;
      await nameAssignees(activities);
      await repo.insertActivities(activities.map((a) => ({ ...a, involvedUserIds: involvedUserIds(a) })));
    },

    /** GET /activities: one page, newest first unless asked otherwise, with the total count. */
    async list(project: ProjectRow, query: ListActivitiesQuery) {
      const chart = isTrue(query.chart);
      const requested = query.limit ?? ACTIVITY_LIMITS.default;
      const limit = Math.min(requested, chart ? ACTIVITY_LIMITS.chart : ACTIVITY_LIMITS.list);
      const filter = filterOf(query);
      const [rows, count] = await Promise.all([
        repo.listActivities(project.id, filter, { offset: (query.page ?? 0) * limit, limit, ...sortOf(query) }),
        repo.countActivities(project.id, filter),
      ]);
      return {
        perPage: limit,
        count,
        activities: rows.map(activityToWire),
        ...(chart && { chart: true }),
        ...(chart &&
          requested > ACTIVITY_LIMITS.chart && {
            limitWarning: `Limit exceeded the maximum allowed value of ${ACTIVITY_LIMITS.chart}. Only the first ${ACTIVITY_LIMITS.chart} matching activities are returned.`,
          }),
      };
    },

    /**
     * GET /activities/csv: up to 100,000 rows per page, written as they are read. The filters are
     * checked now, before the first line goes out (a bad date is a 422, not a broken download).
     */
    exportCsv(project: ProjectRow, query: ExportActivitiesQuery): AsyncGenerator<string> {
      const filter = filterOf(query);
      const sort = sortOf(query);
      const start = (query.page ?? 0) * EXPORT_PAGE;
      return (async function* () {
        yield csvLine([...CSV_COLUMNS]);
        for (let offset = start; offset < start + EXPORT_PAGE; offset += EXPORT_BATCH) {
          const rows = await repo.listActivities(project.id, filter, { offset, limit: EXPORT_BATCH, ...sort });
          yield rows.map((row) => csvLine(csvRowOf(activityToWire(row)))).join('');
          if (rows.length < EXPORT_BATCH) return;
        }
      })();
    },

    /** Housekeeping: drops what is older than the retention (none when it is 0). */
    async purge(now = new Date()): Promise<number> {
      const days = platform.config.activitiesRetentionDays;
      if (days <= 0) return 0;
      return repo.deleteActivitiesBefore(new Date(now.getTime() - days * 86_400_000));
    },
  };
}
