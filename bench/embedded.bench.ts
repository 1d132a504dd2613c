/**
 * The embedded default (issue 16): the built server on PGlite, as `npm start` runs it.
 *
 * - **Start**: the first start of a fresh clone's server (the build, then a new data directory)
 *   and a cold start on an existing data directory, each until the first HTTP answer
 *   (BENCH_STARTS times, default 5).
 * - **Memory**: resident memory (RSS, from /proc) idle after start, after a little use (a project,
 *   BENCH_CONVERSATIONS conversations of 5 messages), and the peak under the write load below.
 * - **Throughput**: what one server on PGlite sustains for BENCH_SECONDS each (default 8), 8
 *   concurrent clients: new conversations (a visitor's first message), messages into open ones,
 *   and imported messages (`/messages/multi`, 1,000 per batch); then the owner's inbox list and
 *   count at the size reached. The same writes on PostgreSQL (a fresh database) as the baseline.
 *
 *   npm run bench -- embedded
 *   BENCH_STARTS=3 BENCH_SECONDS=5 npm run bench -- embedded
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { apiMessage, apiOf } from './api-client.js';
import { freePort, median, percentile, round } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const starts = Number(process.env.BENCH_STARTS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const conversationsForUse = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const CLIENTS = 8;

interface Server {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** Starts `node dist/server.js` and resolves once it answers HTTP, with the milliseconds that took. */
async function startServer(env: Record<string, string>, build = false): Promise<{ server: Server; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  if (build) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-0123456789',
      // One visitor opens every conversation here: the per-visitor and per-project caps would stop it.
      RATE_LIMIT_CONVERSATIONS_PER_VISITOR: '0',
      RATE_LIMIT_CONVERSATIONS_PER_PROJECT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      await fetch(`${base}/`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const ms = performance.now() - started;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { server: { child, base, stop }, ms };
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024, 0);
}

/** Runs `work` from CLIENTS concurrent clients for `seconds`; how many it completed per second. */
async function sustained(work: (client: number, i: number) => Promise<number>) {
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const finished = await work(client, i); // not `done += await ...`: that would add to a stale total
        done += finished;
      }
    }),
  );
  return round(done / ((performance.now() - started) / 1000), 0);
}

/** Writes through the API: conversations/s, messages/s, imported messages/s, then list timings. */
async function throughput(server: Server, sampleRss = false) {
  const api = apiOf(server.base);
  const tenant = await api.tenant('Embedded bench');
  const visitor = await api.call('POST', '/auth/signinAnonymously', { id_project: tenant.projectId });
  let peak = 0;
  const sampler = sampleRss ? setInterval(() => (peak = Math.max(peak, rssMb(server.child))), 200) : undefined;
  const post = async (requestId: string, token: string, body: unknown, url = 'messages') => {
    const response = await fetch(`${server.base}/${tenant.projectId}/requests/${requestId}/${url}`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const newId = () => `support-group-${tenant.projectId}-${randomBytes(16).toString('hex')}`;
  const open: string[] = [];
  const conversationsPerSecond = await sustained(async () => {
    const id = newId();
    await post(id, visitor.token, { text: 'Hello, I have a question about my order.' });
    open.push(id);
    return 1;
  });
  const messagesPerSecond = await sustained(async (client, i) => {
    await post(open[(client * 997 + i) % open.length]!, tenant.token, { text: `answer ${i}` });
    return 1;
  });
  const importTargets = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => api.createRequest(tenant, `imported ${i}`)),
  );
  const importedPerSecond = await sustained(async (client, i) => {
    const batch = JSON.stringify(Array.from({ length: 1000 }, (_, m) => apiMessage(i, client, m)));
    await post(importTargets[client]!, tenant.token, batch, 'messages/multi');
    return 1000;
  });
  clearInterval(sampler);
  const timed = async (url: string) => {
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      const response = await fetch(`${server.base}/${tenant.projectId}${url}`, {
        headers: { authorization: tenant.token },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      if (i >= 10) times.push(performance.now() - started);
    }
    return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
  };
  return {
    conversationsPerSecond,
    messagesPerSecond,
    importedMessagesPerSecond: importedPerSecond,
    conversations: open.length + importTargets.length,
    inboxList: await timed('/requests?limit=40'),
    count: await timed('/requests/count'),
    ...(sampleRss && { peakRssMb: peak }),
  };
}

async function run() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-embedded-'));
    dirs.push(dir);
    return dir;
  };
  try {
    // The first start of a fresh clone: the build, then a data directory to create.
    const dataDir = newDir();
    const first = await startServer({ DATA_DIR: dataDir }, true);
    await first.server.stop();

    const cold: number[] = [];
    for (let i = 0; i < starts; i++) {
      const { server, ms } = await startServer({ DATA_DIR: dataDir });
      cold.push(ms);
      await server.stop();
    }

    const { server } = await startServer({ DATA_DIR: dataDir });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRssMb = rssMb(server.child);
    const api = apiOf(server.base);
    const tenant = await api.tenant('A little use');
    for (let i = 0; i < conversationsForUse; i++) {
      const id = await api.createRequest(tenant, `conversation ${i}`);
      for (let m = 0; m < 5; m++)
        await api.call('POST', `/${tenant.projectId}/requests/${id}/messages`, { text: `message ${m}` }, tenant.token);
    }
    await fetch(`${server.base}/${tenant.projectId}/requests?limit=40`, { headers: { authorization: tenant.token } });
    const usedRssMb = rssMb(server.child);
    const pglite = await throughput(server, true);
    await server.stop();

    // The same writes on PostgreSQL, a fresh database.
    const adminUrl = process.env.PARLEY_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `parley_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    let postgres;
    try {
      const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
      const { server: onPostgres } = await startServer({ DATABASE_URL: databaseUrl });
      postgres = await throughput(onPostgres);
      await onPostgres.stop();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }

    const result = {
      firstStartMs: round(first.ms, 0),
      coldStartMs: {
        median: round(median(cold), 0),
        min: round(Math.min(...cold), 0),
        max: round(Math.max(...cold), 0),
      },
      memory: { idleRssMb, afterLittleUseRssMb: usedRssMb, peakUnderLoadRssMb: pglite.peakRssMb },
      pglite,
      postgres,
      loadAverage: (await import('node:os')).loadavg().map((value) => round(value, 1)),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await run();
