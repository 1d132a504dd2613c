/**
 * Custom events. Each is stored and emitted as `event.emit`, which triggers and webhooks
 * subscribe to (Tiledesk's eventService.emit).
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { jsonOrNull } from '../../platform/db/json.js';
import { isDescending } from '../../platform/http/schemas.js';
import type { EventRow, ProjectRow } from '../../platform/db/tables.js';
import { createEventsRepo } from './events.repo.js';
import { EVENT_SORT_COLUMNS, eventToWire, type CreateEventInput, type ListEventsQueryInput } from './events.schema.js';

const DEFAULT_PAGE_SIZE = 40;
const MAX_PAGE_SIZE = 100;

export function createEventsService({ connection, transaction }: Platform) {
  const repo = createEventsRepo(connection);
  return {
    /** Records an event reported by a member (their membership) or by a bot or webhook (none). */
    record(
      project: ProjectRow,
      reporter: { createdBy: string; projectUserId?: string },
      input: CreateEventInput,
    ): Promise<EventRow> {
      return transaction(async ({ emit }) => {
        const event = await repo.insertEvent({
          id: newObjectId(),
          project_id: project.id,
          name: input.name,
          attributes: jsonOrNull(input.attributes),
          project_user_id: reporter.projectUserId ?? null,
          created_by: reporter.createdBy,
        });
        emit('event.emit', project.id, eventToWire(event));
        return event;
      });
    },

    async get(project: ProjectRow, id: string): Promise<EventRow> {
      const event = await repo.findEventById(project.id, id);
      if (!event) throw errors.notFound('event', id);
      return event;
    },

    /** Newest first unless asked otherwise, with the total for pagination. */
    async list(project: ProjectRow, query: ListEventsQueryInput) {
      const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const filters = { projectUserId: query.project_user, name: query.name };
      const [events, count] = await Promise.all([
        repo.listEvents(project.id, filters, {
          sort: EVENT_SORT_COLUMNS[query.sort ?? 'createdAt'],
          descending: isDescending(query.direction),
          offset: (query.page ?? 0) * limit,
          limit,
        }),
        repo.countEvents(project.id, filters),
      ]);
      return { perPage: limit, count, events };
    },
  };
}
