/** A canned response: a saved reply an agent picks instead of typing it again. */
import { Type, type Static } from 'typebox';
import { FreeObject } from '../../platform/http/schemas.js';
import type { CannedResponseRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';

/** Tiledesk's statuses: live, and deleted (kept, out of sight). */
export const CANNED_STATUS = { live: 100, deleted: 1000 } as const;

export const CannedResponseSchema = documentSchema({
  id_project: Type.String(),
  title: Type.Optional(Type.String()),
  text: Type.String(),
  shared: Type.Boolean(),
  attributes: Type.Optional(FreeObject),
  createdBy: Type.String(),
  status: Type.Number(),
});
export type CannedResponseWire = Static<typeof CannedResponseSchema>;

export function cannedResponseToWire(canned: CannedResponseRow): CannedResponseWire {
  return compact(
    documentOf(canned, {
      id_project: canned.project_id,
      title: canned.title,
      text: canned.text,
      shared: canned.shared,
      attributes: canned.attributes,
      createdBy: canned.created_by,
      status: canned.status,
    }),
  ) as CannedResponseWire;
}

export const CannedResponseParams = Type.Object({ project_id: Type.String(), canned_id: Type.String() });

export const CreateCannedResponseBody = Type.Object({
  title: Type.Optional(Type.String()),
  text: Type.String({ minLength: 1 }),
  shared: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(FreeObject),
});
export type CreateCannedResponseInput = Static<typeof CreateCannedResponseBody>;

/** The only fields a PUT may change: id_project, createdBy, status... are never taken from a body. */
export const UpdateCannedResponseBody = Type.Object({
  title: Type.Optional(Type.String()),
  text: Type.Optional(Type.String({ minLength: 1 })),
  shared: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(FreeObject),
});
export type UpdateCannedResponseInput = Static<typeof UpdateCannedResponseBody>;

export const ListCannedResponsesQuery = Type.Object({
  /** Case-insensitive substring of the title or the text. */
  text: Type.Optional(Type.String()),
  /** Tiledesk's name for the same search. */
  full_text: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type ListCannedResponsesQueryInput = Static<typeof ListCannedResponsesQuery>;
