// Runs the whole suite twice: on embedded PGlite and on PostgreSQL (a fresh database created for
// the run and dropped after). Files named *.pg.test.ts need a shared server database (several
// processes, Redis fan-out) and run in the PostgreSQL pass only. Files under test/unit/ test pure
// engines without any database, so a second pass would only repeat them: they run once, in the
// PGlite pass (in the PostgreSQL pass when it is the only one). The browser tests
// (test/web-*.test.ts: pages in headless Chromium) run once too, in the PostgreSQL pass: what
// they add is the pages, which do not know which database is behind the API (its behaviour on
// both is what the API tests check), and a browser flow costs ten times a route's test.
//
//   npm test                      everything (both passes)
//   npm test -- test/auth.test.ts only these files (both passes)
//   PARLEY_TEST_ONLY=pglite npm test   one pass (pglite | postgres)
//   PARLEY_TEST_CONCURRENCY=1 ...      processes running test files at once in each pass (default 2)
//   PARLEY_TEST_FILES_PER_PROCESS=1 ...  every file in a process of its own (default: up to 10
//                                        files share a process, see groups() and test-pass.mjs)
//
// PostgreSQL comes from PARLEY_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
//
// The migrations run once per pass, not once per test app (test/helpers/db-template.ts): the
// PGlite pass loads a dumped migrated data directory (cached in the temporary directory, keyed by
// a hash of the migrations), the PostgreSQL pass clones a migrated template database.
//
// The two passes run at the same time: much of a test file's time is spent waiting (for a child
// process to start, a job to be retried, a browser), so one pass alone leaves the cores idle for
// part of its time. The first pass to start prints as it goes; the other's output is held and
// printed whole after it, so the two never interleave.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminUrl = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.env.PARLEY_TEST_ONLY;
const concurrency = process.env.PARLEY_TEST_CONCURRENCY ?? '2';
const filesPerProcess = Math.max(1, Number(process.env.PARLEY_TEST_FILES_PER_PROCESS ?? 10) || 1);

/**
 * Roughly how many seconds a file's tests take (PGlite, a quiet machine), for the files that take
 * longest; any other file takes about DEFAULT_SECONDS. Only for grouping and ordering: a file
 * missing here or a name that no longer exists changes how long the suite takes, never what it
 * runs.
 */
const SECONDS = {
  'test/import-command.test.ts': 52,
  'test/server-lifecycle.test.ts': 45,
  'test/liberal-input.test.ts': 30,
  'test/requests-routing.test.ts': 19,
  'test/realtime.test.ts': 17,
  'test/web-live.test.ts': 25,
  'test/web-console.test.ts': 12,
  'test/web-console-inbox.test.ts': 35,
  'test/web-console-conversation.test.ts': 35,
  'test/web-console-contacts.test.ts': 35,
  'test/web-console-admin.test.ts': 30,
  'test/web-console-bots.test.ts': 30,
  'test/web-widget.test.ts': 30,
  'test/web-widget-forms.test.ts': 30,
  'test/web-widget-embed.test.ts': 15,
  'test/web-console-seed.test.ts': 20,
  'test/web-embed.test.ts': 10,
  'test/web-embed-api.test.ts': 15,
  'test/requests.test.ts': 15,
  'test/realtime-frames-lost.pg.test.ts': 15,
  'test/token-binding.test.ts': 13,
  'test/import-ids.test.ts': 12,
  'test/data-dir-lock.test.ts': 12,
  'test/fuzz.test.ts': 12,
  'test/database-faults.pg.test.ts': 12,
  'test/sign-in-throttle.test.ts': 11,
  'test/rate-limits.test.ts': 11,
  'test/webhooks-multi-instance.pg.test.ts': 10,
  'test/bot-engine-external.test.ts': 9,
  'test/webhook-delivery.test.ts': 8,
  'test/tenant-isolation.test.ts': 8,
  'test/migrations.test.ts': 8,
  'test/seed-003-bots.test.ts': 8,
  'test/realtime-redis-outage.pg.test.ts': 8,
};
const DEFAULT_SECONDS = 4;
/** About how much work one process gets (see groups()). */
const PROCESS_SECONDS = 40;

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

const seconds = (file) => SECONDS[file.split(path.sep).join('/')] ?? DEFAULT_SECONDS;

/**
 * The processes of a pass, each a list of files run one after the other: files packed, longest
 * first, into processes of about PROCESS_SECONDS (at most filesPerProcess files), and the
 * processes ordered longest first, so that the end of a pass is short processes filling the
 * cores rather than one long process running alone.
 */
function groups(files) {
  const processes = [];
  for (const file of [...files].sort((a, b) => seconds(b) - seconds(a))) {
    const fits = processes.find(
      (p) => p.files.length < filesPerProcess && p.seconds + seconds(file) <= PROCESS_SECONDS,
    );
    if (fits) {
      fits.files.push(file);
      fits.seconds += seconds(file);
    } else {
      processes.push({ files: [file], seconds: seconds(file) });
    }
  }
  return processes.sort((a, b) => b.seconds - a.seconds).map((p) => p.files);
}

/** Runs a node command in the project; resolves with its exit code. Output goes to `out`, or to ours. */
function node(args, { env = {}, out } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out ? 'pipe' : 'inherit', out ? 'pipe' : 'inherit'],
  });
  child.stdout?.on('data', out);
  child.stderr?.on('data', out);
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

/** Runs test/helpers/db-template.ts (builds the PGlite dump, or migrates a PostgreSQL database). */
async function prepareTemplate(...args) {
  const code = await node(['--import', 'tsx', 'test/helpers/db-template.ts', ...args], { out: () => {} });
  if (code !== 0) throw new Error(`could not prepare the ${args[0]} template database`);
}

/**
 * Output of the passes: the first one to write owns the terminal; another's output is held until
 * the terminal is free, then printed whole.
 */
const terminal = {
  owner: undefined,
  held: new Map(),
  writer(name) {
    this.held.set(name, []);
    return (chunk) => {
      this.owner ??= name;
      if (this.owner === name) process.stdout.write(chunk);
      else this.held.get(name).push(chunk);
    };
  },
  done(name) {
    if (this.owner !== name && this.owner !== undefined) return;
    this.owner = undefined;
    this.held.delete(name);
    const [next] = this.held.keys();
    if (next === undefined) return;
    this.owner = next;
    for (const chunk of this.held.get(next)) process.stdout.write(chunk);
    this.held.get(next).length = 0;
  },
};

async function runPass(name, files, env, prepare) {
  if (files.length === 0) return true;
  const write = terminal.writer(name);
  const started = Date.now();
  let code;
  try {
    await prepare();
    write(`\n=== ${name}: ${files.length} test files ===\n\n`);
    code = await node(['--import', 'tsx', 'scripts/test-pass.mjs', concurrency, JSON.stringify(groups(files))], {
      env,
      out: write,
    });
  } catch (error) {
    write(`${error.message}\n`);
  }
  write(`=== ${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ===\n`);
  terminal.done(name);
  return code === 0;
}

/**
 * A migrated template database and a fresh database cloned from it for the run (each test app
 * clones the template again into a database of its own, test/helpers/test-app.ts); all dropped
 * after, with any clone a crashed test process left behind.
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
    const ready = (async () => {
      await admin.query(`CREATE DATABASE ${templateName}`);
      await prepareTemplate('postgres', urlOf(templateName));
      await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${templateName}`);
    })();
    return await work(urlOf(dbName), templateName, ready);
  } finally {
    const { rows: clones } = await admin
      .query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`${dbName}_`])
      .catch(() => ({ rows: [] }));
    const names = [dbName, ...clones.map((row) => row.datname).filter((name) => name !== templateName), templateName];
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => {
        console.error(`could not drop ${name}: ${error.message}`);
      });
    }
    await admin.end();
  }
}

const unit = (file) => path.relative(root, path.resolve(root, file)).startsWith(`test${path.sep}unit${path.sep}`);
const browser = (file) => /^web-.*\.test\.ts$/.test(path.basename(file));
const pgliteFiles =
  only === 'postgres' ? [] : files.filter((file) => !sharedDbOnly(file) && (only === 'pglite' || !browser(file)));
const postgresFiles = only === 'pglite' ? [] : files.filter((file) => only === 'postgres' || !unit(file));

const passes = [];
if (pgliteFiles.length > 0) {
  passes.push(
    runPass('PGlite', pgliteFiles, { PARLEY_TEST_DB: 'pglite' }, () =>
      pgliteFiles.every(unit) ? Promise.resolve() : prepareTemplate('pglite'),
    ),
  );
}
if (postgresFiles.length > 0) {
  passes.push(
    withFreshDatabase((url, template, ready) =>
      runPass(
        'PostgreSQL',
        postgresFiles,
        { PARLEY_TEST_DB: 'postgres', PARLEY_TEST_DATABASE_URL: url, PARLEY_TEST_PG_TEMPLATE: template },
        () => ready,
      ),
    ),
  );
}
const results = await Promise.all(passes);
process.exit(results.every(Boolean) ? 0 : 1);
