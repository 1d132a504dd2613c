/**
 * Why: bots answer visitors from background jobs, and a conversation's turns must be answered in
 * order, once, even across crashes and several instances.
 *
 * - bot_turns is the queue of a conversation's unanswered turns (a visitor message, the greeting
 *   of a new conversation, the rest of a flow after a wait, a delivery to an external bot). Only
 *   the next turn of a request has a job; finishing a turn deletes it and queues the job of the
 *   next one, in the transaction that stores the bot's answer, so a turn is answered once.
 * - bot_flow_states keeps the variables a flow bot (tilebot) collects in a conversation
 *   (set-attribute, web request results): out of the request's attributes, which visitors read
 *   and whose every change would be announced as a request.update.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bot_turns (
      id bigserial PRIMARY KEY,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      request_id text NOT NULL REFERENCES requests(request_id) ON DELETE CASCADE,
      bot_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('start', 'message', 'resume', 'deliver')),
      message jsonb,
      resume jsonb,
      run_at timestamptz NOT NULL DEFAULT now(),
      job_id bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX bot_turns_request_idx ON bot_turns (request_id, id);

    CREATE TABLE bot_flow_states (
      request_id text PRIMARY KEY REFERENCES requests(request_id) ON DELETE CASCADE,
      project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      variables jsonb NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
