/** Custom events a widget, bot or integration reports ("user clicked checkout"); they drive triggers. */
import { Type, type Static } from 'typebox';
import { Attributes, FreeObject, SortDirection } from '../../platform/http/schemas.js';
import type { EventRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';

export const EventSchema = documentSchema({
  id_project: Type.String(),
  name: Type.String(),
  attributes: Type.Optional(FreeObject),
  /** The membership of the member who reported it (absent for bots and webhooks). */
  project_user: Type.Optional(Type.String()),
  createdBy: Type.String(),
});
export type EventWire = Static<typeof EventSchema>;

export function eventToWire(event: EventRow): EventWire {
  return compact(
    documentOf(event, {
      id_project: event.project_id,
      name: event.name,
      attributes: event.attributes,
      project_user: event.project_user_id,
      createdBy: event.created_by,
    }),
  ) as EventWire;
}

export const EventParams = Type.Object({ project_id: Type.String(), event_id: Type.String() });

export const CreateEventBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  attributes: Type.Optional(Attributes),
});
export type CreateEventInput = Static<typeof CreateEventBody>;

export const EVENT_SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name' } as const;

export const ListEventsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  project_user: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  sort: Type.Optional(Type.Union(Object.keys(EVENT_SORT_COLUMNS).map((key) => Type.Literal(key)))),
  direction: Type.Optional(SortDirection),
});
export type ListEventsQueryInput = Static<typeof ListEventsQuery>;

export const EventListSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  events: Type.Array(EventSchema),
});
