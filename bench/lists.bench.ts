/**
 * The inbox and request lists at scale (issue 16), on PostgreSQL: one project with 100,000
 * conversations (a fifth of them open) and 1,000,000 messages seeded by SQL (bench/seed-history.ts),
 * one real agent with a twentieth of the history and a candidate for a sixteenth of all, tags
 * and "refund" first texts on some, and a few hundred more conversations made through the API
 * (routed, with messages, some saying "refund"). Each list, count and single-request call the
 * console and the widget make is then timed over HTTP, one call at a time, next to its target
 * and next to a bare Fastify server on the same machine: a trivial route (the floor of any HTTP
 * call here), a row read in one query (of any call that reads the database), and the owner
 * inbox's body answered as is (of sending those bytes).
 *
 *   npm run bench -- lists
 *   BENCH_REQUESTS=20000 BENCH_CALLS=100 npm run bench -- lists
 *   BENCH_KEEP_DB=1 npm run bench -- lists        # keep the seeded database for EXPLAIN by hand
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- lists   # the server's CPU profile (--cpu-prof) there
 *
 * A fresh database is created next to PARLEY_BENCH_PG and dropped afterwards; the server (built
 * into dist/) and the bare route run in child processes.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort, readyOf, round, serveBuiltServer, startBenchServer } from './support.js';
import { apiOf } from './api-client.js';
import { AGENTS, seedHistory } from './seed-history.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const PER_REQUEST = Number(process.env.BENCH_MESSAGES_PER_REQUEST ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const API_REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 200);
const WARMUP = 20;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_SECONDS ?? 30) * 1000;
const LIST_TARGET_MS = 30;
const ONE_TARGET_MS = 10;
const self = fileURLToPath(import.meta.url);

async function runBench(): Promise<void> {
  // The seeded year holds open bot conversations idle for months: auto-close would close them by
  // the thousand while the lists are measured.
  process.env.CLOSE_BOT_UNRESPONSIVE_REQUESTS_ENABLE = 'false';
  const bench = await startBenchServer(self, {
    poolSize: 2,
    keepDatabase: process.env.BENCH_KEEP_DB === '1',
    execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  });
  const bare = await startBareServer(bench.pool.options.connectionString!);
  try {
    await bench.ready;
    const api = apiOf(bench.base);
    const tenant = await api.tenant('Lists bench');
    const p = tenant.projectId;
    const departments: string[] = [];
    for (const name of ['Sales', 'Support', 'Billing']) {
      departments.push((await api.call('POST', `/${p}/departments`, { name }, tenant.token))._id);
    }
    const agentEmail = `agent-${tenant.email}`;
    await api.call('POST', '/auth/signup', {
      email: agentEmail,
      password: tenant.password,
      firstname: 'Ada',
      lastname: 'Agent',
    });
    const agent = await api.call('POST', '/auth/signin', { email: agentEmail, password: tenant.password });
    // An invitation adds only a verified account (else it waits for the address's owner).
    await bench.pool.query('UPDATE users SET emailverified = true WHERE id = $1', [agent.user._id]);
    await api.call('POST', `/${p}/project_users/invite`, { email: agentEmail, role: 'agent' }, tenant.token);
    const agentId: string = agent.user._id;

    const seeding = await seedHistory(bench.pool, tenant, { requests: REQUESTS, perRequest: PER_REQUEST, departments });
    // The real agent takes the place of a seeded one (a twentieth of the conversations, all of
    // them closed: the seed opens every fifth), and was a candidate (snapshot.agents) for a
    // sixteenth of all.
    await bench.pool.query(
      `UPDATE requests SET participants = array_replace(participants, $2, $3),
         participants_agents = array_replace(participants_agents, $2, $3)
       WHERE project_id = $1 AND $2 = ANY(participants_agents)`,
      [p, AGENTS[3], agentId],
    );
    await bench.pool.query(
      `UPDATE requests SET snapshot = jsonb_build_object('agents', jsonb_build_array(jsonb_build_object('id_user', $2::text)))
       WHERE project_id = $1 AND right(id, 1) = '0'`,
      [p, agentId],
    );
    // Tags on an eighth, "refund" in the first text of a sixteenth.
    await bench.pool.query(
      `UPDATE requests SET tags = jsonb_build_array(jsonb_build_object('_id', substr(md5('t' || id), 1, 24), 'tag', 'vip', 'color', '#43B1F2'))
       WHERE project_id = $1 AND substr(id, 2, 1) IN ('0', '1')`,
      [p],
    );
    await bench.pool.query(
      `UPDATE requests SET first_text = first_text || ', a refund please'
       WHERE project_id = $1 AND substr(id, 3, 1) = '0'`,
      [p],
    );
    // And some through the API: routed (to the owner or the agent), with messages.
    const made: string[] = [];
    for (let i = 0; i < API_REQUESTS; i++) {
      const text = i % 4 === 0 ? `Where is my refund? (${i})` : `Question ${i} about an order`;
      const requestId = await api.createRequest(tenant, text);
      made.push(requestId);
      await api.call(
        'POST',
        `/${p}/requests/${requestId}/messages`,
        { text: i % 8 === 0 ? 'I asked for a refund last week' : 'Any news?' },
        tenant.token,
      );
      if (i % 3 === 0) {
        await api.call('PATCH', `/${p}/requests/${requestId}`, { tags: [{ tag: 'vip' }] }, tenant.token);
      }
    }
    await bench.pool.query('VACUUM ANALYZE requests, messages, project_users');
    console.log(JSON.stringify({ requests: REQUESTS, messages: REQUESTS * PER_REQUEST, seeding }));

    const list = '/requests?sort=updatedAt&direction=desc&draft=false&limit=40';
    // The bare server answers the owner inbox's body too: the floor of sending those bytes.
    const inboxBody = await api.call('GET', `/${p}/requests?limit=40`, undefined, tenant.token);
    await fetch(`${bare}/copy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboxBody),
    });
    const calls: Array<{ label: string; url: string; token: string; target: number }> = [
      { label: 'bare Fastify route (the floor)', url: `${bare}/`, token: '', target: NaN },
      {
        label: 'bare route + one query (the floor of a database read)',
        url: `${bare}/requests/${p}/${made[made.length - 1]}`,
        token: '',
        target: NaN,
      },
      {
        label: "bare route answering the owner inbox's body (the floor of its bytes)",
        url: `${bare}/copy`,
        token: '',
        target: NaN,
      },
      { label: 'owner inbox (?limit=40)', url: `/${p}/requests?limit=40`, token: tenant.token, target: LIST_TARGET_MS },
      { label: "owner inbox (console's All open)", url: `/${p}${list}`, token: tenant.token, target: LIST_TARGET_MS },
      { label: 'agent inbox (own + candidate)', url: `/${p}${list}`, token: agent.token, target: LIST_TARGET_MS },
      {
        label: 'closed, page 0',
        url: `/${p}/requests?status=1000&sort=closed_at&direction=desc&draft=false&limit=40`,
        token: tenant.token,
        target: LIST_TARGET_MS,
      },
      {
        label: 'closed, page 200',
        url: `/${p}/requests?status=1000&sort=closed_at&direction=desc&draft=false&limit=40&page=200`,
        token: tenant.token,
        target: LIST_TARGET_MS,
      },
      { label: 'full_text=refund', url: `/${p}${list}&full_text=refund`, token: tenant.token, target: LIST_TARGET_MS },
      {
        label: 'department + tag filter',
        url: `/${p}${list}&dept_id=${departments[1]}&tags=vip`,
        token: tenant.token,
        target: LIST_TARGET_MS,
      },
      {
        label: "a view's count (limit=1, no_populate)",
        url: `/${p}${list.replace('limit=40', 'limit=1')}&no_populate=true`,
        token: tenant.token,
        target: LIST_TARGET_MS,
      },
      { label: 'GET /requests/count', url: `/${p}/requests/count`, token: tenant.token, target: LIST_TARGET_MS },
      {
        label: 'one request (GET /requests/:id)',
        url: `/${p}/requests/${made[made.length - 1]}`,
        token: tenant.token,
        target: ONE_TARGET_MS,
      },
    ];
    const results = [];
    for (const call of calls) {
      const url = call.url.startsWith('http') ? call.url : bench.base + call.url;
      results.push(await measure(call.label, call.target, url, call.token));
    }
    console.log(
      JSON.stringify(
        {
          summary: {
            results,
            loadAverage: loadavg().map((l) => round(l, 1)),
            met: results.filter((r) => !Number.isNaN(r.targetMs)).every((r) => r.p99 < r.targetMs),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await bench.close();
  }
}

/**
 * A bare Fastify in its own process, as the server is: a trivial JSON route (the floor of any
 * HTTP call here), and one that reads a request's row by its id in one query with `pg` (the floor
 * of any call that reads the database; calls come one at a time, so its pool's size is moot),
 * and one that answers a body it was given (PUT /copy) with Fastify's default serializer.
 */
async function startBareServer(databaseUrl: string): Promise<string> {
  const port = await freePort();
  const child = fork(self, [], {
    env: { ...process.env, PARLEY_BENCH_ROLE: 'bare', PORT: String(port), BARE_DATABASE_URL: databaseUrl },
  });
  child.unref();
  child.channel?.unref();
  await readyOf(child, 'bare server');
  process.once('exit', () => child.kill());
  return `http://127.0.0.1:${port}`;
}

async function measure(label: string, targetMs: number, url: string, token: string) {
  const headers = token ? { authorization: token } : undefined;
  let answer = '';
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers });
    answer = await response.text();
    if (response.status !== 200) throw new Error(`${label}: ${response.status} ${answer.slice(0, 300)}`);
    return performance.now() - started;
  };
  // A call far over its target is warmed up and measured fewer times (at least 5 and 20), in a budget.
  const warming = performance.now();
  for (let i = 0; i < WARMUP && (i < 5 || performance.now() - warming < BUDGET_MS / 6); i++) await once();
  const times: number[] = [];
  const began = performance.now();
  while (times.length < CALLS && (times.length < 20 || performance.now() - began < BUDGET_MS)) times.push(await once());
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  const parsed = JSON.parse(answer) as { count?: number; requests?: unknown[] };
  const result = {
    label,
    p50: round(at(0.5), 1),
    p99: round(at(0.99), 1),
    targetMs,
    calls: times.length,
    ...(Array.isArray(parsed.requests) && { rows: parsed.requests.length, count: parsed.count }),
  };
  console.log(JSON.stringify(result));
  return result;
}

if (process.env.PARLEY_BENCH_ROLE === 'server') {
  await serveBuiltServer();
} else if (process.env.PARLEY_BENCH_ROLE === 'bare') {
  const { default: Fastify } = await import('fastify');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 2 });
  // The benchmark's DROP DATABASE ... WITH (FORCE) ends connections still idle here (a short run);
  // without a listener that expected error would crash this process with a stack trace.
  pool.on('error', () => {});
  const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
  app.get('/', async () => ({ perPage: 40, count: 0, requests: [] }));
  // A body given once, answered as is: serialized on every call (JSON.stringify of the parsed
  // object) and encoded to UTF-8 once, as Parley's serializer does for a large body.
  let copy: unknown = {};
  app.put('/copy', async (request) => {
    copy = request.body;
    return { ok: true };
  });
  app.get('/copy', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(Buffer.from(JSON.stringify(copy), 'utf8')),
  );
  app.get<{ Params: { project: string; id: string } }>('/requests/:project/:id', async (request) => {
    const { rows } = await pool.query('SELECT * FROM requests WHERE project_id = $1 AND request_id = $2', [
      request.params.project,
      request.params.id,
    ]);
    return rows[0];
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send?.('ready');
} else {
  await runBench();
}
