/**
 * A server process survives what production does to its PostgreSQL connections: backends
 * terminated (idle, and under write traffic), the database unreachable for a while (connections
 * dropped and refused, or a silent network partition). It stays up, answers 503 on /health
 * while the database cannot be reached and 200 after, reconnects by itself, and every write it
 * acknowledged is in the database.
 *
 * The server has a database of its own (so terminating "all its backends" touches no other
 * test) and reaches it through a small TCP proxy in this file, which the test cuts and restores:
 * the shared PostgreSQL server itself is never stopped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { freePort } from './helpers/free-port.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { remote, startServer, stop } from './helpers/processes.js';
import type { TestApp } from './helpers/test-app.js';

const PATIENCE_MS = 60_000;
const APPLICATION_NAME = 'parley-faults-server';

/** A TCP proxy to PostgreSQL that can drop its connections, hold them silently, or pass them on. */
class PgProxy {
  private mode: 'open' | 'refusing' | 'silent' = 'open';
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: [net.Socket, Buffer][] }>();
  private readonly server: net.Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  private accept(client: net.Socket): void {
    if (this.mode === 'refusing') return void client.destroy();
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = { client, upstream, held: [] as [net.Socket, Buffer][] };
    this.pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on('data', (data: Buffer) => (this.mode === 'silent' ? pair.held.push([to, data]) : to.write(data)));
      from.on('error', drop).on('close', drop);
    }
  }

  /** The database restarts or a proxy drops everything: connections close, new ones are refused. */
  cut(): void {
    this.mode = 'refusing';
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** A network partition: nothing gets through, nothing is closed. */
  partition(): void {
    this.mode = 'silent';
  }

  restore(): void {
    this.mode = 'open';
    for (const pair of this.pairs) for (const [to, data] of pair.held.splice(0)) to.write(data);
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('database faults (a server process on PostgreSQL)', () => {
  const testUrl = process.env.PARLEY_TEST_DATABASE_URL;
  const dbName = `parley_faults_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  /** Connected straight to the server's database, not through the proxy. */
  let direct: pg.Client;
  let proxy: PgProxy;
  let server: ChildProcess;
  let output = '';
  let url: string;
  let api: TestApp;
  let tenant: Tenant;
  let requestId: string;

  /** Polls `check` until it holds; fails at once if the server process has exited. */
  async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      assert.equal(server.exitCode, null, `the server exited while waiting for ${what}:\n${output.slice(-3000)}`);
      assert.equal(server.signalCode, null, `the server was killed while waiting for ${what}`);
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function health(): Promise<{ status: number; body: any }> {
    const response = await fetch(`${url}/health`);
    assert.match(response.headers.get('content-type') ?? '', /json/);
    return { status: response.status, body: await response.json() };
  }

  const healthIs = (status: number) => waitFor(`/health ${status}`, async () => (await health()).status === status);

  /** Terminates every backend of the server; resolves with how many there were. */
  async function terminateBackends(): Promise<number> {
    const { rows } = await admin.query<{ count: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity
       WHERE datname = $1 AND application_name = $2`,
      [dbName, APPLICATION_NAME],
    );
    return rows[0].count;
  }

  async function post(text: string): Promise<{ status: number; id?: string }> {
    const response = await api.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text },
    });
    return { status: response.status, id: response.status === 200 ? response.body._id : undefined };
  }

  async function storedTexts(): Promise<Set<string>> {
    const { rows } = await direct.query<{ text: string }>(
      'SELECT text FROM messages WHERE project_id = $1 AND recipient = $2',
      [tenant.projectId, requestId],
    );
    return new Set(rows.map((row) => row.text));
  }

  before(async () => {
    assert.ok(testUrl, 'PARLEY_TEST_DATABASE_URL must be set (run with scripts/test.mjs)');
    admin = new pg.Client({ connectionString: testUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const target = new URL(testUrl);
    const ownUrl = new URL(testUrl);
    ownUrl.pathname = `/${dbName}`;
    direct = new pg.Client({ connectionString: ownUrl.toString() });
    await direct.connect();

    proxy = new PgProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxyPort = await freePort();
    await proxy.listen(proxyPort);
    const proxied = new URL(ownUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxyPort);
    proxied.searchParams.set('application_name', APPLICATION_NAME);

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = remote(url);
    server = startServer({
      DATABASE_URL: proxied.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      JWT_SECRET: `database-faults-${randomUUID()}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor('the server to start', async () => (await fetch(`${url}/health`)).status === 200);

    tenant = await newTenant(api);
    requestId = newRequestId(tenant.projectId);
    assert.equal((await post('first')).status, 200);
  });

  after(async () => {
    await stop(server);
    await proxy?.close();
    await direct?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.end();
  });

  it('stays up when its idle connections are terminated', async () => {
    assert.ok((await terminateBackends()) > 0, 'the server holds idle connections');
    await healthIs(200);
    const written = await post('after idle termination');
    assert.equal(written.status, 200);
    assert.ok((await storedTexts()).has('after idle termination'));
  });

  it('keeps every acknowledged write when its connections are terminated under traffic', async () => {
    const acknowledged: string[] = [];
    let failed = 0;
    let writing = true;
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let index = 0; writing; index++) {
        const text = `write ${writer}.${index}`;
        const result = await post(text).catch(() => ({ status: 0 }));
        if (result.status === 200) acknowledged.push(text);
        else failed++;
      }
    });
    try {
      for (let round = 0; round < 3; round++) {
        const before = acknowledged.length;
        await waitFor('writes to go through', async () => acknowledged.length >= before + 20);
        await terminateBackends();
      }
      const before = acknowledged.length;
      await waitFor('writes to go through after the last termination', async () => acknowledged.length >= before + 20);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    await healthIs(200);
    const stored = await storedTexts();
    assert.deepEqual(
      acknowledged.filter((text) => !stored.has(text)),
      [],
      `acknowledged writes missing (${acknowledged.length} acknowledged, ${failed} refused)`,
    );
    assert.equal((await post('after termination under traffic')).status, 200);
  });

  it('answers 503 while the database is unreachable and recovers without a restart', async () => {
    const pid = server.pid;
    proxy.cut();
    await healthIs(503);
    const { body } = await health();
    assert.equal(body.status, 'degraded');
    assert.equal(body.database.ok, false);
    // A call that needs the database is told to come back, not that the server broke.
    const during = await api.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'during the cut' },
    });
    assert.equal(during.status, 503, during.text);
    assert.equal(during.body.success, false);
    assert.equal(during.headers['retry-after'], '5');

    proxy.restore();
    await healthIs(200);
    assert.equal((await post('after the cut')).status, 200);
    assert.ok((await storedTexts()).has('after the cut'));
    assert.equal(server.pid, pid);
  });

  it('answers 503 during a silent network partition instead of hanging, and recovers', async () => {
    proxy.partition();
    await healthIs(503);
    proxy.restore();
    await healthIs(200);
    assert.equal((await post('after the partition')).status, 200);
    assert.ok((await storedTexts()).has('after the partition'));
  });
});
