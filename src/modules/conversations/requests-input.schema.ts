/** What the request routes accept: params, bodies and query strings (TypeBox, validated -> 422). */
import { Type, type Static } from 'typebox';
import { Attributes, FreeObject, QueryBool } from '../../platform/http/schemas.js';

export const RequestParams = Type.Object({ project_id: Type.String(), request_id: Type.String({ minLength: 1 }) });

export const Channel = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: true },
);

const MemberId = Type.String({ minLength: 1, maxLength: 200 });

/** The fields a new request may carry, shared by POST /requests and a first message. */
export const NewRequestFields = {
  sender: Type.Optional(MemberId),
  senderFullname: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  departmentid: Type.Optional(Type.String({ minLength: 1 })),
  sourcePage: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  userAgent: Type.Optional(Type.String()),
  attributes: Type.Optional(Attributes),
  subject: Type.Optional(Type.String()),
  channel: Type.Optional(Channel),
  location: Type.Optional(Attributes),
  participants: Type.Optional(Type.Array(MemberId)),
  priority: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  followers: Type.Optional(Type.Array(MemberId)),
};

export const CreateRequestBody = Type.Object({
  first_text: Type.String({ minLength: 1 }),
  request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '^\\S+$' })),
  ...NewRequestFields,
});
export type CreateRequestInput = Static<typeof CreateRequestBody>;

const TagInput = Type.Object({
  tag: Type.String({ minLength: 1 }),
  color: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
});

/** PATCH /:request_id: Tiledesk's allow-list. */
export const PatchRequestBody = Type.Object({
  lead: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Integer()),
  tags: Type.Optional(Type.Array(TagInput)),
  rating: Type.Optional(Type.Number()),
  rating_message: Type.Optional(Type.String()),
  sourcePage: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  first_text: Type.Optional(Type.String({ minLength: 1 })),
  subject: Type.Optional(Type.String()),
  location: Type.Optional(Attributes),
  priority: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  smartAssignment: Type.Optional(Type.Boolean()),
  workingStatus: Type.Optional(Type.String()),
  channelName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export type PatchRequestInput = Static<typeof PatchRequestBody>;

/** `closed_at` (beyond Tiledesk): when an imported conversation ended, in ms since 1970 or ISO 8601. */
export const CloseBody = Type.Object({
  force: Type.Optional(QueryBool),
  closed_at: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.String({ format: 'date-time' })])),
});

export const RouteBody = Type.Object({
  departmentid: Type.Optional(Type.String({ minLength: 1 })),
  nobot: Type.Optional(QueryBool),
  no_populate: Type.Optional(QueryBool),
});

export const MemberBody = Type.Object({ member: MemberId });
export const MemberList = Type.Array(MemberId);
/** `PUT /:request_id/replace`: the bot that takes the conversation, by id, name or slug (the first given). */
export const ReplaceBotBody = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1 })),
  name: Type.Optional(Type.String({ minLength: 1 })),
  slug: Type.Optional(Type.String({ minLength: 1 })),
});
export const ParticipantParams = Type.Object({ ...RequestParams.properties, participant_id: MemberId });
export const FollowerParams = Type.Object({ ...RequestParams.properties, follower_id: MemberId });

export const NoteBody = Type.Object({ text: Type.Optional(Type.String()), attributes: Type.Optional(FreeObject) });
export const NoteParams = Type.Object({ ...RequestParams.properties, note_id: Type.String({ minLength: 1 }) });

export const TagsBody = Type.Array(TagInput);
export const TagParams = Type.Object({ ...RequestParams.properties, tag_id: Type.String({ minLength: 1 }) });

export const RatingBody = Type.Object({
  rating: Type.Optional(Type.Number()),
  rating_message: Type.Optional(Type.String()),
});

export const DeleteByIdParams = Type.Object({ project_id: Type.String(), id: Type.String({ minLength: 1 }) });

/** GET /requests (and /csv, /me): Tiledesk's filters, as query strings. */
export const ListRequestsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  page: Type.Optional(Type.Integer({ minimum: 0 })),
  sort: Type.Optional(Type.String()),
  direction: Type.Optional(Type.String({ pattern: '^(-?1|asc|desc)$' })),
  status: Type.Optional(Type.String()),
  dept_id: Type.Optional(Type.String()),
  lead: Type.Optional(Type.String()),
  participant: Type.Optional(Type.String()),
  requester_email: Type.Optional(Type.String()),
  full_text: Type.Optional(Type.String()),
  no_textscore: Type.Optional(QueryBool),
  phone: Type.Optional(Type.String()),
  tags: Type.Optional(Type.String()),
  ticket_id: Type.Optional(Type.Integer()),
  preflight: Type.Optional(QueryBool),
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
  start_date_time: Type.Optional(Type.String()),
  end_date_time: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
  filterRangeField: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()),
  priority: Type.Optional(Type.String()),
  hasbot: Type.Optional(QueryBool),
  draft: Type.Optional(QueryBool),
  rated: Type.Optional(QueryBool),
  abandoned: Type.Optional(QueryBool),
  mine: Type.Optional(QueryBool),
  smartAssignment: Type.Optional(QueryBool),
  workingStatus: Type.Optional(Type.String()),
  snap_department_routing: Type.Optional(Type.String()),
  snap_department_default: Type.Optional(QueryBool),
  snap_department_id_bot: Type.Optional(Type.String()),
  snap_department_id_bot_exists: Type.Optional(QueryBool),
  snap_lead_lead_id: Type.Optional(Type.String()),
  snap_lead_email: Type.Optional(Type.String()),
  duration: Type.Optional(Type.Number({ minimum: 0 })),
  duration_op: Type.Optional(Type.Union([Type.Literal('gt'), Type.Literal('lt')])),
  caller: Type.Optional(Type.String()),
  called: Type.Optional(Type.String()),
  call_id: Type.Optional(Type.String()),
  no_populate: Type.Optional(QueryBool),
  no_count: Type.Optional(QueryBool),
});
export type ListRequestsFilter = Static<typeof ListRequestsQuery>;

export const CountQuery = Type.Object({
  merge_assigned: Type.Optional(Type.String()),
  conversation_quota: Type.Optional(QueryBool),
});
