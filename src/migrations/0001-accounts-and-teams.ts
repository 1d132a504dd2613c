/**
 * Why: the base every other area stands on. Accounts (users), tenants (projects) and the
 * membership that joins them (project_users, which also holds anonymous and external end users
 * by their uuid), the team's structure (departments, groups), the people they talk to (leads)
 * and small project-scoped registries (tags, events, invitations).
 *
 * Ids are text holding Tiledesk-shaped values (24-hex object ids, or uuids for guests), so the
 * wire format needs no translation table. Free-form Tiledesk objects (attributes, settings...)
 * are jsonb. Every tenant table carries project_id and is indexed by it first.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE server_settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      firstname text,
      lastname text,
      emailverified boolean NOT NULL DEFAULT false,
      status integer NOT NULL DEFAULT 100,
      phone text,
      description text,
      public_email text,
      public_website text,
      attributes jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE projects (
      id text PRIMARY KEY,
      name text NOT NULL,
      status integer NOT NULL DEFAULT 100,
      active_operating_hours boolean NOT NULL DEFAULT false,
      operating_hours text,
      time_slots jsonb,
      settings jsonb NOT NULL DEFAULT '{}',
      widget jsonb,
      channels jsonb NOT NULL DEFAULT '[{"name":"chat21"}]',
      ip_filter_enabled boolean NOT NULL DEFAULT false,
      ip_filter jsonb NOT NULL DEFAULT '[]',
      ip_filter_deny_enabled boolean NOT NULL DEFAULT false,
      ip_filter_deny jsonb NOT NULL DEFAULT '[]',
      banned_users jsonb NOT NULL DEFAULT '[]',
      profile jsonb NOT NULL,
      versions integer,
      attributes jsonb,
      jwt_secret text,
      ticket_seq integer NOT NULL DEFAULT 0,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE project_users (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      user_id text REFERENCES users(id) ON DELETE CASCADE,
      uuid_user text,
      role text NOT NULL,
      role_type integer NOT NULL,
      user_available boolean NOT NULL DEFAULT true,
      profile_status text,
      presence jsonb,
      attributes jsonb,
      max_assigned_chat integer,
      last_ip text,
      last_login_at timestamptz,
      settings jsonb,
      tags jsonb NOT NULL DEFAULT '[]',
      permissions jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'active',
      trashed boolean NOT NULL DEFAULT false,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((user_id IS NULL) <> (uuid_user IS NULL))
    );
    CREATE UNIQUE INDEX project_users_user_uq ON project_users (project_id, user_id) WHERE user_id IS NOT NULL;
    CREATE UNIQUE INDEX project_users_uuid_uq ON project_users (project_id, uuid_user) WHERE uuid_user IS NOT NULL;
    CREATE INDEX project_users_user_idx ON project_users (user_id);

    CREATE TABLE pending_invitations (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      email text NOT NULL,
      role text NOT NULL,
      user_available boolean NOT NULL DEFAULT true,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, email)
    );
    CREATE INDEX pending_invitations_email_idx ON pending_invitations (email);

    CREATE TABLE groups (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      members text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT true,
      trashed boolean NOT NULL DEFAULT false,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX groups_project_idx ON groups (project_id);

    CREATE TABLE departments (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      routing text NOT NULL DEFAULT 'pooled',
      id_bot text,
      bot_only boolean NOT NULL DEFAULT false,
      id_group text,
      groups jsonb NOT NULL DEFAULT '[]',
      online_msg text,
      offline_msg text,
      is_default boolean NOT NULL DEFAULT false,
      status integer NOT NULL DEFAULT 1,
      tags jsonb NOT NULL DEFAULT '[]',
      attributes jsonb,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX departments_project_idx ON departments (project_id);
    CREATE UNIQUE INDEX departments_default_uq ON departments (project_id) WHERE is_default;

    CREATE TABLE leads (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      lead_id text NOT NULL,
      fullname text,
      email text,
      phone text,
      company text,
      note text,
      street_address text,
      city text,
      region text,
      zipcode text,
      country text,
      tags jsonb NOT NULL DEFAULT '[]',
      attributes jsonb,
      properties jsonb,
      status integer NOT NULL DEFAULT 100,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(fullname, '') || ' ' || coalesce(email, '') || ' ' ||
          coalesce(company, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(note, ''))
      ) STORED,
      UNIQUE (project_id, lead_id)
    );
    CREATE INDEX leads_project_created_idx ON leads (project_id, created_at DESC);
    CREATE INDEX leads_search_idx ON leads USING gin (search);

    CREATE TABLE tags (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      tag text NOT NULL,
      color text,
      attributes jsonb,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, tag)
    );

    CREATE TABLE events (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      attributes jsonb,
      project_user_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_project_created_idx ON events (project_id, created_at DESC);
  `.execute(db);
}
