/**
 * Memberships: `/<project>/project_users/<project_user_id>` (the subscriber's own membership, as
 * Tiledesk allows) and `/<project>/project_users/users/<user_id | uuid>` (any member, for the
 * team, as `GET /project_users/users/:user_id` allows). Both are updated on every change.
 */
import type { AppContext } from '../../../app-context.js';
import type { DomainEvent } from '../../../platform/events/event-bus.js';
import { projectUserToWire } from '../../project-users/project-users.schema.js';
import { allow, forbidden, idOf, param, teamRole, type Publication, type TopicDefinition } from '../realtime.topics.js';

/** A removal is published too (as Tiledesk's UPDATE): watchers see `trashed` / `status` change. */
const CHANGES = ['project_user.update', 'project_user.delete'];

export function projectUserTopics({ services }: AppContext): TopicDefinition[] {
  const own: TopicDefinition = {
    pattern: '/:project_id/project_users/:project_user_id',
    async authorize({ membership }, params) {
      return membership?.id === params.project_user_id ? allow() : forbidden('Only your own membership.');
    },
    async snapshot({ project }, params) {
      return projectUserToWire(project, await services.projectUsers.getById(project, param(params, 'project_user_id')));
    },
    on: Object.fromEntries(CHANGES.map((name) => [name, (event) => membershipFrame(event, (pu) => idOf(pu))])),
  };

  const byUser: TopicDefinition = {
    pattern: '/:project_id/project_users/users/:user_id',
    async authorize(subscriber) {
      return teamRole(subscriber, 'agent', ['bot', 'subscription']);
    },
    async snapshot({ project }, params) {
      return projectUserToWire(project, await services.projectUsers.getByUser(project, param(params, 'user_id')));
    },
    on: Object.fromEntries(
      CHANGES.map((name) => [
        name,
        (event) => membershipFrame(event, (pu) => idOf(pu.id_user) ?? idOf(pu.uuid_user), 'users/'),
      ]),
    ),
  };

  return [own, byUser];
}

function membershipFrame(
  event: DomainEvent,
  key: (pu: Record<string, unknown>) => string | undefined,
  prefix = '',
): Publication[] {
  const pu = event.payload as Record<string, unknown>;
  const id = key(pu);
  return id ? [{ topic: `/${event.projectId}/project_users/${prefix}${id}`, method: 'UPDATE', message: pu }] : [];
}
