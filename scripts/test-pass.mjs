// One pass of the suite, for scripts/test.mjs: what `node --test` does, with two differences.
// - The groups run in the order given (`node --test` sorts its files): scripts/test.mjs puts the
//   slowest first, so the end of a pass is not one long file running alone.
// - A group of several files runs in one process (an entry file that imports them), one file
//   after the other. Starting a process, loading the code through tsx and warming up the JIT cost
//   about as much as a short test file's tests themselves; a group pays that once.
// Run it with `--import tsx`: each process is started with this process's flags.
//
//   node --import tsx scripts/test-pass.mjs <concurrency> '<JSON array of arrays of files>'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { pathToFileURL } from 'node:url';

const [concurrency, groups] = process.argv.slice(2);

const entries = mkdtempSync(path.join(tmpdir(), 'parley-test-'));
process.on('exit', () => rmSync(entries, { recursive: true, force: true }));

/** A file alone runs as itself; a group, through an entry file named after its files. */
const files = JSON.parse(groups).map((group) => {
  if (group.length === 1) return group[0];
  const entry = path.join(entries, `${group.map((file) => path.basename(file, '.test.ts')).join('+')}.mjs`);
  writeFileSync(
    entry,
    group.map((file) => `import ${JSON.stringify(pathToFileURL(path.resolve(file)).href)};\n`).join(''),
  );
  return entry;
});

// A process that hangs (a test waiting for something that never comes) fails, naming its files,
// instead of holding the pass until CI's own limit.
const FILE_TIMEOUT_MS = 10 * 60_000;

run({ files, concurrency: Number(concurrency), timeout: FILE_TIMEOUT_MS })
  .on('test:fail', (data) => {
    // As `node --test`: a failing test fails the run, a failing todo test does not.
    if (data.todo === undefined || data.todo === false) process.exitCode = 1;
  })
  .compose(new spec())
  .pipe(process.stdout);
