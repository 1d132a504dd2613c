/** A message as Tiledesk presents it, optionally with its (populated) request embedded. */
import { Type, type Static } from 'typebox';
import { Attributes, FreeObject, QueryBool } from '../../platform/http/schemas.js';
import type { MessageRow } from '../../platform/db/tables.js';
import { documentSchema, iso } from '../../platform/wire.js';
import { RequestSchema, type RequestWire } from './requests.schema.js';
import { Channel, NewRequestFields } from './requests-input.schema.js';

export const MessageSchema = documentSchema(
  {
    sender: Type.String(),
    senderFullname: Type.String(),
    recipient: Type.String(),
    recipientFullname: Type.Optional(Type.String()),
    type: Type.String(),
    channel_type: Type.String(),
    text: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    channel: FreeObject,
    id_project: Type.String(),
    status: Type.Number(),
    attributes: Type.Optional(FreeObject),
    metadata: Type.Optional(FreeObject),
    createdBy: Type.String(),
  },
  { request: Type.Optional(RequestSchema) },
);
export type MessageWire = Static<typeof MessageSchema>;

/**
 * The document of `row` (documentOf's layout, without the null fields, as compact leaves them
 * out), built field by field: the import answers a thousand of these at a time, and the generic
 * spread-then-filter cost more than the rest of presenting them.
 */
export function messageToWire(row: MessageRow, request?: RequestWire): MessageWire {
  const wire: Record<string, unknown> = {
    _id: row.id,
    id: row.id,
    sender: row.sender,
    senderFullname: row.sender_fullname ?? 'Guest',
    recipient: row.recipient,
  };
  if (row.recipient_fullname != null) wire.recipientFullname = row.recipient_fullname;
  wire.type = row.type;
  wire.channel_type = row.channel_type;
  if (row.text != null) wire.text = row.text;
  if (row.language != null) wire.language = row.language;
  wire.channel = row.channel;
  wire.id_project = row.project_id;
  wire.status = row.status;
  if (row.attributes != null) wire.attributes = row.attributes;
  if (row.metadata != null) wire.metadata = row.metadata;
  wire.createdBy = row.created_by;
  wire.createdAt = iso(row.created_at);
  wire.updatedAt = iso(row.updated_at);
  wire.__v = 0;
  if (request != null) wire.request = request;
  return wire as MessageWire;
}

/** Short lower-case words: text, image, frame, file (and whatever similar types clients send). */
const MessageType = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' });

/** The fields of one message, shared by the single, multi and direct routes. */
const MessageFields = {
  text: Type.Optional(Type.String()),
  type: Type.Optional(MessageType),
  sender: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  senderFullname: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer()),
  attributes: Type.Optional(Attributes),
  metadata: Type.Optional(Attributes),
  language: Type.Optional(Type.String()),
  channel: Type.Optional(Channel),
};

export const PostMessageBody = Type.Object({
  ...MessageFields,
  ...NewRequestFields,
  request_status: Type.Optional(Type.Integer()),
  preflight: Type.Optional(Type.Boolean()),
});
export type PostMessageInput = Static<typeof PostMessageBody>;

const MultiMessageItem = Type.Object(MessageFields);
export const MultiMessagesBody = Type.Array(MultiMessageItem);
export type MultiMessageInput = Static<typeof MultiMessageItem>;

export const MultiQuery = Type.Object({ notify: Type.Optional(QueryBool) });

export const DirectMessageBody = Type.Object({
  ...MessageFields,
  recipient: Type.String({ minLength: 1, maxLength: 300 }),
  recipientFullname: Type.String({ minLength: 1 }),
});
export type DirectMessageInput = Static<typeof DirectMessageBody>;

export const MessageParams = Type.Object({
  project_id: Type.String(),
  request_id: Type.String({ minLength: 1 }),
  message_id: Type.String({ minLength: 1 }),
});

/**
 * Opt-in cursor pagination of a long history: `limit` and/or `after` page forward as
 * {messages, next}; `last=true` (the newest page) or `before` page backward as {messages, previous}.
 */
export const ListMessagesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  before: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  last: Type.Optional(QueryBool),
});

export const MessagePageSchema = Type.Object({
  messages: Type.Array(MessageSchema),
  next: Type.Optional(Type.String()),
  previous: Type.Optional(Type.String()),
});
