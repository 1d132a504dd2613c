/**
 * Why: Tiledesk's triggers (`/:project_id/modules/triggers`): rules an admin writes, "when this
 * happens (a new conversation, a visitor's message, a reported event) and these conditions hold,
 * do that" (send a message, route, tag...). `triggers` holds them as Tiledesk's documents do
 * (conditions and actions are JSON); the partial index serves the one hot query, the enabled
 * triggers of a project for an event. A trigger that fails never touches the conversation; its
 * failures go to `trigger_failures`, which keeps the latest of each project for its admins.
 *
 * Projects created before this migration get Tiledesk's default triggers here (new ones get them
 * when they are created): the list below is a copy of src/modules/triggers/trigger-defaults.ts as
 * it was, so this migration never changes when that file does.
 */
import { sql, type Kysely } from 'kysely';

const DEFAULT_TRIGGERS = `[
  {"code": "s_new_conversation_01", "name": "New Conversation", "description": "Create a temporary chat when new conversation button is pressed.", "trigger": {"key": "event.emit", "name": "Event emit event", "description": "Standard event emit event"}, "conditions": {"all": [{"key": "event.name", "fact": "json", "path": "name", "operator": "equal", "value": "new_conversation"}]}, "actions": [{"key": "request.create", "parameters": {"departmentid": "default", "text": "welcome:tdk_req_status_hidden"}}], "enabled": true, "type": "internal", "version": 1},
  {"code": "s_online_welcome_01", "name": "Online Welcome Greeting", "description": "Send a welcome message if there are online agents to the visitor that create a chat.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": false}, {"key": "request.snapshot.availableAgentsCount", "fact": "json", "path": "snapshot.availableAgentsCount", "operator": "greaterThan", "value": 0}, {"key": "request.isOpen", "fact": "json", "path": "isOpen", "operator": "equal", "value": true}, {"key": "request.first_text", "fact": "json", "path": "first_text", "operator": "equal", "value": "welcome"}, {"key": "request.statusRequestStatus", "fact": "json", "path": "status", "operator": "equal", "value": 50}]}, "actions": [{"key": "message.send", "parameters": {"text": "\${LABEL_FIRST_MSG}", "fullName": "Bot"}}], "enabled": true, "type": "internal", "version": 3},
  {"code": "s_offline_welcome_01", "name": "Offline Welcome Greeting", "description": "Send a welcome message if there aren't online agents to the visitor that create a chat.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": false}, {"key": "request.snapshot.availableAgentsCount", "fact": "json", "path": "snapshot.availableAgentsCount", "operator": "equal", "value": 0}, {"key": "request.statusRequestStatus", "fact": "json", "path": "status", "operator": "equal", "value": 50}, {"key": "request.isOpen", "fact": "json", "path": "isOpen", "operator": "equal", "value": true}, {"key": "request.first_text", "fact": "json", "path": "first_text", "operator": "equal", "value": "welcome"}]}, "actions": [{"key": "message.send", "parameters": {"text": "\${LABEL_FIRST_MSG_NO_AGENTS}", "fullName": "Bot"}}], "enabled": true, "type": "internal", "version": 3},
  {"code": "s_closed_operating_hours_01", "name": "Office Closed Notice", "description": "Send an office closed message if a visitor asks for support outside of the operating hours.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": false}, {"key": "request.statusRequestStatus", "fact": "json", "path": "status", "operator": "equal", "value": 50}, {"key": "request.isOpen", "fact": "json", "path": "isOpen", "operator": "equal", "value": false}, {"key": "request.first_text", "fact": "json", "path": "first_text", "operator": "equal", "value": "welcome"}]}, "actions": [{"key": "message.send", "parameters": {"text": "\${LABEL_FIRST_MSG_OPERATING_HOURS_CLOSED}", "fullName": "Bot"}}], "enabled": true, "type": "internal", "version": 2},
  {"code": "s_invite_bot_01", "name": "Invite Bot", "description": "Invite if available the department bot to the temporary chat and start it.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.statusRequestStatus", "fact": "json", "path": "status", "operator": "equal", "value": 50}, {"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": true}, {"key": "request.first_text", "fact": "json", "path": "first_text", "operator": "equal", "value": "welcome"}]}, "actions": [{"key": "request.department.bot.launch", "parameters": {"text": "/start"}}], "enabled": true, "type": "internal", "version": 2},
  {"code": "s_checkout_page_01", "name": "Checkout Page", "description": "Reduce cart abandonment by engaging customer that are on the checkout page.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.sourcePageUrl", "fact": "json", "path": "sourcePage", "operator": "in", "value": "/checkout.html"}, {"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": false}, {"key": "request.statusRequestStatus", "fact": "json", "path": "status", "operator": "equal", "value": 50}]}, "actions": [{"key": "message.send", "parameters": {"text": "Hey, do you need help to complete the checkout?", "fullName": "Bot"}}], "enabled": false, "version": 1},
  {"code": "s_ticketing_taking_01", "name": "Ticketing Taking", "description": "Send a taking message when a new ticket is created.", "trigger": {"key": "request.create", "name": "Request create event", "description": "Standard request create event"}, "conditions": {"all": [{"key": "request.channel.name", "fact": "json", "path": "channel.name", "operator": "equal", "value": "email"}, {"key": "request.departmentHasBot", "fact": "json", "path": "department.hasBot", "operator": "equal", "value": false}]}, "actions": [{"key": "message.send", "parameters": {"text": "\${TICKET_TAKING}", "fullName": "Bot"}}], "enabled": true, "type": "internal", "version": 1}
]`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE triggers (
      id text PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      trigger_key text NOT NULL,
      trigger_name text NOT NULL,
      trigger_description text,
      conditions jsonb NOT NULL,
      actions jsonb NOT NULL,
      enabled boolean NOT NULL,
      code text,
      type text,
      version integer,
      created_by text NOT NULL,
      updated_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX triggers_project_created_idx ON triggers (project_id, created_at);
    CREATE INDEX triggers_enabled_idx ON triggers (project_id, trigger_key) WHERE enabled;
    CREATE UNIQUE INDEX triggers_code_idx ON triggers (project_id, code) WHERE code IS NOT NULL;

    CREATE TABLE trigger_failures (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      trigger_id text NOT NULL,
      trigger_name text,
      event text NOT NULL,
      request_id text,
      action text,
      error text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX trigger_failures_project_idx ON trigger_failures (project_id, id DESC);
  `.execute(db);

  await sql`
    INSERT INTO triggers (id, project_id, name, description, trigger_key, trigger_name, trigger_description,
      conditions, actions, enabled, code, type, version, created_by, updated_by)
    SELECT substr(md5(p.id || (d->>'code') || random()::text), 1, 24), p.id, d->>'name', d->>'description',
      d->'trigger'->>'key', d->'trigger'->>'name', d->'trigger'->>'description',
      d->'conditions', d->'actions', (d->>'enabled')::boolean, d->>'code', d->>'type', (d->>'version')::integer,
      'system', 'system'
    FROM projects p CROSS JOIN jsonb_array_elements(${DEFAULT_TRIGGERS}::jsonb) d
  `.execute(db);
}
