/**
 * Row types of every table, as Kysely sees them. They mirror src/migrations exactly:
 * `Generated<T>` marks a column the database fills when an insert leaves it out.
 * jsonb columns are typed as what we store; write them through `json()` (see ./json.ts).
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type * as A from './tables/accounts.js';
import type * as C from './tables/conversations.js';
import type * as B from './tables/bots.js';
import type * as O from './tables/outbound.js';
import type * as E from './tables/bot-engine.js';
import type * as K from './tables/canned.js';
import type * as S from './tables/sign-in.js';
import type * as F from './tables/files.js';
import type * as L from './tables/labels.js';
import type * as M from './tables/email.js';
import type * as T from './tables/triggers.js';
import type * as V from './tables/activities.js';

export type * from './tables/column-types.js';
export type * from './tables/accounts.js';
export type * from './tables/conversations.js';
export type * from './tables/bots.js';
export type * from './tables/outbound.js';
export type * from './tables/bot-engine.js';
export type * from './tables/canned.js';
export type * from './tables/sign-in.js';
export type * from './tables/files.js';
export type * from './tables/labels.js';
export type * from './tables/email.js';
export type * from './tables/triggers.js';
export type * from './tables/activities.js';

export interface Database {
  server_settings: A.ServerSettingsTable;
  users: A.UsersTable;
  projects: A.ProjectsTable;
  project_users: A.ProjectUsersTable;
  pending_invitations: A.PendingInvitationsTable;
  groups: A.GroupsTable;
  departments: A.DepartmentsTable;
  leads: A.LeadsTable;
  tags: A.TagsTable;
  events: A.EventsTable;
  requests: C.RequestsTable;
  messages: C.MessagesTable;
  bots: B.BotsTable;
  intents: B.IntentsTable;
  jobs: O.JobsTable;
  event_log: O.EventLogTable;
  subscriptions: O.SubscriptionsTable;
  webhook_deliveries: O.WebhookDeliveriesTable;
  bot_turns: E.BotTurnsTable;
  bot_flow_states: E.BotFlowStatesTable;
  canned_responses: K.CannedResponsesTable;
  sign_in_attempts: S.SignInAttemptsTable;
  files: F.FilesTable;
  labels: L.LabelsTable;
  label_entries: L.LabelEntriesTable;
  emails: M.EmailsTable;
  account_keys: M.AccountKeysTable;
  triggers: T.TriggersTable;
  trigger_failures: T.TriggerFailuresTable;
  activities: V.ActivitiesTable;
}

export type UserRow = Selectable<A.UsersTable>;
export type ProjectRow = Selectable<A.ProjectsTable>;
export type ProjectUserRow = Selectable<A.ProjectUsersTable>;
export type PendingInvitationRow = Selectable<A.PendingInvitationsTable>;
export type GroupRow = Selectable<A.GroupsTable>;
export type DepartmentRow = Selectable<A.DepartmentsTable>;
export type LeadRow = Selectable<A.LeadsTable>;
export type TagRow = Selectable<A.TagsTable>;
export type EventRow = Selectable<A.EventsTable>;
export type RequestRow = Selectable<C.RequestsTable>;
export type MessageRow = Selectable<C.MessagesTable>;
export type BotRow = Selectable<B.BotsTable>;
export type IntentRow = Selectable<B.IntentsTable>;
export type JobRow = Selectable<O.JobsTable>;
export type SubscriptionRow = Selectable<O.SubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<O.WebhookDeliveriesTable>;
export type BotTurnRow = Selectable<E.BotTurnsTable>;
export type CannedResponseRow = Selectable<K.CannedResponsesTable>;
export type FileRow = Selectable<F.FilesTable>;
export type LabelsRow = Selectable<L.LabelsTable>;
export type LabelEntryRow = Selectable<L.LabelEntriesTable>;
export type EmailRow = Selectable<M.EmailsTable>;
export type TriggerRow = Selectable<T.TriggersTable>;
export type TriggerFailureRow = Selectable<T.TriggerFailuresTable>;
export type ActivityRow = Selectable<V.ActivitiesTable>;

export type NewRequest = Insertable<C.RequestsTable>;
export type RequestUpdate = Updateable<C.RequestsTable>;
