// Builds the web apps with Vite, each into its own dist/, which Parley serves:
//   web/console/          -> web/console/dist/          at /console/   (the agents' console)
//   web/widget/launcher/  -> web/widget/launcher/dist/  at /widget.js  (the embed script)
//   web/widget/           -> web/widget/dist/           at /widget/    (the visitor chat it frames)
// Run by `npm start` (through build.mjs) and `npm test`, so a fresh clone needs no other step.
// An app is skipped when nothing it is built from changed since its last build: its folder (less
// its output), what it bundles from elsewhere and the installed packages (package-lock.json);
// the hash of all of them is kept beside its output.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each app: its folder, its output, and the files (or folders) outside it that it bundles. */
const APPS = [
  { name: 'console', dir: 'web/console', outDir: 'web/console/dist', also: ['src/platform/http/csv.ts', 'web/shared'] },
  {
    name: 'launcher',
    dir: 'web/widget/launcher',
    outDir: 'web/widget/launcher/dist',
    also: ['web/widget/src/embed-protocol.ts'],
  },
  {
    name: 'widget',
    dir: 'web/widget',
    outDir: 'web/widget/dist',
    skip: ['launcher'],
    also: ['web/shared'],
  },
];

function filesUnder(dir, skip = []) {
  return readdirSync(dir)
    .sort()
    .filter((name) => !skip.includes(name) && name !== 'dist' && name !== 'node_modules')
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

function inputsHash(app) {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(root, app.dir), app.skip),
    ...app.also.flatMap((file) => {
      const full = path.join(root, file);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    }),
    // A copy of the package without its lock file (npm pack leaves it out) hashes its manifest.
    existsSync(path.join(root, 'package-lock.json'))
      ? path.join(root, 'package-lock.json')
      : path.join(root, 'package.json'),
  ];
  for (const file of inputs)
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Builds the apps whose inputs changed; answers the names of those it built. */
export async function buildWebApps() {
  const built = [];
  for (const app of APPS) {
    const stamp = path.join(root, app.outDir, '.inputs-hash');
    const hash = inputsHash(app);
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
    const { build } = await import('vite');
    await build({ configFile: path.join(root, app.dir, 'vite.config.ts') });
    writeFileSync(stamp, hash);
    built.push(app.name);
  }
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const built = await buildWebApps();
  if (built.length > 0) console.log(`built ${built.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
