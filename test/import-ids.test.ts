/**
 * `parley import` request ids are unguessable (HMAC of the conversation id with a secret kept in
 * the journal, or given with --id-key), and the importer never writes a history into a request it
 * did not create for that conversation: a visitor who opens a conversation at the id first gets
 * nothing of it. Re-runs stay idempotent (see import-command.test.ts for interrupted runs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant } from './helpers/factories.js';
import { generateConversations, journalKey, lines, runCli, target, tempDir } from './helpers/import-cli.js';
import { requestIdFor } from '../src/cli/import/conversation.js';

describe('parley import: request ids', () => {
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

  async function visitorOpens(projectId: string, requestId: string) {
    const visitor = await anonymous(t, projectId, 'Eve');
    const opened = await t.http('POST', `/${projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: 'I was here first' },
    });
    assert.equal(opened.status, 200, opened.text);
    return visitor;
  }

  async function textsSeenBy(visitor: { headers: Record<string, string> }, projectId: string, requestId: string) {
    const messages = await t.http('GET', `/${projectId}/requests/${requestId}/messages`, { headers: visitor.headers });
    assert.equal(messages.status, 200, messages.text);
    return messages.body.map((m: any) => m.text);
  }

  it('a conversation opened at the old predictable id receives nothing', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const [conversation] = generateConversations('secret', 1, 4);
    const predictable = `support-group-${p}-${createHash('sha256').update(`${p}\n${conversation.id}`).digest('hex').slice(0, 32)}`;
    const eve = await visitorOpens(p, predictable);

    const file = files.file('predictable.jsonl', lines([conversation]));
    const run = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(run.code, 0, run.stdout + run.stderr);

    assert.deepEqual(await textsSeenBy(eve, p, predictable), ['I was here first']);
    const imported = requestIdFor(journalKey(`${file}.import-state`), p, conversation.id);
    assert.notEqual(imported, predictable);
    const history = await t.http('GET', `/${p}/requests/${imported}/messages`, { headers: tenant.owner.basic });
    assert.deepEqual(
      history.body.map((m: any) => m.text).filter((text: string) => text !== 'Chat closed'),
      conversation.messages.map((m) => m.text),
    );
    const mine = await t.http('GET', `/${p}/requests/me`, { headers: eve.headers });
    assert.deepEqual(
      mine.body.requests.map((r: any) => r.request_id),
      [predictable],
    );
  });

  it('never writes into a request someone else opened at the id; the others import', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const key = 'a-key-that-leaked-somehow';
    const [taken, free] = generateConversations('leak', 2, 3);
    const eve = await visitorOpens(p, requestIdFor(key, p, taken.id));

    const file = files.file('leaked.jsonl', lines([taken, free]));
    const run = await runCli([file, ...target(baseUrl, tenant), '--id-key', key]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /Imported 1 conversations .* 0 already done, 1 rejected\./);
    assert.match(
      run.stdout,
      /line 1 \(conversation leak-0\): request support-group-\S+ exists and was not created by this import/,
    );
    assert.deepEqual(await textsSeenBy(eve, p, requestIdFor(key, p, taken.id)), ['I was here first']);
    const freeHistory = await t.http('GET', `/${p}/requests/${requestIdFor(key, p, free.id)}/messages`, {
      headers: tenant.owner.basic,
    });
    assert.deepEqual(
      freeHistory.body.map((m: any) => m.text),
      free.messages.map((m) => m.text),
    );
  });

  it('re-runs are idempotent: with the journal, or without it given the same --id-key', async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const key = 'kept-by-the-operator-0123456789';
    const conversations = generateConversations('again', 4, 3);
    const file = files.file('again.jsonl', lines(conversations));
    const count = async () =>
      (await t.http('GET', `/${p}/requests`, { headers: tenant.owner.basic, query: { status: 'all' } })).body.count;

    const first = await runCli([file, ...target(baseUrl, tenant), '--id-key', key]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(journalKey(`${file}.import-state`), key, 'the journal keeps the key');
    assert.equal(await count(), 4);

    const mismatch = await runCli([file, ...target(baseUrl, tenant), '--id-key', 'another-key-0123456789']);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /was written with another --id-key/);

    const resumed = await runCli([file, ...target(baseUrl, tenant)]);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, /Imported 0 conversations .* 4 already done/);

    rmSync(`${file}.import-state`);
    const withoutJournal = await runCli([file, ...target(baseUrl, tenant), '--id-key', key]);
    assert.equal(withoutJournal.code, 0, withoutJournal.stdout + withoutJournal.stderr);
    assert.match(withoutJournal.stdout, /Imported 4 conversations .* 0 rejected/);
    assert.equal(await count(), 4, 'no request twice');
    for (const conversation of conversations) {
      const history = await t.http('GET', `/${p}/requests/${requestIdFor(key, p, conversation.id)}/messages`, {
        headers: tenant.owner.basic,
      });
      assert.deepEqual(
        history.body.map((m: any) => m.text).filter((text: string) => text !== 'Chat closed'),
        conversation.messages.map((m) => m.text),
        'no message twice',
      );
    }
  });
});
