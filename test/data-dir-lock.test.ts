/**
 * The embedded database's DATA_DIR lock after a crash: a holder that was killed but not yet
 * reaped by its parent (a zombie) is gone, and a server restarts on its data at once; a holder
 * that is really running still keeps the directory, with a message that names it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireDataDirLock } from '../src/platform/db/data-dir-lock.js';
import { freePort } from './helpers/free-port.js';
import { healthStatus, ROOT, start, stop, until } from './helpers/processes.js';

/**
 * Runs `command` in the background of a shell that then becomes `sleep`, which never reaps
 * children: when the background process dies it stays a zombie. Resolves with both processes.
 */
async function withNonReapingParent(command: string, env: Record<string, string> = {}) {
  const parent = start('bash', ['-c', `${command} & echo "pid $!"; exec sleep 300`], env);
  let output = '';
  const pid = await new Promise<number>((resolve, reject) => {
    parent.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /pid (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    parent.once('exit', () => reject(new Error(`the parent exited:\n${output}`)));
  });
  return { parent, pid, output: () => output };
}

const state = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

async function zombie(pid: number): Promise<void> {
  await until(`process ${pid} to be a zombie`, async () => (state(pid) === 'Z' ? true : undefined));
}

describe('DATA_DIR lock', () => {
  const parents: ChildProcess[] = [];
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-lock-'));
    dirs.push(dir);
    return dir;
  };

  after(async () => {
    await Promise.all(parents.map(stop));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('takes over from a holder that is a zombie', async () => {
    const dir = newDir();
    // Not `sleep 0`: a child that dies before the shell has become `sleep` is reaped by the shell
    // (under load this happened), and there is no zombie to find.
    const { parent, pid } = await withNonReapingParent('sleep 2');
    parents.push(parent);
    await zombie(pid);
    writeFileSync(path.join(dir, 'parley.pid'), String(pid));

    const release = await acquireDataDirLock(dir);
    assert.equal(readFileSync(path.join(dir, 'parley.pid'), 'utf8'), String(process.pid));
    release();
  });

  it('refuses, naming the holder, while the holder is running', async () => {
    const dir = newDir();
    const { parent } = await withNonReapingParent('true');
    parents.push(parent);
    writeFileSync(path.join(dir, 'parley.pid'), String(parent.pid));

    await assert.rejects(acquireDataDirLock(dir, 200), new RegExp(`DATA_DIR .* is in use by process ${parent.pid}\\.`));
    assert.equal(readFileSync(path.join(dir, 'parley.pid'), 'utf8'), String(parent.pid));
  });

  it('restarts a server on the data of one that was killed and is still a zombie', async () => {
    const dataDir = newDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const server = `${JSON.stringify(process.execPath)} --import tsx src/server.ts`;
    const crashed = await withNonReapingParent(server, env);
    parents.push(crashed.parent);
    await until('the first server', async () => ((await healthStatus(url)) === 200 ? true : undefined));
    const email = `zombie-${Date.now()}@example.com`;
    const signup = await fetch(`${url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a-long-password', firstname: 'Z', lastname: 'Ombie' }),
    });
    assert.equal(signup.status, 200, await signup.text());

    process.kill(crashed.pid, 'SIGKILL');
    await zombie(crashed.pid);
    assert.equal(readFileSync(path.join(dataDir, 'parley.pid'), 'utf8'), String(crashed.pid));

    const restarted = start(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], env);
    parents.push(restarted);
    let exited = false;
    restarted.once('exit', () => (exited = true));
    const outcome = await until('the restarted server', async () =>
      exited ? 'exited' : (await healthStatus(url)) === 200 ? 'up' : undefined,
    );
    assert.equal(outcome, 'up', 'the restarted server takes over the DATA_DIR');
    const signin = await fetch(`${url}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a-long-password' }),
    });
    assert.equal(signin.status, 200, 'the data written before the crash is there');
  });
});
