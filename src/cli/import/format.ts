/**
 * The import file format: JSON Lines, one conversation per line (see docs/import.md).
 *
 *   {"id":"conv-1","requester":{"id":"customer-42","firstname":"Jane","email":"jane@example.com"},
 *    "department":"<department id>","subject":"Password","closed":true,
 *    "messages":[{"id":"m1","sender":"customer-42","text":"Hi","timestamp":1665584701710}, ...]}
 *
 * `id`s are the source system's: they make a re-run find what an earlier run already created.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Timestamp = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })]);

export const ImportMessage = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1 })),
  sender: Type.String({ minLength: 1 }),
  senderFullname: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  timestamp: Timestamp,
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const ImportConversation = Type.Object({
  id: Type.String({ minLength: 1 }),
  requester: Type.Object({
    id: Type.String({ minLength: 1 }),
    firstname: Type.Optional(Type.String()),
    lastname: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  department: Type.Optional(Type.String({ minLength: 1 })),
  subject: Type.Optional(Type.String()),
  closed: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  messages: Type.Array(ImportMessage, { minItems: 1 }),
});

export type ImportConversation = Static<typeof ImportConversation>;
export type ImportMessage = Static<typeof ImportMessage>;

/** Parses one line; returns the conversation or the reasons it was rejected. */
export function parseConversationLine(text: string): { conversation: ImportConversation } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  if (!Value.Check(ImportConversation, value)) {
    return {
      problems: [...Value.Errors(ImportConversation, value)]
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message}`),
    };
  }
  const problems: string[] = [];
  value.messages.forEach((message, index) => {
    if (Number.isNaN(toEpochMs(message.timestamp))) problems.push(`/messages/${index}/timestamp is not a date`);
  });
  if (!value.messages.some((m) => m.text)) problems.push('/messages has no message with text');
  return problems.length > 0 ? { problems } : { conversation: value };
}

/** Milliseconds since the epoch from a number (ms) or an ISO date string. */
export function toEpochMs(timestamp: number | string): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}
