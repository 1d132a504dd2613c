/**
 * Row types of every table, as Kysely sees them. They mirror src/migrations exactly:
 * `Generated<T>` marks a column the database fills when an insert leaves it out.
 * jsonb columns are typed as what we store; write them through `json()` (see ./json.ts).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A jsonb column: read as T, written as T serialised by `json()`. */
export type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default. */
export type JsonDefault<T> = ColumnType<T, string | undefined, string>;
/** timestamptz with a default of now(). */
export type CreatedAt = ColumnType<Date, Date | undefined, Date>;
/** Generated full-text column; never written. */
export type SearchVector = ColumnType<string, never, never>;

export type Attributes = Record<string, unknown>;

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
  created_at: CreatedAt;
  updated_at: CreatedAt;
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
  banned_users: JsonDefault<Array<{ id: string; ip?: string }>>;
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

export interface RequestTag {
  _id: string;
  tag: string;
  color?: string;
  attributes?: Attributes;
}

export interface RequestNote {
  _id: string;
  text: string;
  attributes?: Attributes;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface RequestsTable {
  id: string;
  project_id: string;
  request_id: string;
  ticket_id: number | null;
  requester_id: string | null;
  lead_id: string | null;
  subject: string | null;
  first_text: string;
  status: Generated<number>;
  preflight: Generated<boolean>;
  has_bot: Generated<boolean>;
  participants: ColumnType<string[], string[] | undefined, string[]>;
  participants_agents: ColumnType<string[], string[] | undefined, string[]>;
  participants_bots: ColumnType<string[], string[] | undefined, string[]>;
  priority: Generated<string>;
  followers: ColumnType<string[], string[] | undefined, string[]>;
  department_id: string | null;
  transcript: string | null;
  first_response_at: Date | null;
  assigned_at: Date | null;
  waiting_time: number | null;
  closed_at: Date | null;
  closed_by: string | null;
  duration: number | null;
  tags: JsonDefault<RequestTag[]>;
  notes: JsonDefault<RequestNote[]>;
  rating: number | null;
  rating_message: string | null;
  snapshot: JsonDefault<Attributes>;
  source_page: string | null;
  language: string | null;
  user_agent: string | null;
  channel: JsonDefault<{ name: string } & Attributes>;
  channel_outbound: JsonDefault<{ name: string } & Attributes>;
  attributes: Json<Attributes | null> | null;
  location: Json<Attributes | null> | null;
  auto_close: number | null;
  smart_assignment: Generated<boolean>;
  working_status: string | null;
  draft: Generated<boolean>;
  contact: Json<Attributes | null> | null;
  last_message_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}

export interface MessagesTable {
  id: string;
  project_id: string;
  recipient: string;
  recipient_fullname: string | null;
  sender: string;
  sender_fullname: string | null;
  type: Generated<string>;
  channel_type: Generated<string>;
  text: string | null;
  language: string | null;
  channel: JsonDefault<{ name: string } & Attributes>;
  status: Generated<number>;
  attributes: Json<Attributes | null> | null;
  metadata: Json<Attributes | null> | null;
  client_message_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface BotsTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  url: string | null;
  webhook_url: string | null;
  webhook_enabled: Generated<boolean>;
  type: Generated<string>;
  subtype: string | null;
  trashed: Generated<boolean>;
  trashed_at: Date | null;
  secret: string;
  language: Generated<string>;
  attributes: Json<Attributes | null> | null;
  public: Generated<boolean>;
  certified: Generated<boolean>;
  main_category: string | null;
  intents_engine: Generated<string>;
  tags: JsonDefault<string[]>;
  score: ColumnType<number, number | undefined, number>;
  published_by: string | null;
  published_at: Date | null;
  trained: Generated<boolean>;
  short_description: string | null;
  title: string | null;
  certified_tags: JsonDefault<unknown[]>;
  agents_available: Generated<boolean>;
  slug: string | null;
  modified: Generated<boolean>;
  root_id: string | null;
  release_note: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}

export interface IntentsTable {
  id: string;
  project_id: string;
  bot_id: string;
  intent_id: string;
  intent_display_name: string;
  question: string | null;
  answer: string | null;
  reply: Json<Attributes | null> | null;
  webhook_enabled: Generated<boolean>;
  enabled: Generated<boolean>;
  topic: Generated<string>;
  status: Generated<string>;
  language: string | null;
  form: Json<Attributes | null> | null;
  actions: Json<unknown[] | null> | null;
  attributes: Json<Attributes | null> | null;
  agents_available: Generated<boolean>;
  trashed: Generated<boolean>;
  trashed_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  search: SearchVector;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  project_id: string | null;
  payload: Json<Attributes>;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  run_at: CreatedAt;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SubscriptionsTable {
  id: string;
  project_id: string;
  event: string;
  target: string;
  secret: string;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: string;
  project_id: string;
  subscription_id: string;
  job_id: number | null;
  event: string;
  target: string;
  status: Generated<string>;
  attempts: Generated<number>;
  response_status: number | null;
  error: string | null;
  payload: Json<Attributes>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  delivered_at: Date | null;
}

export type BotTurnKind = 'start' | 'message' | 'resume' | 'deliver';

export interface BotTurnsTable {
  id: Generated<number>;
  project_id: string;
  request_id: string;
  bot_id: string;
  kind: BotTurnKind;
  message: Json<Attributes | null> | null;
  resume: Json<Attributes | null> | null;
  run_at: CreatedAt;
  job_id: number | null;
  created_at: CreatedAt;
}

export interface BotFlowStatesTable {
  request_id: string;
  project_id: string;
  variables: JsonDefault<Attributes>;
  updated_at: CreatedAt;
}

export interface Database {
  server_settings: ServerSettingsTable;
  users: UsersTable;
  projects: ProjectsTable;
  project_users: ProjectUsersTable;
  pending_invitations: PendingInvitationsTable;
  groups: GroupsTable;
  departments: DepartmentsTable;
  leads: LeadsTable;
  tags: TagsTable;
  events: EventsTable;
  requests: RequestsTable;
  messages: MessagesTable;
  bots: BotsTable;
  intents: IntentsTable;
  jobs: JobsTable;
  subscriptions: SubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  bot_turns: BotTurnsTable;
  bot_flow_states: BotFlowStatesTable;
}

export type UserRow = Selectable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type ProjectUserRow = Selectable<ProjectUsersTable>;
export type PendingInvitationRow = Selectable<PendingInvitationsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type LeadRow = Selectable<LeadsTable>;
export type TagRow = Selectable<TagsTable>;
export type EventRow = Selectable<EventsTable>;
export type RequestRow = Selectable<RequestsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type BotRow = Selectable<BotsTable>;
export type IntentRow = Selectable<IntentsTable>;
export type JobRow = Selectable<JobsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type BotTurnRow = Selectable<BotTurnsTable>;

export type NewRequest = Insertable<RequestsTable>;
export type NewMessage = Insertable<MessagesTable>;
export type RequestUpdate = Updateable<RequestsTable>;
