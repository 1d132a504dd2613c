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
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { percentile, round, serveBuiltServer, startBenchServer } from './support.js';
import { apiOf, type Tenant } from './api-client.js';
import { AGENTS, seedHistory } from './seed-history.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const PER_REQUEST = Number(process.env.BENCH_MESSAGES_PER_REQUEST ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const WARMUP = 3;

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
    const seeding = await seedHistory(pool, tenant, { requests: REQUESTS, perRequest: PER_REQUEST, departments });
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
        p50: round(percentile(times, 50), 1),
        p99: round(percentile(times, 99), 1),
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
  await serveBuiltServer();
} else {
  await runBench();
}
