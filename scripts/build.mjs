// Builds what `npm start` runs: src/ -> dist/ (TypeScript to JavaScript with esbuild: one to two
// seconds, where tsc took 15 to 20), then the web apps (build-web.mjs: each skipped when its inputs
// did not change). Types are checked by `npm test` (scripts/check.mjs), not here: a start needs
// JavaScript, not a verdict on the types.
//
// The server is bundled (issue 16, the embedded server's cold start): its ~300 files and most of
// its dependencies' hundreds more, each resolved, read and compiled by Node one at a time, cost
// most of a start's second of module loading; a few large files load in a fraction of that.
// Entry points: dist/server.js (`npm start`) and dist/cli/parley.js (bin/parley.js). Code they
// share, and what is imported dynamically (the app, so that the database opens while it loads;
// the import command; the PostgreSQL driver's adapter), lands in chunks directly under dist/,
// which package-root.ts relies on. Modules stay shared between the two entry points (one
// ConfigError class, one config), as they were file by file.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWebApps } from './build-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

// Dependencies left in node_modules, loaded from there as before: those that read files beside
// themselves (PGlite's WebAssembly and data, swagger-ui's page and logo, @fastify/swagger's
// package.json, pdfkit's fonts, pino's worker threads), native code (argon2), those that
// swagger-ui loads from node_modules anyway (@fastify/static, and yaml through @fastify/swagger:
// bundled, they would be loaded twice), those loaded only when used (pg and pdfkit are imported
// dynamically, ioredis when a first Redis client is made: platform/redis.ts, pino-pretty only on a
// terminal), and nodemailer, left as it was (not measured bundled). Handlebars is bundled: its
// forty files took 36-38 ms to load from node_modules, 21-27 ms bundled.
const EXTERNAL = [
  '@electric-sql/pglite',
  '@node-rs/argon2',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@fastify/static',
  'pg',
  'pdfkit',
  'pino',
  'pino-pretty',
  'nodemailer',
  'ioredis',
];

const say = (message) => process.stderr.write(`build: ${message}\n`);
let started = Date.now();
const files = filesUnder(src);
// A clean dist/: a file deleted from src/ must not live on in it.
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [path.join(src, 'server.ts'), path.join(src, 'cli', 'parley.ts')],
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  external: EXTERNAL,
  // The CommonJS dependencies bundled (Fastify and its plugins, Ajv) call require() for Node's
  // own modules, which an ES module does not have.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  outdir: dist,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});
// What the sources read beside themselves (the stock widget labels).
for (const file of files.filter((file) => !file.endsWith('.ts'))) {
  cpSync(file, path.join(dist, path.relative(src, file)));
}
say(`server compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
started = Date.now();
const built = await buildWebApps();
if (built.length > 0) say(`${built.join(', ')} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
