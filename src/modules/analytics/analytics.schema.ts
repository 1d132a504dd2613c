/** Wire shapes of the analytics routes, as Tiledesk's (a MongoDB aggregation's result). */
import { Type } from 'typebox';

/** `[{_id: <project id>, waiting_time_avg: <ms> | null}]`, or `[]` without conversations in the window. */
export const CurrentWaitingSchema = Type.Array(
  Type.Object({
    _id: Type.String(),
    waiting_time_avg: Type.Union([Type.Number(), Type.Null()]),
  }),
);
