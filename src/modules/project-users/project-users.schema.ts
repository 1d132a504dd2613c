/** A membership as Tiledesk presents it, with the user populated when it is a registered one. */
import { Type, type Static } from 'typebox';
import { Attributes, DateTime, FreeObject, AnyJson } from '../../platform/http/schemas.js';
import type { PendingInvitationRow, ProjectRow, ProjectUserRow, UserRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema, iso } from '../../platform/wire.js';
import { UserSchema, userToWire } from '../users/users.schema.js';

export const ProjectUserSchema = documentSchema(
  {
    id_project: Type.String(),
    id_user: Type.Optional(Type.Union([Type.String(), UserSchema])),
    uuid_user: Type.Optional(Type.String()),
    role: Type.String(),
    roleType: Type.Number(),
    user_available: Type.Boolean(),
    profileStatus: Type.Optional(Type.String()),
    presence: Type.Optional(FreeObject),
    attributes: Type.Optional(FreeObject),
    max_assigned_chat: Type.Optional(Type.Number()),
    number_assigned_requests: Type.Number(),
    last_ip: Type.Optional(Type.String()),
    last_login_at: Type.Optional(DateTime),
    settings: Type.Optional(FreeObject),
    tags: Type.Array(AnyJson),
    permissions: Type.Array(Type.String()),
    status: Type.String(),
    trashed: Type.Boolean(),
    createdBy: Type.Optional(Type.String()),
  },
  { isBusy: Type.Boolean(), isAuthenticated: Type.Boolean() },
);
export type ProjectUserWire = Static<typeof ProjectUserSchema>;

export interface ProjectUserView {
  row: ProjectUserRow;
  /** The registered user, when loaded (populated `id_user`). */
  user?: UserRow;
  assignedCount: number;
}

/**
 * The chat limit that applies to an agent while the project's `settings.chat_limit_on` is true
 * (Tiledesk's smart assignment switch; off means nobody is limited): their own
 * `max_assigned_chat` when set (not -1), else the project's `settings.max_agent_assigned_chat`.
 */
export function chatLimitOf(project: ProjectRow, member: ProjectUserRow): number | undefined {
  const settings = project.settings ?? {};
  if (settings.chat_limit_on !== true) return undefined;
  if (member.max_assigned_chat !== null && member.max_assigned_chat > -1) return member.max_assigned_chat;
  const limit = settings.max_agent_assigned_chat;
  return typeof limit === 'number' && limit > -1 ? limit : undefined;
}

export function projectUserToWire(project: ProjectRow, view: ProjectUserView): ProjectUserWire {
  const { row } = view;
  const limit = chatLimitOf(project, row);
  return compact(
    documentOf(
      row,
      {
        id_project: row.project_id,
        id_user: view.user ? userToWire(view.user) : row.user_id,
        uuid_user: row.uuid_user,
        role: row.role,
        roleType: row.role_type,
        user_available: row.user_available,
        profileStatus: row.profile_status,
        presence: row.presence,
        attributes: row.attributes,
        max_assigned_chat: row.max_assigned_chat,
        number_assigned_requests: view.assignedCount,
        last_ip: row.last_ip,
        last_login_at: iso(row.last_login_at),
        settings: row.settings,
        tags: row.tags ?? [],
        permissions: row.permissions ?? [],
        status: row.status,
        trashed: row.trashed,
        createdBy: row.created_by,
      },
      { isBusy: limit !== undefined && view.assignedCount >= limit, isAuthenticated: row.role !== 'guest' },
    ),
  ) as ProjectUserWire;
}

export const ProjectUserParams = Type.Object({ project_id: Type.String(), project_user_id: Type.String() });

export const ListProjectUsersQuery = Type.Object({
  trashed: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  presencestatus: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
});

/** What a member may change about themself (PUT /project_users). */
export const UpdateSelfBody = Type.Object({
  user_available: Type.Optional(Type.Boolean()),
  profileStatus: Type.Optional(Type.String()),
  max_assigned_chat: Type.Optional(Type.Integer({ minimum: -1 })),
  attributes: Type.Optional(Attributes),
  tags: Type.Optional(Type.Array(AnyJson)),
  settings: Type.Optional(FreeObject),
  presence: Type.Optional(FreeObject),
});

/** What an admin may change about a member (PUT /project_users/:id). */
export const UpdateMemberBody = Type.Object({
  ...UpdateSelfBody.properties,
  role: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
});

export const InviteBody = Type.Object({
  email: Type.String({ format: 'email' }),
  role: Type.String({ minLength: 1 }),
  user_available: Type.Optional(Type.Boolean()),
});

export const PendingInvitationSchema = Type.Object({
  _id: Type.String(),
  id_project: Type.String(),
  email: Type.String(),
  role: Type.String(),
  user_available: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export function invitationToWire(invitation: PendingInvitationRow) {
  return {
    _id: invitation.id,
    id_project: invitation.project_id,
    email: invitation.email,
    role: invitation.role,
    user_available: invitation.user_available,
    createdBy: invitation.created_by,
    createdAt: iso(invitation.created_at)!,
    updatedAt: iso(invitation.updated_at)!,
  };
}
