// The checks `npm test` runs before the suite - type checks, ESLint, knip, the console's generated
// API types - at the same time: tsc and ESLint each build a TypeScript program on one core, so
// together they take little longer than ESLint alone. Each one's output is printed whole, in this
// order; any failure fails the check.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Four type checks: src/, bench/ and scripts/ with noUncheckedIndexedAccess, test/ without it,
// the console and the widget (browser code). Then the console's API types against a fresh generation from the
// server's routes (scripts/generate-api-client.mjs), so the console and the API cannot drift.
const checks = [
  ['tsc', '-p', 'tsconfig.check.json'],
  ['tsc', '-p', 'tsconfig.check-tests.json'],
  ['tsc', '-p', 'web/console/tsconfig.json'],
  ['tsc', '-p', 'web/widget/tsconfig.json'],
  ['eslint', '.'],
  ['knip'],
  ['node', 'scripts/generate-api-client.mjs', '--check'],
];

const results = await Promise.all(
  checks.map(
    ([command, ...args]) =>
      new Promise((resolve) => {
        // What an npm script would run: the package's command in node_modules/.bin (node: this one).
        const executable = command === 'node' ? process.execPath : path.join(root, 'node_modules/.bin', command);
        const child = spawn(executable, args, {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.once('close', (code) => resolve({ name: [command, ...args].join(' '), code, output }));
      }),
  ),
);
for (const { name, code, output } of results) {
  process.stdout.write(`> ${name}${code === 0 ? '' : `: FAILED (exit ${code})`}\n${output}`);
}
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
