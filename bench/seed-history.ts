/**
 * A year of a busy project's history, seeded by SQL (INSERT ... SELECT generate_series): what the
 * analytics and console benchmarks measure against. The message buckets are kept by their
 * triggers, as for any insert.
 */
import type pg from 'pg';
import { round } from './support.js';
import type { Tenant } from './api-client.js';

/** The agents the seeded conversations are assigned to (ids of no real user). */
export const AGENTS = Array.from({ length: 20 }, (_, i) => `agent${String(i).padStart(19, '0')}`);

/**
 * The history, by SQL: `requests` conversations spread evenly over the last 365 days, a tenth
 * served by a bot, four in five closed and rated, each with `perRequest` messages (visitor and
 * agent in turn, 30 s apart), a visitor each, and custom events.
 */
export async function seedHistory(
  pool: pg.Pool,
  tenant: Tenant,
  {
    requests: REQUESTS,
    perRequest: PER_REQUEST,
    departments,
  }: { requests: number; perRequest: number; departments: string[] },
) {
  const step = Math.floor((365 * 86_400) / REQUESTS);
  const timings: Record<string, number> = {};
  const timed = async (label: string, text: string, values: unknown[]) => {
    const started = performance.now();
    await pool.query(text, values);
    timings[label] = round((performance.now() - started) / 1000, 1);
  };
  await timed(
    'requestsSeconds',
    `INSERT INTO requests (id, project_id, request_id, first_text, status, has_bot, participants, participants_agents,
       department_id, waiting_time, first_response_at, closed_at, rating, source_page, created_at, updated_at)
     SELECT substr(md5('r' || g), 1, 24), $1, 'support-group-' || $1 || '-' || md5('q' || g), 'Hello #' || g,
       CASE WHEN g % 5 = 0 THEN 200 ELSE 1000 END,
       g % 10 = 0,
       CASE WHEN g % 10 = 0 THEN ARRAY['bot_bench'] ELSE ARRAY[($2::text[])[1 + g % 20]] END,
       CASE WHEN g % 10 = 0 THEN ARRAY[]::text[] ELSE ARRAY[($2::text[])[1 + g % 20]] END,
       ($3::text[])[1 + g % 3],
       CASE WHEN g % 10 = 0 THEN NULL ELSE 1000 * (5 + g % 300) END,
       CASE WHEN g % 10 = 0 THEN NULL ELSE at + (5 + g % 300) * interval '1 second' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE at + (60 + g % 3600) * interval '1 second' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 5 END,
       'https://shop.example/page-' || (g % 12),
       at, at
     FROM generate_series(1, $4::int) AS g, LATERAL (SELECT now() - g * $5::int * interval '1 second' AS at) AS t`,
    [tenant.projectId, AGENTS, departments, REQUESTS, step],
  );
  // In ten statements, as ten import batches would come.
  const started = performance.now();
  const slice = Math.ceil(REQUESTS / 10);
  for (let from = 1; from <= REQUESTS; from += slice) {
    await pool.query(
      `INSERT INTO messages (id, project_id, recipient, sender, sender_fullname, text, attributes, created_by, created_at, updated_at)
       SELECT md5('m' || g || '-' || i), $1, 'support-group-' || $1 || '-' || md5('q' || g),
         sender, 'Someone', 'Message ' || i || ' of conversation ' || g,
         CASE WHEN g % 10 = 0 AND i % 2 = 1 THEN jsonb_build_object('_answerid', 'answer-' || (g % 40)) END,
         sender, at, at
       FROM generate_series($2::int, $3::int) AS g, generate_series(0, $4::int - 1) AS i,
         LATERAL (SELECT now() - g * $5::int * interval '1 second' + i * interval '30 seconds' AS at,
           CASE WHEN i % 2 = 0 THEN 'visitor-' || g WHEN g % 10 = 0 THEN 'bot_bench' ELSE ($6::text[])[1 + g % 20] END AS sender) AS t`,
      [tenant.projectId, from, Math.min(from + slice - 1, REQUESTS), PER_REQUEST, step, AGENTS],
    );
  }
  timings.messagesSeconds = round((performance.now() - started) / 1000, 1);
  await timed(
    'visitorsSeconds',
    `INSERT INTO project_users (id, project_id, uuid_user, role, role_type, status, created_at, updated_at)
     SELECT substr(md5('pu' || g), 1, 24), $1, 'visitor-' || g, 'guest', 2, 'active', at, at
     FROM generate_series(1, $2::int) AS g, LATERAL (SELECT now() - g * $3::int * interval '1 second' AS at) AS t`,
    [tenant.projectId, REQUESTS, step],
  );
  await timed(
    'eventsSeconds',
    `INSERT INTO events (id, project_id, name, created_by, created_at, updated_at)
     SELECT substr(md5('e' || g), 1, 24), $1, (ARRAY['typing.start', 'faq_click', 'page_view'])[1 + g % 3], 'visitor-' || g, at, at
     FROM generate_series(1, $2::int) AS g, LATERAL (SELECT now() - g * $3::int * interval '1 second' AS at) AS t`,
    [tenant.projectId, REQUESTS / 2, step * 2],
  );
  // What the server's compaction does within a minute: one count row per bucket (migration 0024).
  await timed('compactionSeconds', 'SELECT compact_counts(2147483647)', []);
  // What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
  const vacuum = performance.now();
  await pool.query('VACUUM ANALYZE requests, messages, message_counts, request_counts, project_users, events');
  timings.vacuumSeconds = round((performance.now() - vacuum) / 1000, 1);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM message_counts WHERE project_id = $1', [
    tenant.projectId,
  ]);
  return { ...timings, messageBuckets: rows[0].n };
}
