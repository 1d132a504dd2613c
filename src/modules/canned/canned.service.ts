/**
 * Canned responses. A shared response is the team's: every agent sees it. A private one is its
 * author's, out of other agents' sight. Admins and owners curate the project's responses, so they
 * see and may change every one; below admin (supervisors too), an agent changes only their own.
 * Tiledesk hides private responses from admins as well and lets them change only shared ones, which
 * leaves an agent's private replies beyond anyone's reach once the agent has left.
 */
import type { Updateable } from 'kysely';
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { jsonOrNull } from '../../platform/db/json.js';
import { can } from '../../platform/auth/policies.js';
import type { CannedResponseRow, CannedResponsesTable, ProjectRow } from '../../platform/db/tables.js';
import { createCannedRepo } from './canned.repo.js';
import {
  CANNED_STATUS,
  type CreateCannedResponseInput,
  type ListCannedResponsesQueryInput,
  type UpdateCannedResponseInput,
} from './canned.schema.js';

/** Who is asking: their user id (what `createdBy` holds) and their role in the project. */
export interface Viewer {
  userId: string;
  role: string;
}

type CannedResponseUpdate = Updateable<CannedResponsesTable>;

/** Tiledesk answers pages of 1000 responses. */
const PAGE_SIZE = 1000;

export function createCannedResponsesService({ connection }: Platform) {
  const repo = createCannedRepo(connection);
  /** A response the viewer may see: another agent's private one is as good as missing. */
  async function findReadable(project: ProjectRow, viewer: Viewer, id: string, includeDeleted = false) {
    const canned = await repo.findCannedResponseById(project.id, id);
    const live = canned?.status === CANNED_STATUS.live;
    if (!canned || !can.readCannedResponse(viewer, canned) || !(live || includeDeleted))
      throw errors.notFound('canned', id);
    return canned;
  }

  async function findChangeable(project: ProjectRow, viewer: Viewer, id: string, includeDeleted = false) {
    const canned = await findReadable(project, viewer, id, includeDeleted);
    if (!can.changeCannedResponse(viewer, canned)) throw errors.roleRequired();
    return canned;
  }

  async function changeLive(project: ProjectRow, viewer: Viewer, id: string, changes: CannedResponseUpdate) {
    await findChangeable(project, viewer, id);
    const updated = await repo.updateLiveCannedResponse(project.id, id, changes);
    // Deleted by someone else since it was read.
    if (!updated) throw errors.notFound('canned', id);
    return updated;
  }

  return {
    list(project: ProjectRow, viewer: Viewer, query: ListCannedResponsesQueryInput) {
      return repo.listCannedResponses(project.id, {
        visibleTo: can.curateCannedResponses(viewer) ? undefined : viewer.userId,
        search: (query.text ?? query.full_text)?.trim() || undefined,
        offset: (query.page ?? 0) * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
    },

    get(project: ProjectRow, viewer: Viewer, id: string): Promise<CannedResponseRow> {
      return findReadable(project, viewer, id);
    },

    /** Unless the body says, admins' responses are shared and agents' private, as in Tiledesk. */
    create(project: ProjectRow, viewer: Viewer, input: CreateCannedResponseInput): Promise<CannedResponseRow> {
      return repo.insertCannedResponse({
        id: newObjectId(),
        project_id: project.id,
        title: input.title ?? null,
        text: input.text,
        shared: input.shared ?? can.curateCannedResponses(viewer),
        attributes: jsonOrNull(input.attributes),
        created_by: viewer.userId,
      });
    },

    update(project: ProjectRow, viewer: Viewer, id: string, input: UpdateCannedResponseInput) {
      return changeLive(project, viewer, id, {
        ...(input.title !== undefined && { title: input.title }),
        ...(input.text !== undefined && { text: input.text }),
        ...(input.shared !== undefined && { shared: input.shared }),
        ...(input.attributes !== undefined && { attributes: jsonOrNull(input.attributes) }),
      });
    },

    /** DELETE /canned/:id: the response stays, with the deleted status, out of every read. */
    softDelete(project: ProjectRow, viewer: Viewer, id: string) {
      return changeLive(project, viewer, id, { status: CANNED_STATUS.deleted });
    },

    /** DELETE /canned/:id/physical: for good, a soft-deleted one included. */
    async hardDelete(project: ProjectRow, viewer: Viewer, id: string): Promise<CannedResponseRow> {
      await findChangeable(project, viewer, id, true);
      const deleted = await repo.deleteCannedResponse(project.id, id);
      if (!deleted) throw errors.notFound('canned', id);
      return deleted;
    },
  };
}
