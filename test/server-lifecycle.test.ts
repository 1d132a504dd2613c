/**
 * The real server as a child process: start, serve, stop gracefully on SIGTERM, restart on the
 * same data. On PGlite the data lives in a temporary DATA_DIR (locked to one process); on
 * PostgreSQL it lives in the test database and several processes may share it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './helpers/free-port.js';
import { serverDatabase, TEST_DB } from './helpers/test-app.js';
import { uniqueEmail } from './helpers/factories.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** PostgreSQL pass: the servers' database (see serverDatabase). */
let postgres: { url: string; drop(): Promise<void> } | undefined;
/** Upper bound for a child to come up or go down, so a broken server fails the test instead of hanging it. */
const PATIENCE_MS = 90_000;

interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The child's environment: only what it needs, never the test runner's database settings. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...(postgres && { DATABASE_URL: postgres.url }),
    ...env,
  };
}

function run(args: string[], env: Record<string, string>, script = 'src/server.ts'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}

async function finished(child: Child) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`process did not exit:\n${child.output()}`)), PATIENCE_MS);
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls /health until the server answers; fails if the process exits first. */
async function waitUntilUp(child: Child, base: string): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    if (exited) assert.fail(`server exited before answering:\n${child.output()}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`server did not answer:\n${child.output()}`);
}

async function http(base: string, method: string, url: string, options: { body?: unknown; auth?: string } = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.auth && { authorization: options.auth }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

describe(`server lifecycle (${TEST_DB})`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-lifecycle-'));
  const started: Child[] = [];
  let port: number;
  let base: string;
  let server: Child;
  const account = { email: uniqueEmail('lifecycle'), password: 'pwd-lifecycle', firstname: 'Life', lastname: 'Cycle' };
  let token: string;
  let projectId: string;

  const start = (env: Record<string, string> = {}, script?: string) => {
    const child = run([], { PORT: String(port), DATA_DIR: dataDir, ...env }, script);
    started.push(child);
    return child;
  };

  before(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    if (TEST_DB === 'postgres') postgres = await serverDatabase();
  });

  after(async () => {
    for (const child of started) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGKILL');
        await child.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  });

  it('starts and answers', async () => {
    server = start();
    await waitUntilUp(server, base);
    const root = await fetch(`${base}/`);
    assert.equal(root.status, 200);
    assert.match(await root.text(), /It's UP/);
    const health = await http(base, 'GET', '/health');
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.database.kind, TEST_DB);
    if (TEST_DB === 'pglite') assert.ok(existsSync(path.join(dataDir, 'parley.pid')));
  });

  it('keeps data created over HTTP', async () => {
    const signup = await http(base, 'POST', '/auth/signup', { body: account });
    assert.equal(signup.status, 200, signup.text);
    const signin = await http(base, 'POST', '/auth/signin', {
      body: { email: account.email, password: account.password },
    });
    assert.equal(signin.status, 200);
    token = signin.body.token;
    const project = await http(base, 'POST', '/projects', { body: { name: 'Survivor' }, auth: token });
    assert.equal(project.status, 200);
    projectId = project.body._id;
    const renamed = await http(base, 'PUT', `/projects/${projectId}`, { body: { name: 'Survivor 2' }, auth: token });
    assert.equal(renamed.status, 200);
  });

  it('refuses a second process on the same data, or shares it on PostgreSQL', async () => {
    const secondPort = await freePort();
    const second = start({ PORT: String(secondPort) });
    if (TEST_DB === 'pglite') {
      const { code } = await finished(second);
      assert.equal(code, 1);
      assert.match(second.output(), new RegExp(`DATA_DIR .* is in use by process ${server.process.pid}`));
      assert.match(second.output(), /DATABASE_URL/);
    } else {
      const secondBase = `http://127.0.0.1:${secondPort}`;
      await waitUntilUp(second, secondBase);
      const list = await http(secondBase, 'GET', '/projects', { auth: token });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((m: any) => m.id_project.name),
        ['Survivor 2'],
      );
      second.process.kill('SIGTERM');
      assert.equal((await finished(second)).code, 0);
    }
    // The first server is unaffected.
    const health = await http(base, 'GET', '/health');
    assert.equal(health.status, 200);
  });

  it('finishes an in-flight request and exits 0 on SIGTERM', async () => {
    const requestId = 'lifecycle-in-flight';
    const inFlight = fetch(`${base}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    // Signal once the server has the request in hand (it logs every incoming request).
    const deadline = Date.now() + PATIENCE_MS;
    while (!server.output().includes(requestId)) {
      assert.ok(Date.now() < deadline, `request never arrived:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    server.process.kill('SIGTERM');
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { success: boolean }).success, true);
    const { code, signal } = await finished(server);
    assert.equal(signal, null);
    assert.equal(code, 0, server.output());
    assert.match(server.output(), /shutting down/);
    if (TEST_DB === 'pglite') assert.equal(existsSync(path.join(dataDir, 'parley.pid')), false);
  });

  it('serves the same data after a restart, and accepts tokens issued before it', async () => {
    server = start();
    await waitUntilUp(server, base);
    const list = await http(base, 'GET', '/projects', { auth: token });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(
      list.body.map((m: any) => [m.id_project._id, m.id_project.name, m.role]),
      [[projectId, 'Survivor 2', 'owner']],
    );
    const departments = await http(base, 'GET', `/${projectId}/departments`);
    assert.deepEqual(
      departments.body.map((d: any) => d.name),
      ['Default Department'],
    );
    const signin = await http(base, 'POST', '/auth/signin', {
      body: { email: account.email, password: account.password },
    });
    assert.equal(signin.status, 200);
  });

  it('runs `parley migrate` against the same database', async () => {
    if (TEST_DB === 'pglite') {
      // The running server holds the DATA_DIR: migrate refuses rather than corrupting it.
      const blocked = run(['migrate'], { DATA_DIR: dataDir }, 'src/cli/parley.ts');
      assert.equal((await finished(blocked)).code, 1);
      assert.match(blocked.output(), /in use by process/);

      const fresh = mkdtempSync(path.join(tmpdir(), 'parley-migrate-'));
      try {
        const first = run(['migrate'], { DATA_DIR: fresh }, 'src/cli/parley.ts');
        assert.equal((await finished(first)).code, 0, first.output());
        assert.match(first.output(), /applied: 0001-accounts-and-teams/);
        const again = run(['migrate'], { DATA_DIR: fresh }, 'src/cli/parley.ts');
        assert.equal((await finished(again)).code, 0, again.output());
        assert.match(again.output(), /database is up to date/);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    } else {
      const migrate = run(['migrate'], {}, 'src/cli/parley.ts');
      assert.equal((await finished(migrate)).code, 0, migrate.output());
      assert.match(migrate.output(), /database is up to date/);
    }
  });

  it('stops again cleanly', async () => {
    server.process.kill('SIGTERM');
    const { code } = await finished(server);
    assert.equal(code, 0, server.output());
  });

  it('exits 1 listing every configuration problem', async () => {
    const child = run([], { PORT: 'abc', LOG_LEVEL: 'loud', BODY_LIMIT: '1', DATA_DIR: dataDir });
    const { code } = await finished(child);
    assert.equal(code, 1);
    const output = child.output();
    assert.match(output, /Invalid configuration/);
    assert.match(output, /PORT must be an integer .*"abc"/);
    assert.match(output, /LOG_LEVEL must be one of/);
    assert.match(output, /BODY_LIMIT must be an integer/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    const cli = run(['migrate'], { DATABASE_URL: 'mysql://nope', DATA_DIR: dataDir }, 'src/cli/parley.ts');
    assert.equal((await finished(cli)).code, 1);
    assert.match(cli.output(), /DATABASE_URL must use postgres: or postgresql:/);
  });

  it('starts from a path with spaces reached through a symlink', async () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'parley dir '));
    try {
      const link = path.join(outer, 'linked app');
      symlinkSync(ROOT, link, 'dir');
      const linkedPort = await freePort();
      const child = run([], { PORT: String(linkedPort), DATA_DIR: dataDir }, path.join(link, 'src', 'server.ts'));
      started.push(child);
      await waitUntilUp(child, `http://127.0.0.1:${linkedPort}`);
      child.process.kill('SIGTERM');
      assert.equal((await finished(child)).code, 0);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});
