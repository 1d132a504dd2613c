/** The tag library: one entry per tag name and project, with a color for the dashboard. */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { jsonOrNull } from '../../platform/db/json.js';
import { isDescending } from '../../platform/http/schemas.js';
import type { ProjectRow, TagRow } from '../../platform/db/tables.js';
import { createTagsRepo } from './tags.repo.js';
import {
  TAG_SORT_COLUMNS,
  tagToWire,
  type CreateTagInput,
  type ListTagsQueryInput,
  type UpdateTagInput,
} from './tags.schema.js';

const DEFAULT_PAGE_SIZE = 40;
const MAX_PAGE_SIZE = 100;

export function createTagsService({ connection, transaction }: Platform) {
  const repo = createTagsRepo(connection);
  return {
    list(project: ProjectRow, query: ListTagsQueryInput) {
      const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      return repo.listTags(project.id, {
        sort: TAG_SORT_COLUMNS[query.sort ?? 'createdAt'],
        descending: isDescending(query.direction),
        offset: (query.page ?? 0) * limit,
        limit,
      });
    },

    async get(project: ProjectRow, id: string): Promise<TagRow> {
      const tag = await repo.findTagById(project.id, id);
      if (!tag) throw errors.notFound('tag', id);
      return tag;
    },

    /** A tag name the project already has answers with the existing tag, unchanged (as Tiledesk). */
    create(project: ProjectRow, createdBy: string, input: CreateTagInput): Promise<TagRow> {
      return transaction(async ({ emit }) => {
        const created = await repo.insertTag({
          id: newObjectId(),
          project_id: project.id,
          tag: input.tag,
          color: input.color ?? null,
          attributes: jsonOrNull(input.attributes),
          created_by: createdBy,
        });
        if (!created) {
          const existing = await repo.findTagByName(project.id, input.tag);
          // Only missing if another request deleted it in between: report the race, not a 500.
          if (!existing) throw errors.conflict(`The tag ${input.tag} changed concurrently; retry.`);
          return existing;
        }
        emit('tag.create', project.id, tagToWire(created));
        return created;
      });
    },

    update(project: ProjectRow, id: string, input: UpdateTagInput): Promise<TagRow> {
      return transaction(async ({ emit }) => {
        if (input.tag !== undefined) {
          const namesake = await repo.findTagByName(project.id, input.tag);
          if (namesake && namesake.id !== id) throw errors.conflict(`The tag ${input.tag} already exists.`);
        }
        const tag = await repo.updateTag(project.id, id, {
          ...(input.tag !== undefined && { tag: input.tag }),
          ...(input.color !== undefined && { color: input.color }),
          ...(input.attributes !== undefined && { attributes: jsonOrNull(input.attributes) }),
        });
        if (!tag) throw errors.notFound('tag', id);
        emit('tag.update', project.id, tagToWire(tag));
        return tag;
      });
    },

    remove(project: ProjectRow, id: string): Promise<TagRow> {
      return transaction(async ({ emit }) => {
        const tag = await repo.deleteTag(project.id, id);
        if (!tag) throw errors.notFound('tag', id);
        emit('tag.delete', project.id, tagToWire(tag));
        return tag;
      });
    },
  };
}
