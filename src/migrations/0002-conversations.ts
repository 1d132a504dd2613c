/**
 * Why: conversations are the product. A request is one conversation; its messages are keyed by
 * (project_id, recipient) where recipient is the request_id (or a user id for direct messages).
 *
 * - Participants are text arrays (user ids or "bot_<id>") with GIN indexes, because the two hot
 *   questions are "requests where I participate" and "how many open chats does this agent hold".
 *   That count is always computed from the rows, never kept as a counter, so it cannot drift.
 * - Messages are ordered by (created_at, id): created_at may be a client timestamp from an
 *   import, id breaks ties in insertion order.
 * - client_message_id makes imports idempotent: replaying a batch inserts nothing twice.
 * - Full-text search uses generated tsvector columns ('simple' config: no stemming, any language).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      request_id text NOT NULL UNIQUE,
      ticket_id integer,
      requester_id text,
      lead_id text,
      subject text,
      first_text text NOT NULL,
      status integer NOT NULL DEFAULT 100,
      preflight boolean NOT NULL DEFAULT false,
      has_bot boolean NOT NULL DEFAULT false,
      participants text[] NOT NULL DEFAULT '{}',
      participants_agents text[] NOT NULL DEFAULT '{}',
      participants_bots text[] NOT NULL DEFAULT '{}',
      priority text NOT NULL DEFAULT 'medium',
      followers text[] NOT NULL DEFAULT '{}',
      department_id text,
      transcript text,
      first_response_at timestamptz,
      assigned_at timestamptz,
      waiting_time bigint,
      closed_at timestamptz,
      closed_by text,
      duration bigint,
      tags jsonb NOT NULL DEFAULT '[]',
      notes jsonb NOT NULL DEFAULT '[]',
      rating integer,
      rating_message text,
      snapshot jsonb NOT NULL DEFAULT '{}',
      source_page text,
      language text,
      user_agent text,
      channel jsonb NOT NULL DEFAULT '{"name":"chat21"}',
      channel_outbound jsonb NOT NULL DEFAULT '{"name":"chat21"}',
      attributes jsonb,
      location jsonb,
      auto_close integer,
      smart_assignment boolean NOT NULL DEFAULT true,
      working_status text,
      draft boolean NOT NULL DEFAULT false,
      contact jsonb,
      last_message_at timestamptz,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple',
          coalesce(first_text, '') || ' ' || coalesce(subject, '') || ' ' ||
          coalesce(transcript, '') || ' ' || coalesce(rating_message, '') || ' ' ||
          coalesce(jsonb_path_query_array(tags, '$[*].tag')::text, '') || ' ' ||
          coalesce(jsonb_path_query_array(notes, '$[*].text')::text, '') || ' ' ||
          coalesce(snapshot #>> '{lead,email}', '') || ' ' ||
          coalesce(snapshot #>> '{lead,fullname}', ''))
      ) STORED
    );
    CREATE INDEX requests_project_status_created_idx ON requests (project_id, status, created_at DESC);
    CREATE INDEX requests_project_updated_idx ON requests (project_id, updated_at DESC);
    CREATE INDEX requests_participants_idx ON requests USING gin (participants);
    CREATE INDEX requests_participants_agents_idx ON requests USING gin (participants_agents);
    CREATE INDEX requests_search_idx ON requests USING gin (search);
    CREATE INDEX requests_lead_idx ON requests (project_id, lead_id);

    CREATE TABLE messages (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      recipient text NOT NULL,
      recipient_fullname text,
      sender text NOT NULL,
      sender_fullname text,
      type text NOT NULL DEFAULT 'text',
      channel_type text NOT NULL DEFAULT 'group',
      text text,
      language text,
      channel jsonb NOT NULL DEFAULT '{"name":"chat21"}',
      status integer NOT NULL DEFAULT 0,
      attributes jsonb,
      metadata jsonb,
      client_message_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX messages_recipient_created_idx ON messages (project_id, recipient, created_at, id);
    CREATE UNIQUE INDEX messages_client_id_uq ON messages (project_id, recipient, client_message_id)
      WHERE client_message_id IS NOT NULL;
  `.execute(db);
}
