#!/usr/bin/env node
// Runs the compiled CLI, building it first when dist/ is missing, or older than src/ in a
// checkout that has the compiler (an installed package ships dist/ and has none).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'cli', 'parley.js');
// Written after each build, which dist/'s own file dates cannot tell apart from an older one.
const stamp = path.join(root, 'dist', '.built');

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function hasCompiler() {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

const stale = () =>
  existsSync(path.join(root, 'src')) &&
  hasCompiler() &&
  (!existsSync(stamp) || newestMtime(path.join(root, 'src')) > statSync(stamp).mtimeMs);

if (!existsSync(entry) || stale()) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 2, 2] });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
await import(pathToFileURL(entry).href);
