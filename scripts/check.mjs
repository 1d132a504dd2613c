// The checks `npm test` runs before the suite - type check, ESLint, knip - at the same time: tsc
// and ESLint each build a TypeScript program on one core, so together they take little longer than
// ESLint alone. Each one's output is printed whole, in this order; any failure fails the check.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Two type checks: src/, bench/ and scripts/ with noUncheckedIndexedAccess, test/ without it.
const checks = [
  ['tsc', '-p', 'tsconfig.check.json'],
  ['tsc', '-p', 'tsconfig.check-tests.json'],
  ['eslint', '.'],
  ['knip'],
];

const results = await Promise.all(
  checks.map(
    ([command, ...args]) =>
      new Promise((resolve) => {
        // What an npm script would run: the package's command in node_modules/.bin.
        const child = spawn(path.join(root, 'node_modules/.bin', command), args, {
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
