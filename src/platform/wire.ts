/**
 * Helpers for presenting rows in Tiledesk's wire format (MongoDB documents as JSON): `_id` and
 * `id` both carry the id, absent fields are left out rather than sent as null, dates are ISO.
 */
import { Type, type TProperties } from 'typebox';
import { DateTime } from './http/schemas.js';

/** Drops keys whose value is null or undefined, as a Mongo document would simply lack them. */
export function compact<T extends Record<string, unknown>>(object: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as { [K in keyof T]: Exclude<T[K], null> };
}

export function iso(date: Date | string | null | undefined): string | undefined {
  if (date === null || date === undefined) return undefined;
  return (date instanceof Date ? date : new Date(date)).toISOString();
}

// --- the document envelope ------------------------------------------------------------------
//
// Every entity is a Mongo-like document: `_id` and `id` first, its own fields (`id_project` and
// `createdBy` among them, wherever Tiledesk puts them), then `createdAt`, `updatedAt` and `__v`,
// then its virtuals. `documentSchema` and `documentOf` lay out the schema and the presented object
// in that one order: the schema's order is the order of the JSON a route sends, the object's the
// order of the JSON of events and realtime frames.

const DOCUMENT_ID = { _id: Type.String(), id: Type.String() };
const DOCUMENT_STAMPS = { createdAt: DateTime, updatedAt: DateTime, __v: Type.Number() };
const OPTIONAL_STAMPS = {
  createdAt: Type.Optional(DateTime),
  updatedAt: Type.Optional(DateTime),
  __v: Type.Optional(Type.Number()),
};

/** The schema of a document with these `fields`, and `after` them (past `__v`) its virtuals. */
export function documentSchema<F extends TProperties, A extends TProperties = {}>(fields: F, after?: A) {
  return Type.Object({ ...DOCUMENT_ID, ...fields, ...DOCUMENT_STAMPS, ...(after as A) });
}

/** `documentSchema` whose dates and version may be absent (users, as Tiledesk embeds them). */
export function looseDocumentSchema<F extends TProperties>(fields: F) {
  return Type.Object({ ...DOCUMENT_ID, ...fields, ...OPTIONAL_STAMPS });
}

/** What every presented row has. */
interface DocumentRow {
  id: string;
  created_at: Date;
  updated_at: Date;
}

/** A row presented as a document: its `fields`, and `after` them (past `__v`) its virtuals. */
export function documentOf<F extends object, A extends object = {}>(row: DocumentRow, fields: F, after?: A) {
  return {
    _id: row.id,
    id: row.id,
    ...fields,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    __v: 0,
    ...(after as A),
  };
}
