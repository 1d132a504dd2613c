/**
 * Analytics at scale on PostgreSQL: one project with 100,000 conversations over the last year,
 * 1,000,000 messages (10 each), 100,000 visitors and 50,000 custom events, seeded by SQL
 * (INSERT ... SELECT generate_series, the message buckets kept by their triggers as for any
 * insert), plus conversations and messages through the API. Then every analytics route, with its
 * defaults and with the filters the dashboard uses, timed over HTTP: p50 and p99 of CALLS calls
 * each, after WARMUP. Target: every route under 100 ms at p99.
 *
 *   npm run bench -- analytics
 *   BENCH_REQUESTS=20000 BENCH_CALLS=50 PARLEY_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- analytics
 *   BENCH_EXPLAIN=1 npm run bench -- analytics    (also prints the plans of the widest scans)
 *   BENCH_KEEP_DB=1 npm run bench -- analytics    (keeps the seeded database, for EXPLAIN by hand)
 *
 * A fresh database is created next to PARLEY_BENCH_PG and dropped afterwards; the server (built
 * into dist/ first) runs in a child process.
 */
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { round, startBenchServer } from './support.js';
import { apiOf, type Tenant } from './api-client.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const PER_REQUEST = Number(process.env.BENCH_MESSAGES_PER_REQUEST ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const WARMUP = 3;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const AGENTS = Array.from({ length: 20 }, (_, i) => `agent${String(i).padStart(19, '0')}`);

async function runBench(): Promise<void> {
  const bench = await startBenchServer(fileURLToPath(import.meta.url), {
    poolSize: 2,
    keepDatabase: process.env.BENCH_KEEP_DB === '1',
  });
  const { server, pool } = bench;
  try {
    await bench.ready;
    const { base } = bench;
    const api = apiOf(base);
    const tenant = await api.tenant('Analytics bench');
    const departments = [];
    for (const department of ['Sales', 'Support', 'Billing']) {
      departments.push(
        (await api.call('POST', `/${tenant.projectId}/departments`, { name: department }, tenant.token))._id,
      );
    }
    const seeding = await seed(pool, tenant, departments);
    const throughApi = await viaApi(api, tenant);
    const context = await contextOf(pool);
    console.log(JSON.stringify({ context, seeding, throughApi }, null, 2));

    const results = [];
    for (const [route, query] of calls(departments)) {
      const target = `${base}/${tenant.projectId}/analytics${route}${query ? `?${new URLSearchParams(query)}` : ''}`;
      const times: number[] = [];
      let groups = 0;
      for (let i = 0; i < WARMUP + CALLS; i++) {
        const started = performance.now();
        const response = await fetch(target, { headers: { authorization: tenant.token } });
        const body = (await response.json()) as unknown[];
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${route}: ${response.status} ${JSON.stringify(body)}`);
        if (i >= WARMUP) times.push(elapsed);
        groups = body.length;
      }
      const label = `${route}${query ? ` ${new URLSearchParams(query).toString()}` : ''}`;
      const result = {
        route: label,
        groups,
        p50: round(percentile(times, 0.5), 1),
        p99: round(percentile(times, 0.99), 1),
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
    const slowest = results.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    console.log(
      JSON.stringify(
        {
          summary: {
            requests: REQUESTS,
            messages: REQUESTS * PER_REQUEST,
            routes: results.length,
            calls: CALLS,
            slowest,
            over100ms: results.filter((r) => r.p99 >= 100).map((r) => r.route),
            target: 'every route p99 < 100 ms',
            met: results.every((r) => r.p99 < 100),
          },
        },
        null,
        2,
      ),
    );
    if (process.env.BENCH_EXPLAIN === '1') await explain(pool, tenant);
  } finally {
    await bench.close();
  }
}

/** Every route once with its defaults, and again with the filters a dashboard applies. */
function calls(departments: string[]): Array<[string, Record<string, string> | undefined]> {
  const year = { startDate: isoDay(-365), endDate: isoDay(0), timezone: 'Europe/Rome' };
  const month = { lastdays: '30', timezone: 'Europe/Rome' };
  const department = { department_id: departments[1]!, lastdays: '30' };
  const agent = { participant: AGENTS[3]!, lastdays: '30' };
  const routes: Array<[string, Record<string, string> | undefined]> = [];
  const requestRoutes = [
    '/requests/count',
    '/requests/hasBot/count',
    '/requests/aggregate/status',
    '/requests/aggregate/day',
    '/requests/aggregate/status/day',
    '/requests/aggregate/hasBot/day',
    '/requests/aggregate/week',
    '/requests/aggregate/month',
    '/requests/aggregate/hours',
    '/requests/aggregate/dayoftheweek/hours',
    '/requests/aggregate/sourcePage',
    '/requests/aggregate/department',
    '/requests/aggregate/agent',
    '/requests/waiting',
    '/requests/waiting/day/last',
    '/requests/waiting/day',
    '/requests/waiting/month',
    '/requests/duration',
    '/requests/duration/day',
    '/requests/duration/month',
    '/requests/satisfaction',
    '/requests/satisfaction/day',
    '/requests/satisfaction/month',
    '/requests/satisfaction/ratings',
    '/requests/percentiles',
    '/requests/agents',
  ];
  for (const route of requestRoutes) routes.push([route, undefined]);
  for (const route of ['/requests/aggregate/day', '/requests/percentiles', '/requests/satisfaction/ratings']) {
    routes.push([route, year], [route, department], [route, agent]);
  }
  routes.push(['/requests/aggregate/day', month], ['/requests/aggregate/month', year]);
  routes.push(['/requests/aggregate/attributes/_answerid', undefined]);
  for (const route of [
    '/messages/count',
    '/messages/aggregate/day',
    '/messages/aggregate/week',
    '/messages/aggregate/month',
    '/messages/aggregate/sender',
  ]) {
    routes.push([route, undefined]);
  }
  routes.push(['/messages/aggregate/day', year], ['/messages/aggregate/month', year]);
  routes.push(['/messages/aggregate/day', { ...month, sender: AGENTS[3]! }]);
  for (const route of ['/project_users/count', '/project_users/aggregate/day', '/project_users/aggregate/week']) {
    routes.push([route, undefined]);
  }
  routes.push(['/project_users/aggregate/month', undefined], ['/events/aggregate/day', undefined]);
  routes.push(['/events/aggregate/day', { lastdays: '30' }]);
  return routes;
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The history, by SQL: REQUESTS conversations spread evenly over the last 365 days, a tenth
 * served by a bot, four in five closed and rated, each with PER_REQUEST messages (visitor and
 * agent in turn, 30 s apart), a visitor each, and custom events.
 */
async function seed(pool: pg.Pool, tenant: Tenant, departments: string[]) {
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
  // What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
  const vacuum = performance.now();
  await pool.query('VACUUM ANALYZE requests, messages, message_counts, project_users, events');
  timings.vacuumSeconds = round((performance.now() - vacuum) / 1000, 1);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM message_counts WHERE project_id = $1', [
    tenant.projectId,
  ]);
  return { ...timings, messageBuckets: rows[0].n };
}

/** Some conversations the live way, so the seeded ones are not all there is. */
async function viaApi(api: ReturnType<typeof apiOf>, tenant: Tenant) {
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    const requestId = await api.createRequest(tenant, `live ${i}`);
    for (let m = 0; m < 5; m++) {
      await api.call(
        'POST',
        `/${tenant.projectId}/requests/${requestId}/messages`,
        { text: `live ${i}.${m}` },
        tenant.token,
      );
    }
  }
  return { requests: 20, messages: 100, seconds: round((performance.now() - started) / 1000, 1) };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

/** The plans of two all-time reports as the routes run them: conversations and messages per month. */
async function explain(pool: pg.Pool, tenant: Tenant) {
  const perMonth = (from: string, time: string, counted: string) =>
    `SELECT extract(year from local)::int AS year, extract(month from local)::int AS month, sum(count)::int
     FROM (SELECT date_trunc('month', ${time} AT TIME ZONE 'UTC') AS local, ${counted} AS count FROM ${from} GROUP BY 1) AS grouped
     GROUP BY 1, 2 ORDER BY 1, 2`;
  for (const [label, text] of [
    [
      'conversations per month, all time',
      perMonth(`requests WHERE project_id = $1 AND preflight = false`, 'created_at', 'count(*)'),
    ],
    ['messages per month, all time', perMonth(`message_counts WHERE project_id = $1`, 'bucket_at', 'sum(count)')],
  ] as const) {
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [tenant.projectId]);
    console.log(`\n${label}:\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
  }
}

async function contextOf(pool: pg.Pool) {
  const setting = async (name: string) => (await pool.query(`SHOW ${name}`)).rows[0][name];
  return {
    postgres: await setting('server_version'),
    shared_buffers: await setting('shared_buffers'),
    work_mem: await setting('work_mem'),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverage: loadavg().map((value) => round(value, 2)),
  };
}

// Last: the helpers above must be initialized before the top-level await runs them.
if (process.env.PARLEY_BENCH_ROLE === 'server') {
  const { startServer } = await import(pathToFileURL(path.join(root, 'dist/server.js')).href);
  await startServer();
  process.send?.('ready');
} else {
  await runBench();
}
