// Builds the console (web/console/, Vite) into web/console/dist/, which Parley serves at /console/.
// Run by `npm start` (through build.mjs) and `npm test`, so a fresh clone needs no other step.
// Skipped when nothing it is built from changed since the last build: its sources, its config,
// the server's CSV writer it bundles and the installed packages (package-lock.json); the hash of
// all of them is kept beside the output.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = path.join(root, 'web/console');
const outDir = path.join(consoleDir, 'dist');
const stamp = path.join(outDir, '.inputs-hash');

function filesUnder(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

function inputsHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(consoleDir, 'src')),
    path.join(consoleDir, 'index.html'),
    path.join(consoleDir, 'vite.config.ts'),
    path.join(root, 'src/platform/http/csv.ts'),
    // A copy of the package without its lock file (npm pack leaves it out) hashes its manifest.
    existsSync(path.join(root, 'package-lock.json'))
      ? path.join(root, 'package-lock.json')
      : path.join(root, 'package.json'),
  ];
  for (const file of inputs)
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export async function buildConsole() {
  const hash = inputsHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(consoleDir, 'vite.config.ts') });
  writeFileSync(stamp, hash);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const built = await buildConsole();
  if (built) console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
