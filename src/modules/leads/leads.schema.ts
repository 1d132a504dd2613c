/** A lead (contact): the person on the other side of a conversation. */
import { Type, type Static } from 'typebox';
import { DateTime, FreeObject } from '../../platform/http/schemas.js';
import type { LeadRow } from '../../platform/db/tables.js';
import { compact, iso } from '../../platform/wire.js';

export const LeadSchema = Type.Object({
  _id: Type.String(),
  id: Type.String(),
  id_project: Type.String(),
  lead_id: Type.String(),
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
  tags: Type.Array(Type.String()),
  attributes: Type.Optional(FreeObject),
  properties: Type.Optional(FreeObject),
  status: Type.Number(),
  createdBy: Type.Optional(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  __v: Type.Number(),
});
export type LeadWire = Static<typeof LeadSchema>;

export function leadToWire(lead: LeadRow): LeadWire {
  return compact({
    _id: lead.id,
    id: lead.id,
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
    createdAt: iso(lead.created_at)!,
    updatedAt: iso(lead.updated_at)!,
    __v: 0,
  }) as LeadWire;
}
