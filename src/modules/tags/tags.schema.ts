/** The project's tag library: the tags agents pick from, each with a display color. */
import { Type, type Static } from 'typebox';
import { FreeObject, SortDirection } from '../../platform/http/schemas.js';
import type { TagRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';

export const TagSchema = documentSchema({
  id_project: Type.String(),
  tag: Type.String(),
  color: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
  createdBy: Type.String(),
});
export type TagWire = Static<typeof TagSchema>;

export function tagToWire(tag: TagRow): TagWire {
  return compact(
    documentOf(tag, {
      id_project: tag.project_id,
      tag: tag.tag,
      color: tag.color,
      attributes: tag.attributes,
      createdBy: tag.created_by,
    }),
  ) as TagWire;
}

export const TagParams = Type.Object({ project_id: Type.String(), tag_id: Type.String() });

export const CreateTagBody = Type.Object({
  tag: Type.String({ minLength: 1 }),
  color: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
});
export type CreateTagInput = Static<typeof CreateTagBody>;

export const UpdateTagBody = Type.Object({
  tag: Type.Optional(Type.String({ minLength: 1 })),
  color: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
});
export type UpdateTagInput = Static<typeof UpdateTagBody>;

export const TAG_SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', tag: 'tag' } as const;

export const ListTagsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  sort: Type.Optional(Type.Union(Object.keys(TAG_SORT_COLUMNS).map((key) => Type.Literal(key)))),
  direction: Type.Optional(SortDirection),
});
export type ListTagsQueryInput = Static<typeof ListTagsQuery>;
