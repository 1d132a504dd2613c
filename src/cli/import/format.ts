/**
 * The import file format: JSON Lines, one conversation per line (see docs/import.md).
 *
 *   {"id":"conv-1","requester":{"id":"customer-42","firstname":"Jane","email":"jane@example.com"},
 *    "department":"<department id or name>","subject":"Password","closed":true,
 *    "messages":[{"id":"m1","sender":"customer-42","text":"Hi","timestamp":1665584701710}, ...]}
 *
 * `id`s are the source system's: they make a re-run find what an earlier run already created.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** Milliseconds since 1970, or ISO 8601 with a zone (a zoneless time would depend on the machine). */
const Timestamp = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
/** Below this a number is almost surely seconds, not milliseconds (it is March 1973 in ms). */
const MIN_PLAUSIBLE_MS = 1e11;

const ImportMessage = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
  sender: Type.String({ minLength: 1, maxLength: 200 }),
  senderFullname: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  type: Type.Optional(Type.String({ minLength: 1 })),
  timestamp: Timestamp,
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const ImportConversation = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 150 }),
  requester: Type.Object({
    id: Type.String({ minLength: 1 }),
    firstname: Type.Optional(Type.String()),
    lastname: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  department: Type.Optional(Type.String({ minLength: 1 })),
  subject: Type.Optional(Type.String()),
  closed: Type.Optional(Type.Boolean()),
  closed_at: Type.Optional(Timestamp),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  messages: Type.Array(ImportMessage, { minItems: 1 }),
});

export type ImportConversation = Static<typeof ImportConversation>;
export type ImportMessage = Static<typeof ImportMessage>;

/** Parses one line; returns the conversation, or the reasons it was rejected (and its id if it has one). */
export function parseConversationLine(
  text: string,
): { conversation: ImportConversation } | { problems: string[]; id?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const id = typeof (value as { id?: unknown } | null)?.id === 'string' ? (value as { id: string }).id : undefined;
  if (!Value.Check(ImportConversation, value)) {
    return {
      id,
      problems: [...Value.Errors(ImportConversation, value)]
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message}`),
    };
  }
  const problems: string[] = [];
  const ids = new Map<string, number>();
  value.messages.forEach((message, index) => {
    const problem = timestampProblem(message.timestamp);
    if (problem) problems.push(`/messages/${index}/timestamp ${problem}`);
    if (message.id !== undefined) {
      const first = ids.get(message.id);
      if (first !== undefined) problems.push(`/messages/${index}/id "${message.id}" repeats /messages/${first}/id`);
      else ids.set(message.id, index);
    }
  });
  if (value.closed_at !== undefined) {
    const problem = timestampProblem(value.closed_at);
    const first = Math.min(...value.messages.map((m) => toEpochMs(m.timestamp)));
    if (problem) problems.push(`/closed_at ${problem}`);
    else if (toEpochMs(value.closed_at) < first) problems.push('/closed_at is before the first message');
  }
  if (!value.messages.some((m) => m.text)) problems.push('/messages has no message with text');
  return problems.length > 0 ? { id, problems: problems.slice(0, 5) } : { conversation: value };
}

function timestampProblem(timestamp: number | string): string | undefined {
  if (typeof timestamp === 'number') {
    return timestamp < MIN_PLAUSIBLE_MS ? 'must be in milliseconds since 1970 (this looks like seconds)' : undefined;
  }
  if (!ISO_DATE.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return 'must be milliseconds since 1970 or an ISO 8601 date with a zone (2022-10-12T14:26:02Z)';
  }
  return undefined;
}

/** Milliseconds since the epoch from a number (ms) or an ISO date string. */
export function toEpochMs(timestamp: number | string): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}
