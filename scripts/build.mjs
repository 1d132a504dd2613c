// Builds what `npm start` runs: src/ -> dist/ (TypeScript to JavaScript, file by file, with
// esbuild: about a second, where tsc took 15 to 20), then the web apps (build-web.mjs: each
// skipped when its inputs did not change). Types are checked by `npm test` (scripts/check.mjs),
// not here: a start needs JavaScript, not a verdict on the types.
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

const say = (message) => process.stderr.write(`build: ${message}\n`);
let started = Date.now();
const files = filesUnder(src);
// A clean dist/: a file deleted from src/ must not live on in it.
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: files.filter((file) => file.endsWith('.ts')),
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
