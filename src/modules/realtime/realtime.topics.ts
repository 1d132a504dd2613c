/**
 * The topic registry. Each topic pattern declares, in one place, who may subscribe, what a new
 * subscriber receives first, and which domain events publish on it. The hub and the brokers know
 * nothing about projects, requests or bots: adding a topic is adding a definition here.
 */
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { Principal } from '../../platform/auth/principal.js';
import type { ProjectRow, ProjectUserRow } from '../../platform/db/tables.js';
import type { Role } from '../../platform/auth/roles.js';
import { can, type MachineKind } from '../../platform/auth/policies.js';
import type { Method } from './realtime.protocol.js';
import type { NotFoundWording } from '../../platform/errors.js';

/** The caller of a subscribe, already checked to belong to the topic's project. */
export interface Subscriber {
  principal: Principal;
  project: ProjectRow;
  /** Active membership; undefined only for a bot or subscription principal of this project. */
  membership?: ProjectUserRow;
}

export type Params = Record<string, string>;

export type Authorization =
  { ok: true; access?: unknown } | { ok: false; code: 'forbidden' | 'not_found'; message: string };

export interface Publication {
  topic: string;
  method: Method;
  message: unknown;
}

export interface TopicDefinition {
  /** Path pattern; `:name` segments are parameters and the first one is always `:project_id`. */
  pattern: string;
  /** Who may subscribe. `access` is kept with the subscription and handed to `filter.visible`. */
  authorize(subscriber: Subscriber, params: Params): Promise<Authorization>;
  /** The current state, sent as a `CREATE` frame when the subscription starts. */
  snapshot(subscriber: Subscriber, params: Params, access: unknown): Promise<unknown>;
  /** Domain event name (as emitted on the event bus) -> the frames it publishes on this pattern. */
  on: Record<string, (event: DomainEvent) => Publication[]>;
  /** How the REST route of the same resource words "not found" when `snapshot` finds nothing. */
  notFound?: NotFoundWording;
  /**
   * For topics whose subscribers see different subsets of the live frames: `audience` reads what
   * decides it from a frame's message, once per frame; `visible` decides it for each subscriber.
   */
  filter?: {
    audience(message: unknown): unknown;
    visible(access: unknown, audience: unknown): boolean;
  };
  /**
   * For topics whose subscribers see different views of the same frames (visitors and the team):
   * `of` names a subscriber's view (undefined: the frame as published), `present` turns a frame's
   * message into that view. Each view of a frame is encoded once.
   */
  view?: {
    of(access: unknown): string | undefined;
    present(view: string, message: unknown): unknown;
  };
}

export interface TopicMatch {
  definition: TopicDefinition;
  params: Params;
}

export interface TopicRegistry {
  match(topic: string): TopicMatch | undefined;
  /** Every domain event name some topic listens to. */
  eventNames(): string[];
  publicationsFor(event: DomainEvent): Publication[];
}

export function createTopicRegistry(definitions: TopicDefinition[]): TopicRegistry {
  const compiled = definitions.map((definition) => {
    const segments = definition.pattern.split('/').slice(1);
    if (segments[0] !== ':project_id') throw new Error(`topic ${definition.pattern} must start with /:project_id`);
    return { definition, segments };
  });

  return {
    match(topic) {
      const parts = topic.split('/').slice(1);
      for (const { definition, segments } of compiled) {
        if (segments.length !== parts.length) continue;
        const params: Params = {};
        // Topics are compared as published, byte for byte, so segments are not URL-decoded.
        const matches = segments.every((segment, index) => {
          const part = parts[index];
          if (!part) return false;
          if (segment.startsWith(':')) params[segment.slice(1)] = part;
          return segment.startsWith(':') || segment === part;
        });
        if (matches) return { definition, params };
      }
      return undefined;
    },
    eventNames() {
      return [...new Set(definitions.flatMap((definition) => Object.keys(definition.on)))];
    },
    publicationsFor(event) {
      return definitions.flatMap((definition) => definition.on[event.name]?.(event) ?? []);
    },
  };
}

// --- building blocks for definitions -------------------------------------------------------

export const allow = (access?: unknown): Authorization => ({ ok: true, access });
export const forbidden = (message = 'you dont have the required role.'): Authorization => ({
  ok: false,
  code: 'forbidden',
  message,
});
export const notFound = (message = 'Object not found.'): Authorization => ({ ok: false, code: 'not_found', message });

/**
 * The REST guard `guards.role(role, {types})` for a subscriber: a team member with at least
 * `role`, or a bot/subscription principal of this project when its kind is listed. Stricter than
 * the guard on one point (`can.actAsTeam`): an end-user membership is never a team member here.
 */
export function teamRole(subscriber: Subscriber, role: Role, types: MachineKind[] = []): Authorization {
  const { principal, membership, project } = subscriber;
  if (principal.kind === 'bot' || principal.kind === 'subscription') {
    return can.actAsMachine(principal, project.id, types) ? allow() : forbidden();
  }
  return can.actAsTeam(membership, role) ? allow() : forbidden();
}

/**
 * The items of a snapshot, from the first on, as many as fit in `budget` bytes of JSON: a
 * snapshot never outgrows what a subscriber's socket may buffer (REALTIME_MAX_BUFFERED_BYTES),
 * whatever its items hold, so no content can get a subscriber dropped on every subscribe. An
 * item too big for what is left is replaced by `reduce(item)` (a bounded summary) if that fits;
 * the snapshot ends at the first item that does not fit either way. The rest is in the REST API.
 */
export function withinBytes<T>(items: T[], budget: number, reduce?: (item: T) => unknown): unknown[] {
  const kept: unknown[] = [];
  let left = budget - 2;
  for (const item of items) {
    const separator = kept.length > 0 ? 1 : 0;
    const size = Buffer.byteLength(JSON.stringify(item) ?? 'null') + separator;
    if (size <= left) {
      kept.push(item);
      left -= size;
      continue;
    }
    const summary = reduce?.(item);
    const reduced = summary === undefined ? Infinity : Buffer.byteLength(JSON.stringify(summary)) + separator;
    if (reduced > left) break;
    kept.push(summary);
    left -= reduced;
  }
  return kept;
}

/**
 * A parameter of a matched topic. A definition reads only those its pattern names, and the
 * registry sets every one of them (`:project_id` on every topic), so a missing one is a bug.
 */
export function param(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`realtime: the topic has no :${name} parameter`);
  return value;
}

/** The id of an entity in an event payload (`_id`, `id`, or a populated reference). */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return idOf(record._id) ?? idOf(record.id);
  }
  return undefined;
}
