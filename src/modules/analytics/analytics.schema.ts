/** Wire shapes of the analytics routes, as Tiledesk's (a MongoDB aggregation's result). */
import { Type, type TSchema } from 'typebox';
import type { ReportFamily, ReportShape } from './analytics-reports.js';

/** `[{_id: <project id>, waiting_time_avg: <ms> | null}]`, or `[]` without conversations in the window. */
export const CurrentWaitingSchema = Type.Array(
  Type.Object({
    _id: Type.String(),
    waiting_time_avg: Type.Union([Type.Number(), Type.Null()]),
  }),
);

const Id = Type.String({ maxLength: 200 });
/** A number of days or seconds; empty is absent (Tiledesk's `if (req.query.lastdays)`). */
const DECIMAL = '^$|^\\d{1,6}(\\.\\d{1,6})?$';
const Text = Type.String({ maxLength: 200 });

/** What every report accepts: the window and the time zone. */
const WindowQuery = {
  lastdays: Type.Optional(
    Type.String({ pattern: DECIMAL, description: 'The window: the last `lastdays` days (24 h each).' }),
  ),
  startDate: Type.Optional(
    Type.String({ maxLength: 10, description: 'First day (`YYYY-MM-DD`, local to `timezone`) of the window.' }),
  ),
  endDate: Type.Optional(
    Type.String({ maxLength: 10, description: 'Last day (`YYYY-MM-DD`, included) of the window.' }),
  ),
  timezone: Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        'IANA time zone (`Europe/Rome`) or offset (`+02:00`) in which days and hours are counted; UTC by default.',
    }),
  ),
};

const QUERIES: Record<ReportFamily, TSchema> = {
  requests: Type.Object({
    ...WindowQuery,
    last: Type.Optional(Type.String({ pattern: DECIMAL, description: 'The window, in seconds.' })),
    department_id: Type.Optional(Id),
    participant: Type.Optional(Type.String({ maxLength: 200, description: 'An agent (user id) who took part.' })),
    channel: Type.Optional(Text),
  }),
  messages: Type.Object({
    ...WindowQuery,
    sender: Type.Optional(Id),
    recipient: Type.Optional(Type.String({ maxLength: 200, description: 'A conversation (request id).' })),
    channel: Type.Optional(Text),
    attributes_answerid: Type.Optional(Text),
  }),
  endUsers: Type.Object(WindowQuery),
  events: Type.Object({ ...WindowQuery, name: Type.Optional(Text) }),
};

export function queryOf(family: ReportFamily): TSchema {
  return QUERIES[family];
}

const Count = Type.Integer({ minimum: 0 });
const Ms = Type.Union([Type.Number(), Type.Null()]);
const Group = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const TimeSummary = Type.Object({ avg: Ms, p50: Ms, p90: Ms, p95: Ms });

/** The response schema of a report of this shape. */
export function responseOf(shape: ReportShape): TSchema {
  switch (shape.kind) {
    case 'total':
      return Type.Array(Type.Object({ totalCount: Count }));
    case 'project':
      return Type.Array(Type.Object({ _id: Type.String(), [shape.metric]: Ms }));
    case 'groups':
      return Type.Array(
        Type.Object({
          _id: Type.Object(Object.fromEntries(shape.keys.map((key) => [key, Group]))),
          [shape.metric]: shape.metric === 'count' ? Count : Ms,
        }),
      );
    case 'agents':
      return Type.Array(
        Type.Object({
          _id: Type.Object({ agent: Type.String() }),
          count: Count,
          first_response_time_avg: Ms,
          duration_avg: Ms,
          satisfaction_avg: Ms,
        }),
      );
    case 'percentiles':
      return Type.Array(
        Type.Object({
          _id: Type.String(),
          count: Count,
          waiting_time: TimeSummary,
          first_response_time: TimeSummary,
          duration: TimeSummary,
        }),
      );
  }
}
