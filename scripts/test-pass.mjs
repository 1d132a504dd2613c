// One pass of the suite, for scripts/test.mjs: what `node --test` does, except that the files run
// in the order given (`node --test` sorts them). scripts/test.mjs puts the slowest first, so the
// last minutes of a pass are not one long file running alone while the other cores wait.
// Run it with `--import tsx`: each test file's process is started with this process's flags.
//
//   node --import tsx scripts/test-pass.mjs <concurrency> <file>...
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const [concurrency, ...files] = process.argv.slice(2);

run({ files, concurrency: Number(concurrency) })
  .on('test:fail', (data) => {
    // As `node --test`: a failing test fails the run, a failing todo test does not.
    if (data.todo === undefined || data.todo === false) process.exitCode = 1;
  })
  .compose(new spec())
  .pipe(process.stdout);
