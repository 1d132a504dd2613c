#!/usr/bin/env node
// Runs the compiled CLI, building it first when needed (a fresh clone has no dist/).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'cli', 'parley.js'))) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
await import(path.join(root, 'dist', 'cli', 'parley.js'));
