/**
 * Real processes for the multi-instance and fault tests: server instances (`src/server.ts`), a
 * private redis-server on a free port (so restarting it never disturbs other tests), and the
 * factories' HTTP interface over a real port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { TestApp } from './test-app.js';
import { freePort } from './free-port.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STARTUP_LIMIT_MS = 60_000;

const children = new Set<ChildProcess>();
// Last resort if the test process itself is torn down: no server or Redis outlives it.
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Starts a child process; its output is printed if it exits with an error. */
export function start(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code && code !== 0) console.error(`${command} exited with ${code ?? signal}:\n${output.join('').slice(-4000)}`);
  });
  children.add(child);
  return child;
}

/** A server instance (`src/server.ts`) with these settings on top of the test runner's environment. */
export function startServer(env: Record<string, string>): ChildProcess {
  return start(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], env);
}

/** A server instance listening on a port of its own, with the factories' HTTP interface to it. */
export interface Instance {
  url: string;
  api: TestApp;
  process: ChildProcess;
}

/** Starts `count` server instances with the same settings (one database, one Redis) and waits for them. */
export async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  const instances: Instance[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    instances.push({ url, api: remote(url), process: startServer({ HOST: '127.0.0.1', ...env, PORT: String(port) }) });
  }
  for (const { url } of instances) {
    await until(`server ${url}`, async () => ((await healthStatus(url)) === 200 ? true : undefined));
  }
  return instances;
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Retries `attempt` (errors count as "not yet") until it returns a value; fails after a generous bound. */
export async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The status of GET /health, undefined while the server does not answer. */
export async function healthStatus(url: string): Promise<number | undefined> {
  return (await fetch(`${url}/health`)).status;
}

/** A redis-server without persistence, unless `args` say otherwise (later options win). */
export function startRedis(port: number, args: string[] = []): ChildProcess {
  return start('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    ...args,
  ]);
}

export async function redisUp(port: number): Promise<void> {
  await until(`redis on ${port}`, async () => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? true : undefined;
    } finally {
      client.disconnect();
    }
  });
}

/** The subset of TestApp the HTTP factories use, over a real port. */
export function remote(baseUrl: string): TestApp {
  return {
    async http(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
      const response = await fetch(baseUrl + url, {
        method,
        headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      const body = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
      return { status: response.status, headers: Object.fromEntries(response.headers), body, text };
    },
  } as unknown as TestApp;
}
