/** The open conversations idle for longer than their project allows (auto-close). */
import { sql } from 'kysely';
import type { Connection } from '../../platform/db/unit-of-work.js';

export interface IdleRequest {
  project_id: string;
  request_id: string;
  /** The conversation is idle when it has not changed since this instant. */
  idle_since: Date;
}

export function createAutoCloseRepo(connection: Connection) {
  return {
    /**
     * Open conversations of live projects untouched for longer than their limit, oldest first:
     * the project's `settings.auto_close.bot` / `.human` minutes when it is a number (settings are
     * free-form JSON, anything else is ignored), else the server's; 0 turns it off.
     */
    async findIdle(now: Date, defaults: { bot: number; human: number }, limit: number): Promise<IdleRequest[]> {
      const result = await sql<IdleRequest>`
        SELECT project_id, request_id, ${now}::timestamptz - minutes * interval '1 minute' AS idle_since
        FROM (
          SELECT r.project_id, r.request_id, r.updated_at,
            COALESCE(
              CASE WHEN jsonb_typeof(p.settings #> ARRAY['auto_close', kind]) = 'number'
                THEN (p.settings #>> ARRAY['auto_close', kind])::numeric END,
              CASE WHEN r.has_bot THEN ${defaults.bot}::numeric ELSE ${defaults.human}::numeric END
            ) AS minutes
          FROM requests r
          JOIN projects p ON p.id = r.project_id
          CROSS JOIN LATERAL (SELECT CASE WHEN r.has_bot THEN 'bot' ELSE 'human' END AS kind) k
          WHERE r.status < 1000 AND p.status = 100
        ) candidates
        WHERE minutes > 0 AND updated_at <= ${now}::timestamptz - minutes * interval '1 minute'
        ORDER BY updated_at
        LIMIT ${limit}`.execute(connection());
      return result.rows;
    },
  };
}
