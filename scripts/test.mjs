// Runs the whole suite twice: on embedded PGlite, then on PostgreSQL (a fresh database created
// for the run and dropped after). Files named *.pg.test.ts need a shared server database (several
// processes, Redis fan-out) and run in the PostgreSQL pass only. Files under test/unit/ test pure
// engines without any database, so a second pass would only repeat them: they run once, in the
// first pass that runs.
//
//   npm test                      everything (both passes)
//   npm test -- test/auth.test.ts only these files (both passes)
//   PARLEY_TEST_ONLY=pglite npm test   one pass (pglite | postgres)
//
// PostgreSQL comes from PARLEY_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
//
// The migrations run once per pass, not once per test app (test/helpers/db-template.ts): the
// PGlite pass loads a dumped migrated data directory (cached in the temporary directory, keyed by
// a hash of the migrations), the PostgreSQL pass clones a migrated template database.
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
const unit = (file) => path.relative(root, path.resolve(root, file)).startsWith(`test${path.sep}unit${path.sep}`);

/** Runs test/helpers/db-template.ts (builds the PGlite dump, or migrates a PostgreSQL database). */
function prepareTemplate(...args) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/db-template.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`could not prepare the ${args[0]} template database`);
}

function runPass(name, files, env) {
  if (files.length === 0) return true;
  console.log(`\n=== ${name}: ${files.length} test files ===\n`);
  const started = Date.now();
  if (env.PARLEY_TEST_DB === 'pglite' && !files.every(unit)) prepareTemplate('pglite');
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

/**
 * A migrated template database and a fresh database cloned from it for the run (tests clone the
 * template again for apps that need a database of their own); both dropped after.
 */
async function withFreshDatabase(work) {
  const dbName = `parley_test_${Date.now()}_${process.pid}`;
  const templateName = `${dbName}_template`;
  const urlOf = (name) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${templateName}`);
    prepareTemplate('postgres', urlOf(templateName));
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${templateName}`);
    return await work(urlOf(dbName), templateName);
  } finally {
    for (const name of [dbName, templateName]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => {
        console.error(`could not drop ${name}: ${error.message}`);
      });
    }
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
  const postgresFiles = only === 'postgres' ? files : files.filter((file) => !unit(file));
  if (postgresFiles.length > 0) {
    ok =
      (await withFreshDatabase((url, template) =>
        runPass('PostgreSQL', postgresFiles, {
          PARLEY_TEST_DB: 'postgres',
          PARLEY_TEST_DATABASE_URL: url,
          PARLEY_TEST_PG_TEMPLATE: template,
        }),
      )) && ok;
  }
}
process.exit(ok ? 0 : 1);
