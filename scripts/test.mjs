// Runs the whole suite twice: on embedded PGlite, then on PostgreSQL (a fresh database created
// for the run and dropped after). Files named *.pg.test.ts need a shared server database (several
// processes, Redis fan-out) and run in the PostgreSQL pass only.
//
//   npm test                      everything (both passes)
//   npm test -- test/auth.test.ts only these files (both passes)
//   PARLEY_TEST_ONLY=pglite npm test   one pass (pglite | postgres)
//
// PostgreSQL comes from PARLEY_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminUrl = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.env.PARLEY_TEST_ONLY;
const concurrency = process.env.PARLEY_TEST_CONCURRENCY ?? '2';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'helpers' || name === 'fixtures' ? [] : findTests(full);
    return name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

const requested = process.argv.slice(2);
const files = (requested.length ? requested : findTests(path.join(root, 'test'))).sort();
const sharedDbOnly = (file) => file.endsWith('.pg.test.ts');

function runPass(name, files, env) {
  if (files.length === 0) return true;
  console.log(`\n=== ${name}: ${files.length} test files ===\n`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  console.log(
    `=== ${name}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ===`,
  );
  return result.status === 0;
}

async function withFreshDatabase(work) {
  const dbName = `parley_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((error) => {
      console.error(`could not drop ${dbName}: ${error.message}`);
    });
    await admin.end();
  }
}

let ok = true;
if (only !== 'postgres') {
  ok =
    runPass(
      'PGlite',
      files.filter((file) => !sharedDbOnly(file)),
      { PARLEY_TEST_DB: 'pglite' },
    ) && ok;
}
if (only !== 'pglite') {
  ok =
    (await withFreshDatabase((url) =>
      runPass('PostgreSQL', files, { PARLEY_TEST_DB: 'postgres', PARLEY_TEST_DATABASE_URL: url }),
    )) && ok;
}
process.exit(ok ? 0 : 1);
