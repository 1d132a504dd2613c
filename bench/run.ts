/** `npm run bench` runs every bench/<name>.bench.ts, one after the other; `npm run bench -- <name>` one. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();
if (name && !available.includes(name)) {
  console.error(`usage: npm run bench [-- <${available.join(' | ')}>]`);
  process.exit(1);
}
// Each benchmark in its own process: none inherits another's heap, sockets or JIT state.
let failed = false;
for (const bench of name ? [name] : available) {
  console.log(`\n## ${bench}`);
  const file = fileURLToPath(new URL(`./${bench}.bench.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${bench}: exited with ${result.status ?? result.signal}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
