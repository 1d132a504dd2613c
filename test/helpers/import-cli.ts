/**
 * Running `parley import` as a real child process against a test app listening on a real port,
 * and writing import files (see docs/import.md for the format).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tenant } from './factories.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Starts `node --import tsx src/cli/parley.ts import <args>` (or any command line). */
export function startCli(args: string[], options: { command?: string[]; cwd?: string } = {}): CliRun {
  const command = options.command ?? [process.execPath, '--import', 'tsx', path.join(root, 'src/cli/parley.ts')];
  const child = spawn(command[0], [...command.slice(1), 'import', ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, PARLEY_URL: '', PARLEY_PROJECT: '', PARLEY_TOKEN: '', PARLEY_IMPORT_ID_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(args: string[], options: { command?: string[]; cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The options that point the CLI at a tenant's project on `baseUrl`, as its owner. */
export function target(baseUrl: string, tenant: Tenant): string[] {
  return [
    '--url',
    baseUrl,
    '--project',
    tenant.projectId,
    '--email',
    tenant.owner.email,
    '--password',
    tenant.owner.password,
  ];
}

export function tempDir(): { dir: string; file(name: string, lines: string[]): string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-import-test-'));
  return {
    dir,
    file(name, lines) {
      const file = path.join(dir, name);
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The secret a journal's request ids are derived from (see requestIdFor). */
export function journalKey(file: string): string {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.includes('"idKey"')) return JSON.parse(line).idKey;
  }
  throw new Error(`no id key in ${file}`);
}

/** The conversations the journal records as done. */
export function doneInJournal(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"done"'))
    .map((line) => JSON.parse(line).done);
}

const T0 = Date.UTC(2022, 9, 12, 14, 0, 0);

/**
 * `count` conversations of `perConversation` messages, alternating customer and agent, one minute
 * apart; customer `c<i % customers>` asks; every third conversation is closed.
 */
export function generateConversations(prefix: string, count: number, perConversation: number, customers = count) {
  return Array.from({ length: count }, (_, c) => ({
    id: `${prefix}-${c}`,
    requester: { id: `c${c % customers}`, firstname: `Customer`, lastname: `${c % customers}` },
    ...(c % 3 === 0 && { closed: true }),
    messages: Array.from({ length: perConversation }, (_, m) => ({
      id: `${prefix}-${c}-${m}`,
      sender: m % 2 === 0 ? `c${c % customers}` : 'agent-anna',
      ...(m % 2 === 1 && { senderFullname: 'Anna' }),
      text: `message ${m} of ${prefix}-${c}`,
      timestamp: T0 + c * 86_400_000 + m * 60_000,
    })),
  }));
}

export const lines = (conversations: object[]) => conversations.map((c) => JSON.stringify(c));

/** Polls `check` every 20 ms until it holds (for watching a child's journal). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
