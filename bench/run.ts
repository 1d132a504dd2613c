/** `npm run bench -- <name>` runs bench/<name>.bench.ts; without a name, lists them. */
import { readdirSync } from 'node:fs';

const name = process.argv[2];
const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join(' | ')}>`);
  process.exit(1);
}
await import(`./${name}.bench.ts`);
