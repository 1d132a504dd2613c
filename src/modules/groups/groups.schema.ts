import { Type, type Static } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';
import type { GroupRow } from '../../platform/db/tables.js';
import { compact, iso } from '../../platform/wire.js';

export const GroupSchema = Type.Object({
  _id: Type.String(),
  id: Type.String(),
  id_project: Type.String(),
  name: Type.String(),
  members: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  trashed: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  __v: Type.Number(),
});
export type GroupWire = Static<typeof GroupSchema>;

export function groupToWire(group: GroupRow): GroupWire {
  return compact({
    _id: group.id,
    id: group.id,
    id_project: group.project_id,
    name: group.name,
    members: group.members,
    enabled: group.enabled,
    trashed: group.trashed,
    createdBy: group.created_by,
    createdAt: iso(group.created_at)!,
    updatedAt: iso(group.updated_at)!,
    __v: 0,
  }) as GroupWire;
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
