/** The activities list's query and page, and an activity as Tiledesk's activities route sends it. */
import { Type, type Static } from 'typebox';
import { DateTime, FreeObject, QueryBool, SortDirection } from '../../platform/http/schemas.js';
import { iso } from '../../platform/wire.js';
import type { ActivityRow } from '../../platform/db/tables.js';
import { activityMessage } from './activities.messages.js';

/** Tiledesk's page sizes: 40 by default, at most 100, or 1000 for a chart (`?chart=true`). */
export const ACTIVITY_LIMITS = { default: 40, list: 100, chart: 1000 } as const;
const MAX_PAGE = 100_000;

const ActivityFilterFields = {
  activities: Type.Optional(
    Type.String({ maxLength: 2000, description: 'Verbs, comma-separated (e.g. `PROJECT_USER_INVITE,REQUEST_CLOSE`).' }),
  ),
  agent_id: Type.Optional(
    Type.String({
      maxLength: 100,
      description: "A user's id: the activities they did, or that target them, assign them or their request.",
    }),
  ),
  start_date: Type.Optional(
    Type.String({ maxLength: 40, description: 'From this day (`DD/MM/YYYY` or `YYYY/MM/DD`, optional `HH:mm`).' }),
  ),
  end_date: Type.Optional(
    Type.String({ maxLength: 40, description: 'Up to this day, included (same formats; only with start_date).' }),
  ),
  timezone: Type.Optional(Type.String({ maxLength: 64, description: 'Time zone of the dates (default UTC).' })),
  sort: Type.Optional(Type.Union([Type.Literal('createdAt'), Type.Literal('verb')])),
  direction: Type.Optional(SortDirection),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PAGE })),
};

export const ListActivitiesQuery = Type.Object({
  ...ActivityFilterFields,
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: 'Page size: at most 100, 1000 with `chart`.' }),
  ),
  chart: Type.Optional(QueryBool),
});
export type ListActivitiesQuery = Static<typeof ListActivitiesQuery>;

export const ExportActivitiesQuery = Type.Object({ ...ActivityFilterFields });
export type ExportActivitiesQuery = Static<typeof ExportActivitiesQuery>;

const ActorSchema = Type.Object({
  type: Type.String({ description: '`user`, `bot` or `system`.' }),
  id: Type.String(),
  name: Type.Optional(Type.String()),
});

export const ActivitySchema = Type.Object({
  _id: Type.String(),
  id: Type.String(),
  actor: ActorSchema,
  verb: Type.String(),
  actionObj: Type.Optional(FreeObject),
  target: Type.Object({
    type: Type.String(),
    id: Type.Optional(Type.String()),
    object: Type.Optional(FreeObject),
  }),
  related: Type.Optional(FreeObject),
  involvedUserIds: Type.Optional(Type.Array(Type.String())),
  id_project: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  __v: Type.Number(),
  message: Type.Optional(Type.String({ description: 'The activity in a sentence (English).' })),
});
export type ActivityWire = Static<typeof ActivitySchema>;

export const ActivitiesPageSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  activities: Type.Array(ActivitySchema),
  chart: Type.Optional(Type.Boolean()),
  limitWarning: Type.Optional(Type.String()),
});

export function activityToWire(row: ActivityRow): ActivityWire {
  const at = iso(row.created_at)!;
  const wire: ActivityWire = {
    _id: row.id,
    id: row.id,
    actor: { type: row.actor_type, id: row.actor_id, ...(row.actor_name !== null && { name: row.actor_name }) },
    verb: row.verb,
    ...(row.action !== null && { actionObj: row.action }),
    target: {
      type: row.target_type,
      ...(row.target_id !== null && { id: row.target_id }),
      ...(row.target !== null && { object: row.target }),
    },
    ...(row.related !== null && { related: row.related }),
    ...(row.involved_user_ids.length > 0 && { involvedUserIds: row.involved_user_ids }),
    id_project: row.project_id,
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
  const message = activityMessage(wire);
  return message === undefined ? wire : { ...wire, message };
}
