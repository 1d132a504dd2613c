/** Notes (agents' private remarks) and tags of a request. */
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json } from '../../platform/db/json.js';
import type { Attributes, ProjectRow, RequestNote, RequestRow, RequestTag } from '../../platform/db/tables.js';
import { actorId } from '../../platform/auth/principal.js';
import { can } from '../../platform/auth/policies.js';
import type { RequestsCore } from './requests.core.js';
import type { Caller } from './requests-create.js';
import type { RequestWire } from './requests.schema.js';

export interface TagInput {
  tag: string;
  color?: string;
  attributes?: Attributes;
}

export function newTag(input: TagInput): RequestTag {
  return {
    _id: newObjectId(),
    tag: input.tag,
    ...(input.color !== undefined && { color: input.color }),
    ...(input.attributes !== undefined && { attributes: input.attributes }),
  };
}

export function createRequestNotesAndTags(core: RequestsCore) {
  const { transaction } = core.platform;

  /** Agents (the role, not admins) write notes only on conversations they take part in. */
  function notesGuard(caller: Caller) {
    return {
      forUpdate: true,
      check(request: RequestRow) {
        if (!can.writeNotes(caller, request)) {
          throw errors.forbiddenError('You are not participating in the conversation');
        }
      },
    };
  }

  function changeNotes(
    project: ProjectRow,
    caller: Caller,
    requestId: string,
    compute: (notes: RequestNote[]) => RequestNote[],
  ): Promise<RequestWire> {
    const guard = notesGuard(caller);
    return transaction(async ({ emit }) => {
      const request = await core.mustFind(project.id, requestId, guard);
      guard.check(request);
      return (await core.apply(emit, project, requestId, { notes: json(compute(request.notes ?? [])) })).wire;
    });
  }

  function changeTags(project: ProjectRow, requestId: string, compute: (tags: RequestTag[]) => RequestTag[]) {
    return transaction(async ({ emit }) => {
      const request = await core.mustFind(project.id, requestId, { forUpdate: true });
      return (await core.apply(emit, project, requestId, { tags: json(compute(request.tags ?? [])) })).wire;
    });
  }

  return {
    addNote(project: ProjectRow, caller: Caller, requestId: string, input: { text?: string; attributes?: Attributes }) {
      const text = input.text?.trim() ? input.text : undefined;
      if (!text) return Promise.reject(errors.badRequestError("Field 'text' is required."));
      const now = new Date().toISOString();
      const note: RequestNote = {
        _id: newObjectId(),
        text,
        ...(input.attributes !== undefined && { attributes: input.attributes }),
        createdBy: actorId(caller.principal),
        createdAt: now,
        updatedAt: now,
      };
      return changeNotes(project, caller, requestId, (notes) => [...notes, note]);
    },

    deleteNote(project: ProjectRow, caller: Caller, requestId: string, noteId: string) {
      return changeNotes(project, caller, requestId, (notes) => notes.filter((n) => n._id !== noteId));
    },

    /** PUT /tag: appends the tags whose name the request does not have yet. */
    addTags(project: ProjectRow, requestId: string, tags: TagInput[]) {
      if (tags.length === 0) return Promise.reject(errors.badRequestMessage('No tag specified'));
      return changeTags(project, requestId, (current) => {
        const known = new Set(current.map((t) => t.tag));
        const added: RequestTag[] = [];
        for (const tag of tags) {
          if (known.has(tag.tag)) continue;
          known.add(tag.tag);
          added.push(newTag(tag));
        }
        return [...current, ...added];
      });
    },

    removeTag(project: ProjectRow, requestId: string, tagId: string) {
      return changeTags(project, requestId, (current) => current.filter((t) => t._id !== tagId));
    },
  };
}
