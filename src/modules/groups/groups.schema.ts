import { Type, type Static } from 'typebox';
import type { GroupRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';

export const GroupSchema = documentSchema({
  id_project: Type.String(),
  name: Type.String(),
  members: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  trashed: Type.Boolean(),
  createdBy: Type.String(),
});
export type GroupWire = Static<typeof GroupSchema>;

export function groupToWire(group: GroupRow): GroupWire {
  return compact(
    documentOf(group, {
      id_project: group.project_id,
      name: group.name,
      members: group.members,
      enabled: group.enabled,
      trashed: group.trashed,
      createdBy: group.created_by,
    }),
  ) as GroupWire;
}

export const GroupParams = Type.Object({ project_id: Type.String(), group_id: Type.String() });

export const CreateGroupBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  members: Type.Optional(Type.Array(Type.String())),
  enabled: Type.Optional(Type.Boolean()),
});

export const UpdateGroupBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  members: Type.Optional(Type.Array(Type.String())),
  enabled: Type.Optional(Type.Boolean()),
  /** The Tiledesk dashboard deletes a group with `PUT {trashed: true}`. */
  trashed: Type.Optional(Type.Boolean()),
});
