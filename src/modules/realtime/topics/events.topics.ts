/**
 * Events of a project user: `/<project>/events/<project_user_id>` and, narrowed to one event
 * name, `/<project>/events/<project_user_id>/<name>`. A subscription starts with the last 20
 * (newest first, as Tiledesk) and then gets a `CREATE` per `event.emit`. Reading events is for
 * the team (agent and above), as `GET /:project_id/events`.
 *
 * Tiledesk never publishes on the per-name topic (only its snapshot is filtered); here both are.
 */
import type { AppContext } from '../../../app-context.js';
import type { DomainEvent } from '../../../platform/events/event-bus.js';
import type { EventRow } from '../../../platform/db/tables.js';
import { AppError } from '../../../platform/errors.js';
import { compact, iso } from '../../../platform/wire.js';
import { listRecentEvents } from '../realtime.repo.js';
import { allow, idOf, notFound, teamRole, type Publication, type TopicDefinition } from '../realtime.topics.js';

const SNAPSHOT_SIZE = 20;

export function eventTopics({ db, services }: AppContext): TopicDefinition[] {
  const definition = (pattern: string, publish: (event: DomainEvent) => Publication[]): TopicDefinition => ({
    pattern,
    async authorize(subscriber, params) {
      const role = teamRole(subscriber, 'agent');
      if (!role.ok) return role;
      try {
        await services.projectUsers.getById(subscriber.project, params.project_user_id);
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return notFound('Project user not found.');
        throw error;
      }
      return allow();
    },
    async snapshot({ project }, params) {
      const rows = await listRecentEvents(db, project.id, {
        projectUserId: params.project_user_id,
        name: params.event_name,
        limit: SNAPSHOT_SIZE,
      });
      return rows.map(eventToWire);
    },
    on: { 'event.emit': publish },
  });

  const named = (name: unknown) =>
    typeof name === 'string' && name !== '' && !name.includes('/') ? `/${name}` : undefined;
  return [
    definition('/:project_id/events/:project_user_id', (event) => frames(event, () => '')),
    definition('/:project_id/events/:project_user_id/:event_name', (event) => frames(event, named)),
  ];
}

function frames(event: DomainEvent, suffix: (name: unknown) => string | undefined): Publication[] {
  const payload = event.payload as Record<string, unknown>;
  const projectUserId = idOf(payload.project_user);
  const tail = suffix(payload.name);
  // As in Tiledesk, an event about no project user (e.g. a bot's "answer not found") has no topic.
  if (!projectUserId || tail === undefined) return [];
  return [{ topic: `/${event.projectId}/events/${projectUserId}${tail}`, method: 'CREATE', message: payload }];
}

/** An event as Tiledesk's event model presents it. */
export function eventToWire(row: EventRow) {
  return compact({
    _id: row.id,
    id: row.id,
    name: row.name,
    attributes: row.attributes,
    id_project: row.project_id,
    project_user: row.project_user_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    __v: 0,
  });
}
