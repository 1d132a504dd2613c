/** A lead (contact): the person on the other side of a conversation. */
import { Type, type Static } from 'typebox';
import { Attributes, FreeObject, QueryBool, SortDirection } from '../../platform/http/schemas.js';
import type { LeadRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';
import type { NotFoundWording } from '../../platform/errors.js';

/** A lead's contact details: free text, read and written under the same names. */
const ContactDetails = {
  fullname: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  company: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  streetAddress: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  zipcode: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
};

export const LeadSchema = documentSchema({
  id_project: Type.String(),
  lead_id: Type.String(),
  ...ContactDetails,
  tags: Type.Array(Type.String()),
  attributes: Type.Optional(FreeObject),
  properties: Type.Optional(FreeObject),
  status: Type.Number(),
  createdBy: Type.Optional(Type.String()),
});
export type LeadWire = Static<typeof LeadSchema>;

export function leadToWire(lead: LeadRow): LeadWire {
  return compact(
    documentOf(lead, {
      id_project: lead.project_id,
      lead_id: lead.lead_id,
      fullname: lead.fullname,
      email: lead.email,
      phone: lead.phone,
      company: lead.company,
      note: lead.note,
      streetAddress: lead.street_address,
      city: lead.city,
      region: lead.region,
      zipcode: lead.zipcode,
      country: lead.country,
      tags: lead.tags ?? [],
      attributes: lead.attributes,
      properties: lead.properties,
      status: lead.status,
      createdBy: lead.created_by,
    }),
  ) as LeadWire;
}

export const LeadParams = Type.Object({ project_id: Type.String(), id: Type.String() });
export const LeadTagParams = Type.Object({ project_id: Type.String(), id: Type.String(), tag: Type.String() });

/** Lead statuses (Tiledesk's LeadConstants): temporary, normal, deleted. */
export const LEAD_STATUS = { temp: 50, normal: 100, deleted: 1000 } as const;
const LeadStatus = Type.Union([Type.Literal(50), Type.Literal(100), Type.Literal(1000)]);

/** The contact fields a client may write (both on create and on update). */
const ContactFields = {
  ...ContactDetails,
  attributes: Type.Optional(Attributes),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
};

export const CreateLeadBody = Type.Object({
  lead_id: Type.Optional(Type.String({ minLength: 1 })),
  ...ContactFields,
  properties: Type.Optional(Attributes),
});
export type CreateLeadInput = Static<typeof CreateLeadBody>;

export const UpdateLeadBody = Type.Object({ ...ContactFields, status: Type.Optional(LeadStatus) });
export type UpdateLeadInput = Static<typeof UpdateLeadBody>;

/** PUT /:id/tag takes a bare array of tag strings, as Tiledesk's chatbot sends it. */
export const AddLeadTagsBody = Type.Array(Type.String({ minLength: 1 }));

/** Wire sort keys and the columns they order by. */
export const LEAD_SORT_COLUMNS = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  _id: 'id',
  id: 'id',
  lead_id: 'lead_id',
  fullname: 'fullname',
  email: 'email',
  company: 'company',
  phone: 'phone',
  status: 'status',
} as const;

const LeadFilterFields = {
  full_text: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  with_email: Type.Optional(QueryBool),
  with_fullname: Type.Optional(QueryBool),
  tags: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(Type.Integer()),
  segment: Type.Optional(Type.String()),
  sort: Type.Optional(Type.Union(Object.keys(LEAD_SORT_COLUMNS).map((key) => Type.Literal(key)))),
  direction: Type.Optional(SortDirection),
  page: Type.Optional(Type.Integer({ minimum: 0 })),
};

export const ListLeadsQuery = Type.Object({ ...LeadFilterFields, limit: Type.Optional(Type.Integer({ minimum: 1 })) });
export type ListLeadsQueryInput = Static<typeof ListLeadsQuery>;

export const ExportLeadsQuery = Type.Object(LeadFilterFields);

export const LeadListSchema = Type.Object({
  perPage: Type.Number(),
  count: Type.Number(),
  leads: Type.Array(LeadSchema),
});

/** `GET /leads` and `/leads/csv` with `segment`: Parley has no segments, and says so as Tiledesk does. */
export const segmentNotFound: NotFoundWording = { segment: () => ({ success: false, msg: 'Error segment not found' }) };
