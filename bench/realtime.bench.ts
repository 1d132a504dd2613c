/**
 * Realtime fan-out on one instance, the scenario: N WebSocket clients (default 2,000)
 * subscribed to a project's inbox `/<project>/requests`, E changes caused over HTTP one after the
 * other, alternating a visitor's first message (a new conversation: CREATE) and an update of a
 * request (PATCH: UPDATE). Reports the delay from sending the HTTP request until each client has
 * the frame (p50/p99 over all deliveries, and p99 of the slowest client per change), and the
 * server's memory per idle connection (heap and RSS after GC, delta divided by connections).
 * Targets: p99 under 200 ms at 2,000 subscribers; under 50 KiB per idle connection.
 *
 *   node --import tsx bench/realtime.bench.ts          (or: npm run bench -- realtime)
 *   BENCH_CLIENTS=500 BENCH_EVENTS=20 DATABASE_URL=postgres://... node --import tsx bench/realtime.bench.ts
 *
 * The server runs in a child process (PGlite in a temporary directory unless DATABASE_URL is
 * set); the clients run in this one. Each side holds one socket per client, so the open-file
 * limit must exceed the client count (check `ulimit -n`; raise it with `ulimit -n 8192`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { apiOf } from './api-client.js';
import { freePort, percentile, readyOf, round } from './support.js';

const MEMORY = 'memory';
const WARM_UP = 5;

if (process.env.PARLEY_BENCH_ROLE === 'server') {
  await runServer();
} else {
  await runBench();
}

async function runServer(): Promise<void> {
  const { startServer } = await import('../src/server.js');
  await startServer();
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message) => {
    if (message !== MEMORY) return;
    gc?.();
    gc?.();
    process.send?.(process.memoryUsage());
  });
  process.send?.('ready');
}

async function runBench(): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 2000);
  const eventCount = Number(process.env.BENCH_EVENTS ?? 50);
  checkFileLimit(clients);

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const server = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      PARLEY_BENCH_ROLE: 'server',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      REALTIME_MAX_SUBSCRIPTIONS: '10',
      // Every client here is the same owner (2,000 agents would be 2,000 principals).
      REALTIME_MAX_SOCKETS_PER_PRINCIPAL: '0',
      RATE_LIMIT_SUBSCRIBES: '0',
    },
  });
  const stop = () => {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', stop);

  try {
    await readyOf(server, 'server');
    const base = `http://127.0.0.1:${port}`;
    const tenant = await createTenant(base);
    const topic = `/${tenant.projectId}/requests`;

    const before = await memoryOf(server);
    const sockets = await connectAll(base, tenant.token, topic, clients);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = await memoryOf(server);

    const deliveries: number[] = [];
    const slowest: number[] = [];
    let conversation: string | undefined;
    // The first changes warm up the JIT and the database's caches; they are not measured.
    for (let change = -WARM_UP; change < eventCount; change++) {
      const delays =
        conversation === undefined || change % 2 === 0
          ? await newConversation(base, tenant, sockets, (conversation = newRequestId(tenant.projectId)))
          : await updateConversation(base, tenant, sockets, conversation, `subject ${change}`);
      if (change < 0) continue;
      deliveries.push(...delays);
      slowest.push(Math.max(...delays));
    }
    sockets.forEach((socket) => socket.terminate());

    const perConnection = (key: 'heapUsed' | 'rss' | 'external') => (idle[key] - before[key]) / clients / 1024;
    const result = {
      clients,
      changes: eventCount,
      deliveryMs: {
        p50: round(percentile(deliveries, 50)),
        p99: round(percentile(deliveries, 99)),
        max: Math.max(...deliveries),
      },
      lastClientPerChangeMs: { p50: round(percentile(slowest, 50)), p99: round(percentile(slowest, 99)) },
      kibPerIdleConnection: {
        heap: round(perConnection('heapUsed')),
        rss: round(perConnection('rss')),
        external: round(perConnection('external')),
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    stop();
  }
}

/** Opens the sockets, a few hundred at a time, and waits for every subscription's snapshot. */
async function connectAll(base: string, token: string, topic: string, count: number) {
  const url = `${base.replace('http', 'ws')}/?token=${encodeURIComponent(token)}`;
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, () => {
      return new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        ws.once('error', reject);
        ws.once('open', () => ws.send(JSON.stringify({ action: 'subscribe', payload: { topic } })));
        ws.once('message', () => resolve(ws));
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** Resolves with each client's delay from `cause()` until it has the frame `expected` matches. */
async function measure(sockets: WebSocket[], expected: (frame: Buffer) => boolean, cause: () => Promise<Response>) {
  const delays: number[] = [];
  let started = 0;
  const done = new Promise<void>((resolve) => {
    for (const ws of sockets) {
      ws.once('message', (data: Buffer) => {
        // A substring check, not JSON.parse: the clients share one process and must not slow the measure.
        if (!expected(data)) throw new Error(`unexpected frame ${data.toString().slice(0, 200)}`);
        delays.push(performance.now() - started);
        if (delays.length === sockets.length) resolve();
      });
    }
  });
  started = performance.now();
  const response = await cause();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const answered = performance.now() - started;
  await done;
  if (process.env.BENCH_DEBUG) {
    const [first, last] = [Math.min(...delays), Math.max(...delays)];
    console.error(`answered ${answered.toFixed(1)} ms, first frame ${first.toFixed(1)}, last ${last.toFixed(1)}`);
  }
  return delays;
}

/** A visitor's first message to a new request id: the inbox gets the conversation as CREATE. */
function newConversation(base: string, tenant: Tenant, sockets: WebSocket[], requestId: string) {
  return measure(
    sockets,
    (frame) => frame.includes('"method":"CREATE"') && frame.includes(requestId),
    () =>
      fetch(`${base}/${tenant.projectId}/requests/${requestId}/messages`, {
        method: 'POST',
        headers: { authorization: tenant.visitorToken, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Hello, I have a question about my order.' }),
      }),
  );
}

/** An agent's change to a request: the inbox gets an UPDATE. */
function updateConversation(base: string, tenant: Tenant, sockets: WebSocket[], requestId: string, subject: string) {
  return measure(
    sockets,
    (frame) => frame.includes('"method":"UPDATE"') && frame.includes(subject),
    () =>
      fetch(`${base}/${tenant.projectId}/requests/${requestId}`, {
        method: 'PATCH',
        headers: { authorization: tenant.token, 'content-type': 'application/json' },
        body: JSON.stringify({ subject }),
      }),
  );
}

function newRequestId(projectId: string): string {
  return `support-group-${projectId}-${randomBytes(16).toString('hex')}`;
}

/** An owner, their project, and a visitor of it (whose messages start conversations). */
async function createTenant(base: string) {
  const api = apiOf(base);
  const { token, projectId } = await api.tenant('Bench');
  const visitor = await api.call('POST', '/auth/signinAnonymously', { id_project: projectId });
  return { token, projectId, visitorToken: visitor.token as string };
}

function memoryOf(server: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    server.once('message', (usage) => resolve(usage as NodeJS.MemoryUsage));
    server.send(MEMORY);
  });
}

function checkFileLimit(clients: number): void {
  let limits = '';
  try {
    limits = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return; // not Linux: the connections fail with EMFILE if the limit is too low
  }
  const match = /Max open files\s+(\d+)/.exec(limits);
  if (match && Number(match[1]) < clients + 256) {
    console.error(`The open-file limit (${match[1]}) is below ${clients + 256}: run \`ulimit -n 8192\` first.`);
    process.exit(1);
  }
}
