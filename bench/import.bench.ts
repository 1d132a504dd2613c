/**
 * Import throughput on PostgreSQL: 100,000 messages over 100 requests through
 * POST /:pid/requests/:rid/messages/multi (1,000 per batch, 4 concurrent clients), against the
 * best raw techniques for the same rows (same columns and sizes, into other open conversations) into
 * the same `messages` table, with its indexes and triggers, at the same concurrency, in the same
 * round:
 *
 * - unnest: one `INSERT ... SELECT * FROM unnest($1::text[], ...)` per 1,000-row batch, one array
 *   per column (18 parameters whatever the batch size);
 * - COPY: one `COPY messages (...) FROM STDIN` per 1,000-row batch, text format (with `pg` alone:
 *   src/platform/db/copy-in.ts);
 * - HTTP + COPY (the floor of any HTTP import here): the API's batches, posted the same way to a
 *   bare Fastify route that COPYs them and answers them (import-floor.ts), without Parley's work.
 *
 * The four run in a different order each round, so none always gets the emptiest table. Then the
 * `parley import` CLI end to end on a generated file of the same size.
 *
 *   npm run bench -- import
 *   BENCH_ROUNDS=5 BENCH_CLI=0 PARLEY_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- import
 *   BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- import   (profile the server)
 *
 * A fresh database is created next to PARLEY_BENCH_PG and dropped afterwards. The server (built
 * into dist/ first) runs in a child process, so clients and server do not share an event loop.
 * Payloads are built before the clock starts, on every side (the unnest arrays are turned into
 * array literals by `pg` inside the clock, as any caller's would be); each import client reads
 * every answer in full.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { median, round, serveBuiltServer, spread, startBenchServer } from './support.js';
import { apiMessage, apiOf, type Tenant } from './api-client.js';
import { copyField } from '../src/platform/db/copy-in.js';
import { copyIn } from '../src/platform/db/copy-in-client.js';
import { startImportFloor } from './import-floor.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const PER_REQUEST = Number(process.env.BENCH_MESSAGES_PER_REQUEST ?? 1000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RUN_CLI = process.env.BENCH_CLI !== '0';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function runBench(): Promise<void> {
  const bench = await startBenchServer(fileURLToPath(import.meta.url), {
    poolSize: CONCURRENCY,
    // BENCH_SERVER_NODE_OPTIONS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
    execArgv: process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean),
  });
  const { server, pool } = bench;
  let floor: Awaited<ReturnType<typeof startImportFloor>> | undefined;
  try {
    await bench.ready;
    const api = apiOf(bench.base);
    const tenant = await api.tenant();
    const floorServer = await startImportFloor(pool.options.connectionString!, tenant.projectId, CONCURRENCY);
    floor = floorServer;
    console.log(JSON.stringify({ context: await contextOf(pool) }, null, 2));

    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const requestIds: string[] = [];
      for (let i = 0; i < REQUESTS; i++) requestIds.push(await api.createRequest(tenant, `round ${round} #${i}`));
      const batches = requestIds.flatMap((requestId, r) =>
        chunks(messagesOf(round, r), BATCH).map((messages) => ({ requestId, body: JSON.stringify(messages) })),
      );
      // The raw sides write into open conversations of their own (made through the API like the
      // API side's), so every side's rows go through the same triggers, the words of open
      // conversations' messages included (migration 0026).
      const rawRequestIds: Record<string, string[]> = { unnest: [], copy: [], floor: [] };
      for (const [technique, ids] of Object.entries(rawRequestIds)) {
        for (let i = 0; i < REQUESTS; i++) ids.push(await api.createRequest(tenant, `${technique} ${round} #${i}`));
      }
      const rawRowsOf = (technique: string) =>
        rawRequestIds[technique]!.flatMap((recipient, r) =>
          chunks(
            messagesOf(round, r).map((message) => rawRow(tenant, recipient, message)),
            BATCH,
          ),
        );
      const unnestBatches = rawRowsOf('unnest').map(toColumns);
      const copyBatches = rawRowsOf('copy').map(copyText);
      const floorBatches = rawRequestIds.floor!.flatMap((recipient, r) =>
        chunks(messagesOf(round, r), BATCH).map((messages) => ({ recipient, body: JSON.stringify(messages) })),
      );
      let floorCpu = { user: 0, system: 0 };
      let cpu = { user: 0, system: 0 };
      const sides = {
        api: async () => {
          const before = await cpuOf(server);
          const seconds = await timed(() =>
            inParallel(batches, (batch) => api.postBatch(tenant, batch.requestId, batch.body)),
          );
          const after = await cpuOf(server);
          cpu = { user: after.user - before.user, system: after.system - before.system };
          return seconds;
        },
        unnest: () => timed(() => inParallel(unnestBatches, (columns) => insertUnnest(pool, columns))),
        copy: () => timed(() => inParallel(copyBatches, (data) => copyFrom(pool, data))),
        floor: async () => {
          const before = await cpuOf(floorServer.child);
          const seconds = await timed(() =>
            inParallel(floorBatches, (batch) => floorServer.post(batch.recipient, batch.body)),
          );
          const after = await cpuOf(floorServer.child);
          floorCpu = { user: after.user - before.user, system: after.system - before.system };
          return seconds;
        },
      };
      const order = rotate(Object.keys(sides) as Array<keyof typeof sides>, round - 1);
      const seconds = { api: 0, unnest: 0, copy: 0, floor: 0 };
      const postgresMicros = { api: 0, unnest: 0, copy: 0, floor: 0 };
      const clientMicros = { api: 0, unnest: 0, copy: 0, floor: 0 };
      for (const side of order) {
        const before = await backendsCpu(pool);
        const clientBefore = process.cpuUsage();
        seconds[side] = await sides[side]();
        const client = process.cpuUsage(clientBefore);
        clientMicros[side] = client.user + client.system;
        postgresMicros[side] = cpuSince(before, await backendsCpu(pool));
      }
      const total = REQUESTS * PER_REQUEST;
      for (const recipients of [requestIds, rawRequestIds.unnest!, rawRequestIds.copy!, rawRequestIds.floor!]) {
        const stored = await countMessages(pool, tenant.projectId, recipients);
        if (stored !== total) throw new Error(`expected ${total} messages for ${recipients[0]}..., found ${stored}`);
      }
      const result = {
        round,
        order: order.join(' > '),
        apiPerSecond: Math.round(total / seconds.api),
        unnestPerSecond: Math.round(total / seconds.unnest),
        copyPerSecond: Math.round(total / seconds.copy),
        floorPerSecond: Math.round(total / seconds.floor),
        apiToUnnest: round2(seconds.unnest / seconds.api),
        apiToCopy: round2(seconds.copy / seconds.api),
        // How far HTTP itself (a bare route that COPYs) gets, and how far the API is from it.
        floorToCopy: round2(seconds.copy / seconds.floor),
        floorToUnnest: round2(seconds.unnest / seconds.floor),
        apiToFloor: round2(seconds.floor / seconds.api),
        serverCpuMicrosPerMessage: round2((cpu.user + cpu.system) / total),
        serverSystemMicrosPerMessage: round2(cpu.system / total),
        floorServerCpuMicrosPerMessage: round2((floorCpu.user + floorCpu.system) / total),
        // This process's CPU: the import clients (sending batches, reading answers) or the raw sides' pg.
        clientCpuMicrosPerMessage: {
          api: round2(clientMicros.api / total),
          unnest: round2(clientMicros.unnest / total),
          copy: round2(clientMicros.copy / total),
          floor: round2(clientMicros.floor / total),
        },
        // The database's backends (this database's only: not the WAL writer or checkpointer).
        postgresCpuMicrosPerMessage: {
          api: round2(postgresMicros.api / total),
          unnest: round2(postgresMicros.unnest / total),
          copy: round2(postgresMicros.copy / total),
          floor: round2(postgresMicros.floor / total),
        },
        // Everything a message cost on the machine's 2 cores: with the cores saturated, the
        // ratios of these totals bound the throughput ratios.
        totalCpuMicrosPerMessage: {
          api: round2((cpu.user + cpu.system + clientMicros.api + postgresMicros.api) / total),
          unnest: round2((clientMicros.unnest + postgresMicros.unnest) / total),
          copy: round2((clientMicros.copy + postgresMicros.copy) / total),
          floor: round2((floorCpu.user + floorCpu.system + clientMicros.floor + postgresMicros.floor) / total),
        },
        loadAverage: loadavg().map(round2),
      };
      console.log(JSON.stringify(result));
      rounds.push(result);
    }
    const toUnnest = rounds.map((r) => r.apiToUnnest);
    const toCopy = rounds.map((r) => r.apiToCopy);
    const summary = {
      messages: REQUESTS * PER_REQUEST,
      requests: REQUESTS,
      batch: BATCH,
      concurrency: CONCURRENCY,
      apiPerSecond: spread(rounds.map((r) => r.apiPerSecond)),
      unnestPerSecond: spread(rounds.map((r) => r.unnestPerSecond)),
      copyPerSecond: spread(rounds.map((r) => r.copyPerSecond)),
      floorPerSecond: spread(rounds.map((r) => r.floorPerSecond)),
      apiToUnnest: spread(toUnnest),
      apiToCopy: spread(toCopy),
      floorToUnnest: spread(rounds.map((r) => r.floorToUnnest)),
      floorToCopy: spread(rounds.map((r) => r.floorToCopy)),
      apiToFloor: spread(rounds.map((r) => r.apiToFloor)),
      serverCpuMicrosPerMessage: spread(rounds.map((r) => r.serverCpuMicrosPerMessage)),
      floorServerCpuMicrosPerMessage: spread(rounds.map((r) => r.floorServerCpuMicrosPerMessage)),
      clientCpuMicrosPerMessage: {
        api: spread(rounds.map((r) => r.clientCpuMicrosPerMessage.api)),
        unnest: spread(rounds.map((r) => r.clientCpuMicrosPerMessage.unnest)),
        copy: spread(rounds.map((r) => r.clientCpuMicrosPerMessage.copy)),
        floor: spread(rounds.map((r) => r.clientCpuMicrosPerMessage.floor)),
      },
      postgresCpuMicrosPerMessage: {
        api: spread(rounds.map((r) => r.postgresCpuMicrosPerMessage.api)),
        unnest: spread(rounds.map((r) => r.postgresCpuMicrosPerMessage.unnest)),
        copy: spread(rounds.map((r) => r.postgresCpuMicrosPerMessage.copy)),
        floor: spread(rounds.map((r) => r.postgresCpuMicrosPerMessage.floor)),
      },
      target: 'apiToUnnest >= 0.8 and apiToCopy >= 0.6 (medians)',
      met: median(toUnnest) >= 0.8 && median(toCopy) >= 0.6,
      ...(RUN_CLI && { cli: await benchCli(api, bench.base) }),
    };
    console.log(JSON.stringify({ summary }, null, 2));
  } finally {
    floor?.child.kill();
    await bench.close();
  }
}

function round2(value: number): number {
  return round(value, 2);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The PER_REQUEST messages of request number `r` in a round. */
function messagesOf(round: number, r: number) {
  return Array.from({ length: PER_REQUEST }, (_, i) => apiMessage(round, r, i));
}

/** The row the server would store for `message`, for the raw techniques (jsonb as JSON text). */
function rawRow(tenant: Tenant, recipient: string, message: ReturnType<typeof apiMessage>) {
  const at = new Date(message.attributes.clienttimestamp);
  return [
    randomBytes(12).toString('hex'),
    tenant.projectId,
    recipient,
    null,
    message.sender,
    message.senderFullname,
    'text',
    'group',
    message.text,
    null,
    '{"name":"chat21"}',
    0,
    JSON.stringify(message.attributes),
    null,
    message.attributes.client_message_id,
    message.sender,
    at,
    at,
  ];
}

const RAW_COLUMNS: Array<[name: string, type: string]> = [
  ['id', 'text'],
  ['project_id', 'text'],
  ['recipient', 'text'],
  ['recipient_fullname', 'text'],
  ['sender', 'text'],
  ['sender_fullname', 'text'],
  ['type', 'text'],
  ['channel_type', 'text'],
  ['text', 'text'],
  ['language', 'text'],
  ['channel', 'jsonb'],
  ['status', 'integer'],
  ['attributes', 'jsonb'],
  ['metadata', 'jsonb'],
  ['client_message_id', 'text'],
  ['created_by', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const COLUMN_LIST = RAW_COLUMNS.map(([name]) => name).join(', ');
const UNNEST_STATEMENT =
  `INSERT INTO messages (${COLUMN_LIST}) SELECT * FROM unnest(` +
  RAW_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ') +
  ')';
const COPY_STATEMENT = `COPY messages (${COLUMN_LIST}) FROM STDIN`;

/** Rows as COPY text-format lines (jsonb as JSON text, dates as ISO). */
function copyText(rows: unknown[][]): Buffer {
  const field = (value: unknown) =>
    copyField(value instanceof Date ? value.toISOString() : (value as string | number | null));
  return Buffer.from(rows.map((row) => row.map(field).join('\t') + '\n').join(''));
}

async function copyFrom(pool: pg.Pool, data: Buffer) {
  const client = await pool.connect();
  try {
    await copyIn(client, COPY_STATEMENT, data);
  } finally {
    client.release();
  }
}

/** Rows to one array per column, for unnest. */
function toColumns(rows: unknown[][]): unknown[][] {
  return RAW_COLUMNS.map((_, c) => rows.map((row) => row[c]));
}

function insertUnnest(pool: pg.Pool, columns: unknown[][]) {
  return pool.query(UNNEST_STATEMENT, columns);
}

function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * CPU time so far (µs) of each backend of the benchmark's database, from /proc (PostgreSQL runs on
 * this machine): while one side runs the others are idle, so the difference is that side's.
 */
async function backendsCpu(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields 14 and 15 (utime, stime, in clock ticks) follow the parenthesized command name.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS);
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks;
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let micros = 0;
  for (const [pid, now] of after) micros += now - (before.get(pid) ?? 0);
  return micros;
}

/** The server process's CPU time so far (user and system, microseconds). */
function cpuOf(server: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    server.once('message', (usage) => resolve(usage as NodeJS.CpuUsage));
    server.send('cpu');
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function countMessages(pool: pg.Pool, projectId: string, requestIds: string[]): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM messages WHERE project_id = $1 AND recipient = ANY($2::text[])',
    [projectId, requestIds],
  );
  return rows[0].n;
}

async function contextOf(pool: pg.Pool) {
  const setting = async (name: string) => (await pool.query(`SHOW ${name}`)).rows[0][name];
  const settings: Record<string, string> = {};
  for (const name of ['shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_wal_size', 'work_mem'])
    settings[name] = await setting(name);
  return {
    postgres: (await pool.query('SHOW server_version')).rows[0].server_version,
    settings,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverage: loadavg().map(round2),
  };
}

/** `parley import` on a generated file of REQUESTS conversations x PER_REQUEST messages. */
async function benchCli(api: ReturnType<typeof apiOf>, base: string) {
  const tenant = await api.tenant();
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-import-bench-'));
  const file = path.join(dir, 'conversations.jsonl');
  const lines = Array.from({ length: REQUESTS }, (_, r) => {
    const messages = Array.from({ length: PER_REQUEST }, (_, i) => {
      const m = apiMessage(9, r, i);
      const sender = i % 2 === 0 ? `customer-${r}` : m.sender;
      return { id: m.attributes.client_message_id, sender, text: m.text, timestamp: m.attributes.clienttimestamp };
    });
    return JSON.stringify({
      id: `conv-${r}`,
      requester: { id: `customer-${r}`, firstname: `Customer ${r}` },
      messages,
    });
  });
  writeFileSync(file, lines.join('\n') + '\n');
  const args = ['--import', 'tsx', path.join(root, 'src/cli/parley.ts'), 'import', file];
  args.push('--url', base, '--project', tenant.projectId, '--email', tenant.email, '--password', tenant.password);
  args.push('--batch', String(BATCH), '--concurrency', String(CONCURRENCY));
  try {
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.stderr.on('data', () => {});
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`parley import exited ${code}`))));
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      messages: REQUESTS * PER_REQUEST,
      seconds: round2(seconds),
      messagesPerSecond: Math.round((REQUESTS * PER_REQUEST) / seconds),
      output: output.trim().split('\n')[0],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Last: the helpers above must be initialized before the top-level await runs them.
if (process.env.PARLEY_BENCH_ROLE === 'server') {
  process.on('message', () => process.send?.(process.cpuUsage()));
  await serveBuiltServer();
} else {
  await runBench();
}
