/**
 * Several instances on one PostgreSQL with Redis (issue 16): 1, 2 and 4 server processes on a
 * fresh database each time, clients spread over them round robin, as a load balancer would.
 *
 * - **Message posts**: BENCH_WRITERS concurrent clients (default 16) post agent messages into 50
 *   open conversations for BENCH_SECONDS (default 8), each request to the next instance in turn:
 *   messages/s and the latency of a post (p50/p99).
 * - **Fan-out**: BENCH_SUBSCRIBERS WebSocket clients (default 600) on the inbox `/<project>/requests`,
 *   spread over the instances; BENCH_CHANGES changes (default 30, after 5 warm-up) each made through
 *   the next instance: the delay until each subscriber has the frame, p50/p99. A frame made on one
 *   instance reaches the others' subscribers through Redis.
 * - **Where the time goes**: PostgreSQL's connections in use at the end, the server processes'
 *   CPU time per post, and the Redis commands per post (INFO commandstats, before and after).
 *
 *   npm run bench -- instances
 *   BENCH_INSTANCES=1,2 BENCH_SECONDS=5 npm run bench -- instances
 *
 * On this 2-core machine every instance shares the same two cores with PostgreSQL, Redis and the
 * clients: more instances add no CPU, so what the figures show is what coordination costs (Redis,
 * connections) and where the ceiling is, not a speed-up. BENCHMARKS.md reads them.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { apiOf } from './api-client.js';
import { freePort, percentile, readyOf, round } from './support.js';

const WARM_UP = 5;

if (process.env.PARLEY_BENCH_ROLE === 'server') {
  // The built server, as `npm start` runs it (no TypeScript loader in the measured process).
  const { startServer } = await import(new URL('../dist/server.js', import.meta.url).href);
  await startServer();
  process.on('message', (message) => {
    if (message === 'usage') process.send?.(process.cpuUsage());
  });
  process.send?.('ready');
} else {
  await runBench();
}

async function runBench(): Promise<void> {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
  const counts = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
  const results = [];
  for (const instances of counts) results.push(await runWith(instances));
  console.log(JSON.stringify(results, null, 2));
  console.log(
    '\ninstances | posts/s | post p50 / p99 ms | fan-out p50 / p99 ms | server CPU µs/post | Redis cmds/post | PG connections',
  );
  for (const r of results) {
    console.log(
      `${r.instances} | ${r.posts.perSecond} | ${r.posts.p50} / ${r.posts.p99} | ${r.fanOut.p50} / ${r.fanOut.p99} | ` +
        `${r.serverCpuMicrosPerPost} | ${r.redisCommandsPerPost} | ${r.postgresConnections}`,
    );
  }
}

async function runWith(instances: number) {
  const adminUrl = process.env.PARLEY_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.PARLEY_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const prefix = `parley-bench-${randomBytes(4).toString('hex')}:`;
  const servers: Array<{ process: ChildProcess; base: string }> = [];
  try {
    // One after the other: the first applies the migrations.
    for (let i = 0; i < instances; i++) servers.push(await startInstance(databaseUrl, redisUrl, prefix));
    const bases = servers.map((server) => server.base);
    const api = apiOf(bases[0]!);
    const tenant = await api.tenant('Instances bench');
    const conversations = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.createRequest(tenant, `conversation ${i}`)),
    );

    const redis = new Redis(redisUrl);
    const cpuBefore = await Promise.all(servers.map((server) => cpuOf(server.process)));
    const commandsBefore = await redisCommands(redis);
    const posts = await postFor(bases, tenant.projectId, tenant.token, conversations);
    const commandsAfter = await redisCommands(redis);
    const cpuAfter = await Promise.all(servers.map((server) => cpuOf(server.process)));
    const cpuMicros = cpuAfter.reduce(
      (sum, usage, i) => sum + usage.user + usage.system - cpuBefore[i]!.user - cpuBefore[i]!.system,
      0,
    );
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    await redis.quit();

    const fanOut = await fanOutOver(bases, tenant.projectId, tenant.token, conversations[0]!);
    return {
      instances,
      posts: {
        perSecond: round(posts.count / posts.seconds, 0),
        p50: round(percentile(posts.latencies, 50)),
        p99: round(percentile(posts.latencies, 99)),
      },
      fanOut,
      serverCpuMicrosPerPost: round(cpuMicros / posts.count, 0),
      redisCommandsPerPost: round((commandsAfter - commandsBefore) / posts.count, 1),
      postgresConnections: rows[0]!.n,
      loadAverage: (await import('node:os')).loadavg().map((value) => round(value, 1)),
    };
  } finally {
    await Promise.all(servers.map((server) => stopInstance(server.process)));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function startInstance(databaseUrl: string, redisUrl: string, prefix: string) {
  const port = await freePort();
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [])],
    env: {
      ...process.env,
      PARLEY_BENCH_ROLE: 'server',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REALTIME_REDIS_PREFIX: `${prefix}rt:`,
      RATE_LIMIT_REDIS_PREFIX: `${prefix}rl:`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      // Every subscriber is the same owner here (a team of 600 would be 600 principals).
      REALTIME_MAX_SOCKETS_PER_PRINCIPAL: '0',
      RATE_LIMIT_SUBSCRIBES: '0',
      JWT_SECRET: 'bench-secret-0123456789',
    },
  });
  await readyOf(child, 'server');
  return { process: child, base: `http://127.0.0.1:${port}` };
}

function stopInstance(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once('message', (usage) => resolve(usage as NodeJS.CpuUsage));
    child.send('usage');
  });
}

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Writers post into the conversations through the instances in turn, for BENCH_SECONDS. */
async function postFor(bases: string[], projectId: string, token: string, conversations: string[]) {
  const writers = Number(process.env.BENCH_WRITERS ?? 16);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const latencies: number[] = [];
  let next = 0;
  const post = async (text: string) => {
    const n = next++;
    const base = bases[n % bases.length]!;
    const requestId = conversations[n % conversations.length]!;
    const started = performance.now();
    const response = await fetch(`${base}/${projectId}/requests/${requestId}/messages`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  // Warm-up: every instance's JIT and pool.
  await Promise.all(Array.from({ length: writers }, () => post('warm-up')));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; performance.now() < deadline; i++) latencies.push(await post(`writer ${writer} message ${i}`));
    }),
  );
  return { count: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}

/** Subscribers spread over the instances; each change made through the next instance. */
async function fanOutOver(bases: string[], projectId: string, token: string, requestId: string) {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 600);
  const changes = Number(process.env.BENCH_CHANGES ?? 30);
  const topic = `/${projectId}/requests`;
  const sockets: WebSocket[] = [];
  for (let start = 0; start < subscribers; start += 100) {
    const batch = Array.from({ length: Math.min(100, subscribers - start) }, (_, i) => {
      const base = bases[(start + i) % bases.length]!;
      return new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/?token=${encodeURIComponent(token)}`, {
          perMessageDeflate: false,
        });
        ws.once('error', reject);
        ws.once('open', () => ws.send(JSON.stringify({ action: 'subscribe', payload: { topic } })));
        ws.once('message', () => resolve(ws));
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const delays: number[] = [];
  for (let change = -WARM_UP; change < changes; change++) {
    const subject = `subject ${change} ${randomBytes(4).toString('hex')}`;
    const base = bases[(change + WARM_UP) % bases.length]!;
    const received: number[] = [];
    let started = 0;
    const done = new Promise<void>((resolve) => {
      for (const ws of sockets) {
        const onFrame = (data: Buffer) => {
          if (!data.includes(subject)) return;
          ws.off('message', onFrame);
          received.push(performance.now() - started);
          if (received.length === sockets.length) resolve();
        };
        ws.on('message', onFrame);
      }
    });
    started = performance.now();
    const response = await fetch(`${base}/${projectId}/requests/${requestId}`, {
      method: 'PATCH',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ subject }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await done;
    if (change >= 0) delays.push(...received);
  }
  sockets.forEach((socket) => socket.terminate());
  return { subscribers, changes, p50: round(percentile(delays, 50)), p99: round(percentile(delays, 99)) };
}
