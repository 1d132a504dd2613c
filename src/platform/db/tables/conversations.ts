/** Rows of migration 0002: requests and their messages. */
import type { ColumnType, Generated } from 'kysely';
import type { Attributes, CreatedAt, Json, JsonDefault, SearchVector } from './column-types.js';

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
