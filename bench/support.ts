/** Small helpers shared by the benchmarks. */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort } from '../test/helpers/free-port.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) return NaN; // no values
  return sorted.length % 2 ? upper : round((sorted[middle - 1]! + upper) / 2);
}

/** The value below which `p` percent of `values` fall (nearest rank); NaN for no values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Median, min and max of repeated measures. */
export function spread(values: number[]) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export { freePort };

/** Resolves when a forked benchmark process sends its first message ('ready'); rejects if it exits first. */
export function readyOf(child: ChildProcess, name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
  });
}

/**
 * A fresh PostgreSQL database next to `PARLEY_BENCH_PG` and the built server on it: `entry` is
 * forked with `PARLEY_BENCH_ROLE=server` (it starts the server and sends 'ready'). `close()` stops
 * the server and drops the database (kept with `keepDatabase`, for EXPLAIN by hand).
 */
export async function startBenchServer(
  entry: string,
  options: { poolSize: number; execArgv?: string[]; keepDatabase?: boolean },
) {
  const adminUrl = process.env.PARLEY_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const port = await freePort();
  const server = fork(entry, [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env: {
      ...process.env,
      PARLEY_BENCH_ROLE: 'server',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-0123456789',
    },
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize });
  // pool.end() can resolve while a connection is still closing; the DROP ... WITH (FORCE) below
  // then terminates it, and without a listener that expected error would crash the benchmark.
  pool.on('error', () => {});
  const ready = readyOf(server, 'server');
  return {
    server,
    pool,
    base: `http://127.0.0.1:${port}`,
    ready,
    async close() {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await pool.end();
      if (options.keepDatabase) console.log(`kept database ${name}`);
      else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * The server side of a benchmark's child process: the compiled server, as `npm start` runs it
 * (its profiles keep their line numbers); tells the parent it is ready.
 */
export async function serveBuiltServer(): Promise<void> {
  const { startServer } = await import(pathToFileURL(path.join(root, 'dist/server.js')).href);
  await startServer();
  process.send?.('ready');
}
