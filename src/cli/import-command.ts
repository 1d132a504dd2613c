/**
 * `parley import <file>`: imports conversation history from a JSON Lines file into a running
 * Parley server (see docs/import.md for the format and examples).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatDuration } from './import/progress.js';
import { runImport, type ImportSummary } from './import/importer.js';

const USAGE = `Usage: parley import <file.jsonl> --project <project id> [options]

Imports conversations (one JSON object per line, see docs/import.md) through the API of a
running Parley server. Safe to re-run: finished conversations are skipped, nothing is duplicated.

Options (or environment variables):
  --url <url>            server base URL                 PARLEY_URL (default http://localhost:3000)
  --project <id>         project to import into          PARLEY_PROJECT
  --email <email>        admin credentials (HTTP Basic)  PARLEY_EMAIL
  --password <password>                                  PARLEY_PASSWORD
  --token <"JWT ...">    or a token instead              PARLEY_TOKEN
  --batch <n>            messages per /messages/multi call (default 1000; halved when the server answers 413)
  --concurrency <n>      conversations in flight (default 4)
  --retries <n>          retries of a call on network errors, 429 and 5xx, with backoff (default 5)
  --state <path>         progress journal (default <file>.import-state); it also keeps the secret
                         the request ids are derived from: keep it until the import is complete
  --id-key <secret>      that secret, given (e.g. to re-run without the journal)  PARLEY_IMPORT_ID_KEY

Exit status: 0 done, 1 stopped (bad options, server unreachable, authentication) - run again to
finish, 2 done but some lines were rejected (listed), 130/143 interrupted (SIGINT/SIGTERM).
`;

export async function runImportCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        project: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        token: { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
        retries: { type: 'string' },
        state: { type: 'string' },
        'id-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`parley import: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const env = process.env;
  const file = positionals[0];
  const projectId = values.project ?? env.PARLEY_PROJECT;
  const email = values.email ?? env.PARLEY_EMAIL;
  const password = values.password ?? env.PARLEY_PASSWORD;
  const token = values.token ?? env.PARLEY_TOKEN;
  const batchSize = Number(values.batch ?? 1000);
  const concurrency = Number(values.concurrency ?? 4);
  const retries = Number(values.retries ?? 5);
  const idKey = values['id-key'] ?? (env.PARLEY_IMPORT_ID_KEY || undefined);

  const problems: string[] = [];
  if (!file) problems.push('the file to import is missing');
  else if (!existsSync(file)) problems.push(`no such file: ${file}`);
  if (!projectId) problems.push('--project (or PARLEY_PROJECT) is required');
  if (!token && !(email && password)) problems.push('credentials are required: --email and --password, or --token');
  if (!Number.isInteger(batchSize) || batchSize < 1) problems.push('--batch must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) problems.push('--concurrency must be a positive integer');
  if (!Number.isInteger(retries) || retries < 0) problems.push('--retries must be an integer, 0 or more');
  if (idKey !== undefined && idKey.length < 16) problems.push('--id-key must be at least 16 characters');
  if (problems.length > 0) {
    console.error(`parley import: ${problems.join('; ')}\n\n${USAGE}`);
    return 1;
  }

  const authorization = token
    ? /^(jwt|bearer) /i.test(token)
      ? token
      : `JWT ${token}`
    : `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

  // Calls in flight are abandoned: whatever the server did with them, a re-run completes it.
  const controller = new AbortController();
  let signalCode = 0;
  const onSignal = (code: number) => () => {
    if (signalCode) process.exit(code);
    signalCode = code;
    console.error('\nStopping (again to quit at once); run the same command later to finish.');
    controller.abort();
  };
  process.on('SIGINT', onSignal(130));
  process.on('SIGTERM', onSignal(143));

  const started = Date.now();
  const totals = await countLines(file!);
  const summary = await runImport({
    file: file!,
    baseUrl: values.url ?? env.PARLEY_URL ?? 'http://localhost:3000',
    projectId: projectId!,
    authorization,
    batchSize,
    concurrency,
    retries,
    statePath: values.state ?? `${file}.import-state`,
    idKey,
    totalLines: totals.lines,
    totalBytes: totals.bytes,
    signal: controller.signal,
  });
  printSummary(summary, (Date.now() - started) / 1000, values.state ?? `${file}.import-state`);
  if (summary.stoppedBecause) return signalCode || 1;
  return summary.rejected > 0 ? 2 : 0;
}

/** The summary and the rejected lines on stdout; why a run stopped on stderr. */
function printSummary(summary: ImportSummary, seconds: number, statePath: string): void {
  const rate = Math.round(summary.messages / Math.max(seconds, 0.001));
  console.log(
    `Imported ${summary.conversations} conversations and ${summary.messages.toLocaleString('en-US')} messages` +
      ` in ${formatDuration(seconds)} (${rate.toLocaleString('en-US')} messages/s);` +
      ` ${summary.skipped} already done, ${summary.rejected} rejected.`,
  );
  if (summary.rejections.length > 0) {
    console.log('\nRejected lines (fix them and run the same command again):');
    for (const rejection of summary.rejections.slice(0, 100)) {
      const id = rejection.conversationId ? ` (conversation ${rejection.conversationId})` : '';
      console.log(`  line ${rejection.line}${id}: ${rejection.reasons.join('; ')}`);
    }
    if (summary.rejections.length > 100) console.log(`  ... and ${summary.rejections.length - 100} more`);
  }
  if (summary.stoppedBecause) {
    console.error(`\nparley import: stopped before the end: ${summary.stoppedBecause}.`);
    console.error(`Run the same command again (once the cause is fixed) to finish; progress is kept in ${statePath}.`);
  }
}

async function countLines(file: string): Promise<{ lines: number; bytes: number }> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 10) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 10) lines++;
  return { lines, bytes: statSync(file).size };
}
