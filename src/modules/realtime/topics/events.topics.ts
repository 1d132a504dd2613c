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
import { NotFoundError } from '../../../platform/errors.js';
import { eventToWire } from '../../events/events.schema.js';
import { allow, idOf, notFound, param, teamRole, type Publication, type TopicDefinition } from '../realtime.topics.js';

const SNAPSHOT_SIZE = 20;

export function eventTopics({ services }: AppContext): TopicDefinition[] {
  const definition = (pattern: string, publish: (event: DomainEvent) => Publication[]): TopicDefinition => ({
    pattern,
    async authorize(subscriber, params) {
      const role = teamRole(subscriber, 'agent');
      if (!role.ok) return role;
      try {
        await services.projectUsers.getById(subscriber.project, param(params, 'project_user_id'));
      } catch (error) {
        if (error instanceof NotFoundError) return notFound('Project user not found.');
        throw error;
      }
      return allow();
    },
    async snapshot({ project }, params) {
      const { events } = await services.events.list(project, {
        project_user: params.project_user_id,
        name: params.event_name,
        limit: SNAPSHOT_SIZE,
      });
      return events.map(eventToWire);
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
