/**
 * `parley import` end to end: the app listens on a real port, the CLI runs as a child process and
 * everything is checked over the API afterwards - the example file, rejected lines, interrupted
 * runs (SIGKILL, SIGINT) and an unreachable server followed by re-runs, `npm run import`, and a
 * server with a smaller batch limit. PUT /close's closed_at, which the importer relies on, is
 * tested in requests-closed-at.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { createDepartment, getRequest, messagesOf } from './helpers/conversations.js';
import { freePort } from './helpers/free-port.js';
import {
  doneInJournal,
  generateConversations,
  journalKey,
  lines,
  root,
  runCli,
  startCli,
  target,
  tempDir,
  waitUntil,
} from './helpers/import-cli.js';
import { requestIdFor } from '../src/cli/import/conversation.js';

type Conversation = ReturnType<typeof generateConversations>[number] & {
  requester: { email?: string };
  closed_at?: number | string;
};

describe('parley import', () => {
  let t: TestApp;
  let baseUrl: string;
  let files: ReturnType<typeof tempDir>;
  before(async () => {
    t = await startTestApp();
    baseUrl = await t.listen();
    files = tempDir();
  });
  after(async () => {
    files.remove();
    await t.close();
  });

  /** Asserts the project holds exactly `conversations`, as the importer of `file` should have left them. */
  async function assertImported(tenant: Tenant, conversations: Conversation[], file: string) {
    const key = journalKey(`${file}.import-state`);
    const list = await t.http('GET', `/${tenant.projectId}/requests`, {
      headers: tenant.owner.basic,
      query: { status: 'all', limit: '100' },
    });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.count, conversations.length, 'one request per conversation, no more');
    const leadOf = new Map<string, string>();
    for (const conversation of conversations) {
      const requestId = requestIdFor(key, tenant.projectId, conversation.id);
      const request = await getRequest(t, tenant, requestId);
      const messages = await messagesOf(t, tenant, requestId);
      const ordered = [...conversation.messages].sort((a, b) => ms(a.timestamp) - ms(b.timestamp));
      const first = ms(ordered[0].timestamp);
      const last = ms(ordered[ordered.length - 1].timestamp);
      const uuid = request.lead.lead_id;
      assert.equal(request.snapshot.requester.uuid_user, uuid, 'the customer asked');
      assert.equal(leadOf.get(conversation.requester.id) ?? uuid, uuid, 'one lead per customer');
      leadOf.set(conversation.requester.id, uuid);
      const name = [conversation.requester.firstname, conversation.requester.lastname].filter(Boolean).join(' ');
      assert.equal(request.lead.fullname, name);
      assert.equal(request.lead.email, conversation.requester.email);
      assert.equal(request.createdAt, new Date(first).toISOString());
      assert.equal(request.first_text, ordered.find((m) => m.text)!.text);

      const imported = messages.filter((m: any) => m.sender !== 'system');
      assert.deepEqual(
        imported.map((m: any) => [m.text, m.createdAt, m.attributes.client_message_id]),
        ordered.map((m, i) => [m.text, new Date(ms(m.timestamp)).toISOString(), m.id ?? `${conversation.id}#${i}`]),
      );
      imported.forEach((message: any, i: number) => {
        const fromCustomer = ordered[i].sender === conversation.requester.id;
        assert.equal(message.sender, fromCustomer ? uuid : ordered[i].sender);
        assert.equal(message.senderFullname, ordered[i].senderFullname ?? (fromCustomer ? name : ordered[i].sender));
      });
      if (conversation.closed || conversation.closed_at) {
        const end = ms(conversation.closed_at ?? last);
        assert.equal(request.status, 1000);
        assert.equal(request.closed_at, new Date(end).toISOString());
        assert.equal(request.duration, end - first);
        assert.equal(request.updatedAt, new Date(end).toISOString());
        const closing = messages.filter((m: any) => m.sender === 'system');
        assert.deepEqual(
          closing.map((m: any) => [m.text, m.createdAt]),
          [['Chat closed', new Date(end).toISOString()]],
        );
      } else {
        assert.notEqual(request.status, 1000);
        assert.equal(messages.length, ordered.length);
        assert.equal(request.updatedAt, new Date(last).toISOString());
      }
    }
  }

  it('imports the example file: requests, requesters, leads, messages with their timestamps, closes', async () => {
    const tenant = await newTenant(t);
    const example = readFileSync(path.join(root, 'examples/import-example.jsonl'), 'utf8');
    const file = files.file('example.jsonl', example.trim().split('\n'));
    const run = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Imported 3 conversations and 7 messages .* 0 already done, 0 rejected\./);
    const conversations = example
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    await assertImported(tenant, conversations, file);

    const again = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Imported 0 conversations .* 3 already done, 0 rejected\./);
    await assertImported(tenant, conversations, file);
  });

  it('reports rejected lines with their numbers, exits 2, imports the good ones', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const foreign = await createDepartment(t, other, { name: 'Elsewhere' });
    const sales = await createDepartment(t, tenant, { name: 'Sales' });
    const good = generateConversations('ok', 3, 4);
    const byName = { ...generateConversations('named', 1, 2)[0], department: 'Sales' };
    const bad = generateConversations('bad', 1, 2)[0];
    const file = files.file('mixed.jsonl', [
      JSON.stringify(good[0]),
      '{"id": "broken", "requester": ',
      JSON.stringify({ ...bad, requester: undefined }),
      JSON.stringify(good[1]),
      JSON.stringify({ ...bad, id: 'seconds', messages: [{ ...bad.messages[0], timestamp: 1665584701 }] }),
      JSON.stringify({ ...bad, id: 'foreign-department', department: foreign._id }),
      '',
      JSON.stringify({ ...good[0], messages: good[0].messages.slice(0, 1) }),
      JSON.stringify({ ...bad, id: 'same-id', messages: [bad.messages[0], bad.messages[0]] }),
      JSON.stringify(byName),
      JSON.stringify({ ...bad, id: 'no-text', messages: [{ sender: 'c0', timestamp: bad.messages[0].timestamp }] }),
      JSON.stringify(good[2]),
      JSON.stringify({ ...bad, id: 'early-close', closed_at: bad.messages[0].timestamp - 1 }),
    ]);
    const run = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /Imported 4 conversations .* 0 already done, 8 rejected\./);
    const report = run.stdout.slice(run.stdout.indexOf('Rejected lines'));
    assert.match(report, /line 2: not valid JSON/);
    assert.match(report, /line 3 \(conversation bad-0\): \/ must have required properties requester/);
    assert.match(report, /line 5 \(conversation seconds\): \/messages\/0\/timestamp .*looks like seconds/);
    assert.match(report, /line 6 \(conversation foreign-department\): no department "[0-9a-f]{24}" in this project/);
    assert.match(report, /line 8 \(conversation ok-0\): conversation id "ok-0" already appears on line 1/);
    assert.match(report, /line 9 \(conversation same-id\): \/messages\/1\/id "bad-0-0" repeats \/messages\/0\/id/);
    assert.match(report, /line 11 \(conversation no-text\): \/messages has no message with text/);
    assert.match(report, /line 13 \(conversation early-close\): \/closed_at is before the first message/);
    assert.doesNotMatch(report, /^ {2}line (1|4|7|10|12)\b/m);
    await assertImported(tenant, [...good, byName], file);
    const named = await getRequest(
      t,
      tenant,
      requestIdFor(journalKey(`${file}.import-state`), tenant.projectId, byName.id),
    );
    assert.equal(named.department._id, sales._id);
    const foreignRequest = await t.http('GET', `/${other.projectId}/requests`, { headers: other.owner.basic });
    assert.equal(foreignRequest.body.count, 0, 'nothing reached the other project');
  });

  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    it(`finishes an import interrupted by ${signal} when run again, without duplicates`, async () => {
      const tenant = await newTenant(t);
      const conversations = generateConversations(signal, 30, 40, 10);
      const file = files.file(`${signal}.jsonl`, lines(conversations));
      const journal = `${file}.import-state`;
      const first = startCli([file, ...target(baseUrl, tenant), '--batch', '5', '--concurrency', '2']);
      await waitUntil(() => doneInJournal(journal).length >= 2, 'some progress');
      first.child.kill(signal);
      const stopped = await first.done;
      if (signal === 'SIGKILL') assert.equal(stopped.signal, 'SIGKILL');
      else {
        assert.equal(stopped.code, 130, stopped.stdout + stopped.stderr);
        assert.match(stopped.stderr, /Run the same command again \(once the cause is fixed\) to finish/);
      }
      const done = doneInJournal(journal).length;
      assert.ok(done < conversations.length, `interrupted before the end (${done} done)`);

      const second = await runCli([file, ...target(baseUrl, tenant), '--batch', '7']);
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.match(
        second.stdout,
        new RegExp(`Imported ${30 - done} conversations .* ${done} already done, 0 rejected`),
      );
      await assertImported(tenant, conversations, file);
    });
  }

  it('stops with a clear error while the server is unreachable, and completes when run again', async () => {
    const tenant = await newTenant(t);
    const conversations = generateConversations('down', 3, 3);
    const file = files.file('down.jsonl', lines(conversations));
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const failed = await runCli([file, ...target(nowhere, tenant), '--retries', '1']);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(
      failed.stderr,
      new RegExp(`stopped before the end: cannot reach ${nowhere} \\(.*ECONNREFUSED.*\\); gave up`),
    );
    assert.match(failed.stderr, /Run the same command again \(once the cause is fixed\) to finish/);

    const second = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    await assertImported(tenant, conversations, file);
  });

  it('refuses bad options, wrong credentials, another project, and a journal of another project', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const file = files.file('refused.jsonl', lines(generateConversations('refused', 1, 2)));

    const usage = await runCli([file, '--url', baseUrl, '--batch', 'x']);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /--project \(or PARLEY_PROJECT\) is required; credentials are required/);
    assert.match(usage.stderr, /--batch must be a positive integer/);

    const wrongPassword = await runCli([
      file,
      ...target(baseUrl, { ...tenant, owner: { ...tenant.owner, password: 'nope' } }),
    ]);
    assert.equal(wrongPassword.code, 1);
    assert.match(wrongPassword.stderr, /authentication failed: HTTP 401/);

    // Project A's id with project B's owner: refused before anything is written.
    const crossed = await runCli([file, ...target(baseUrl, { ...tenant, owner: other.owner })]);
    assert.equal(crossed.code, 1, crossed.stdout + crossed.stderr);
    assert.match(crossed.stderr, new RegExp(`project ${tenant.projectId}: HTTP 403`));

    const imported = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    const elsewhere = await runCli([file, ...target(baseUrl, other)]);
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, new RegExp(`journal .* records an import into project ${tenant.projectId}`));
    const list = await t.http('GET', `/${other.projectId}/requests`, {
      headers: other.owner.basic,
      query: { status: 'all' },
    });
    assert.equal(list.body.count, 0);
  });

  it('runs through `npm run import`, building dist/ when it is missing', { timeout: 300_000 }, async () => {
    const tenant = await newTenant(t);
    // A copy of the package without dist/, so the build happens here and nowhere else (web/ too:
    // the server imports web/shared/request-status.js).
    const copy = path.join(files.dir, 'package');
    mkdirSync(copy);
    for (const item of ['bin', 'scripts', 'src', 'web', 'examples', 'package.json', 'tsconfig.json']) {
      cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    const file = files.file('npm.jsonl', lines(generateConversations('npm', 2, 2)));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = await runCli(['--', file, ...target(baseUrl, tenant)], {
      command: [npm, 'run', '-s'],
      cwd: copy,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Imported 2 conversations and 4 messages/);
    assert.ok(readFileSync(path.join(copy, 'dist/cli/parley.js'), 'utf8').length > 0);
  });
});

describe('parley import against a server with a small batch limit', () => {
  let t: TestApp;
  let files: ReturnType<typeof tempDir>;
  before(async () => {
    t = await startTestApp({ MAX_BATCH_MESSAGES: '3' });
    files = tempDir();
  });
  after(async () => {
    files.remove();
    await t.close();
  });

  it('halves its batches on 413 until the server takes them', async () => {
    const tenant = await newTenant(t);
    const conversations = generateConversations('small', 2, 11);
    const file = files.file('small.jsonl', lines(conversations));
    const run = await runCli([file, ...target(await t.listen(), tenant), '--batch', '10']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Imported 2 conversations and 22 messages/);
    for (const conversation of conversations) {
      const key = journalKey(`${file}.import-state`);
      const messages = await messagesOf(t, tenant, requestIdFor(key, tenant.projectId, conversation.id));
      assert.deepEqual(
        messages.filter((m) => m.sender !== 'system').map((m) => m.text),
        conversation.messages.map((m) => m.text),
      );
    }
  });
});

function ms(timestamp: number | string): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}
