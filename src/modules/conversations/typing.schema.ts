/** "Someone is typing": the request body, the signal as clients receive it, and its event name. */
import { Type, type Static } from 'typebox';

/** The event the realtime topic `/<p>/requests/<id>/typing` publishes (never stored). */
export const TYPING_EVENT = 'request.typing';

export const TypingBody = Type.Object({
  typing: Type.Boolean({ description: 'true while typing (repeat every few seconds), false once stopped' }),
});

export const TypingSchema = Type.Object({
  request_id: Type.String(),
  sender: Type.String({ description: 'The typist: a user id, a visitor id, or bot_<id>' }),
  sender_fullname: Type.String(),
  role: Type.Union([Type.Literal('visitor'), Type.Literal('agent'), Type.Literal('bot')]),
  typing: Type.Boolean(),
  at: Type.Number({ description: 'When the server received it (ms since the epoch): clients drop stale ones' }),
});

export type TypingSignal = Static<typeof TypingSchema>;
