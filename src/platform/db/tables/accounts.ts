/** Rows of migration 0001: server settings, users, projects, memberships, invitations, groups, departments, leads, tags, events. */
import type { ColumnType, Generated } from 'kysely';
import type { Attributes, CreatedAt, Json, JsonDefault, SearchVector } from './column-types.js';

export interface ServerSettingsTable {
  key: string;
  value: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  firstname: string | null;
  lastname: string | null;
  emailverified: Generated<boolean>;
  status: Generated<number>;
  phone: string | null;
  description: string | null;
  public_email: string | null;
  public_website: string | null;
  attributes: Json<Attributes | null> | null;
  /** Set for a team member created by a custom token: an account of that project only (0015). */
  external_project_id: string | null;
  /** The `_id` the project's backend gave that member. */
  external_id: string | null;
  /** Tokens issued before this instant are refused (REVOKE_TOKENS_ON_PASSWORD_CHANGE). */
  password_changed_at: Date | null;
  /** Language of the emails this user receives (0018); the project's or English when null. */
  language: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One entry of a project's `bannedUsers`; `_id` names the entry (`DELETE /projects/:id/ban/:ban_id`). */
export interface BannedUser {
  _id?: string;
  id?: string;
  ip?: string;
}

export interface ProjectsTable {
  id: string;
  name: string;
  status: Generated<number>;
  active_operating_hours: Generated<boolean>;
  operating_hours: string | null;
  time_slots: Json<Attributes | null> | null;
  settings: JsonDefault<Attributes>;
  widget: Json<Attributes | null> | null;
  channels: JsonDefault<Array<{ name: string }>>;
  ip_filter_enabled: Generated<boolean>;
  ip_filter: JsonDefault<string[]>;
  ip_filter_deny_enabled: Generated<boolean>;
  ip_filter_deny: JsonDefault<string[]>;
  banned_users: JsonDefault<BannedUser[]>;
  profile: Json<Attributes>;
  versions: number | null;
  attributes: Json<Attributes | null> | null;
  jwt_secret: string | null;
  ticket_seq: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ProjectUsersTable {
  id: string;
  project_id: string;
  user_id: string | null;
  uuid_user: string | null;
  role: string;
  role_type: number;
  user_available: Generated<boolean>;
  profile_status: string | null;
  presence: Json<Attributes | null> | null;
  attributes: Json<Attributes | null> | null;
  max_assigned_chat: number | null;
  last_ip: string | null;
  last_login_at: Date | null;
  settings: Json<Attributes | null> | null;
  tags: JsonDefault<unknown[]>;
  permissions: JsonDefault<string[]>;
  status: Generated<string>;
  trashed: Generated<boolean>;
  /** An end user whose identity a project's key minted (custom token), not the server (0015). */
  minted_by_project_key: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PendingInvitationsTable {
  id: string;
  project_id: string;
  email: string;
  role: string;
  user_available: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface GroupsTable {
  id: string;
  project_id: string;
  name: string;
  members: ColumnType<string[], string[] | undefined, string[]>;
  enabled: Generated<boolean>;
  trashed: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface DepartmentsTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  routing: Generated<string>;
  id_bot: string | null;
  bot_only: Generated<boolean>;
  id_group: string | null;
  groups: JsonDefault<Attributes[]>;
  online_msg: string | null;
  offline_msg: string | null;
  is_default: Generated<boolean>;
  status: Generated<number>;
  tags: JsonDefault<unknown[]>;
  attributes: Json<Attributes | null> | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface LeadsTable {
  id: string;
  project_id: string;
  lead_id: string;
  fullname: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  note: string | null;
  street_address: string | null;
  city: string | null;
  region: string | null;
  zipcode: string | null;
  country: string | null;
  tags: JsonDefault<string[]>;
  attributes: Json<Attributes | null> | null;
  properties: Json<Attributes | null> | null;
  status: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}

export interface TagsTable {
  id: string;
  project_id: string;
  tag: string;
  color: string | null;
  attributes: Json<Attributes | null> | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface EventsTable {
  id: string;
  project_id: string;
  name: string;
  attributes: Json<Attributes | null> | null;
  project_user_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
