/**
 * Runs every curl example of the "Bots" seed document (seeds/003) against a real port, with
 * `curl` through `sh -c`, verbatim except: the hosted base URL becomes ours (same /v3 prefix),
 * the example credentials and ids become real ones, and `@path_to_file/bot.json` a real export.
 * The whole sequence runs twice: with `/bots` as written and with `/faq_kb` in its place.
 *
 * The fork example leaves its URL unquoted, so the shell ends the command at `&`: curl runs with
 * `?public=false` only and the bot is forked into the current project.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';

const SEED_EXAMPLES = {
  list: 'curl -v -X GET -u andrea.leo@f21.it:123456 https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots',
  get: 'curl -v -X GET -u andrea.leo@f21.it:123456 https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/5be9b2ecc72a050015e14951',
  export:
    'curl -v -X GET -u andrea.leo@f21.it:123456 https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/exportjson/5be9b2ecc72a050015e14951',
  create:
    'curl -v -X POST -H \'Content-Type: application/json\' -u andrea.leo@f21.it:123456  -d \'{"name":"bot1"}\' https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots',
  fork: "curl -v -X PUT -H 'Content-Type: application/json' -u andrea.leo@f21.it:123456 https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/fork/5be9b2ecc72a050015e14951?public=false&projectid=5b55e806c93dde0014316e33",
  import:
    'curl -v -X POST -H \'Content-Type: application/json\' -u andrea.leo@f21.it:123456  -d "@path_to_file/bot.json" https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/importjson/5be9b2ecc72a050015e14951',
  update:
    'curl -v -X PUT -H \'Content-Type: application/json\' -u andrea.leo@f21.it:123456  -d \'{"name":"bot1"}\' https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/5be9b2ecc72a050015e14951',
  delete:
    "curl -v -X DELETE -H 'Content-Type: application/json' -u andrea.leo@f21.it:123456  https://api.tiledesk.com/v3/5b55e806c93dde00143163dd/bots/5be9b2ecc72a050015e14951",
};

interface CurlResult {
  status: number;
  body: any;
  text: string;
  headers: string;
}

function sh(command: string): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${command}\n${stderr}`));
      // Not anchored to a line start: curl's progress meter can share the line with the status.
      const status = /< HTTP\/[\d.]+ (\d{3})/.exec(stderr);
      if (!status) return reject(new Error(`no HTTP status from: ${command}\n${stderr}`));
      let body: unknown = stdout;
      try {
        body = JSON.parse(stdout);
      } catch {
        // not JSON: keep the text
      }
      resolve({ status: Number(status[1]), body, text: stdout, headers: stderr });
    });
  });
}

describe('seed 003 (Bots): every curl example, run with curl', () => {
  let t: TestApp;
  let base: string;
  let dir: string;
  before(async () => {
    t = await startTestApp();
    base = await t.listen();
    dir = mkdtempSync(path.join(tmpdir(), 'parley-seed-003-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  for (const area of ['bots', 'faq_kb']) {
    it(`runs the examples at /${area}`, async () => {
      const tenant: Tenant = await newTenant(t);
      const landing = await newTenant(t);
      const seeded = await t.http('POST', `/${tenant.projectId}/bots`, {
        headers: tenant.owner.basic,
        body: { name: 'seed bot', type: 'internal', template: 'handoff' },
      });
      assert.equal(seeded.status, 200);
      const botId: string = seeded.body._id;
      const file = path.join(dir, `${area}-bot.json`);

      const run = (example: keyof typeof SEED_EXAMPLES) =>
        sh(
          SEED_EXAMPLES[example]
            .replaceAll('/bots', `/${area}`)
            .replaceAll('https://api.tiledesk.com/v3', `${base}/v3`)
            .replaceAll('andrea.leo@f21.it:123456', `${tenant.owner.email}:${tenant.owner.password}`)
            .replaceAll('5b55e806c93dde00143163dd', tenant.projectId)
            .replaceAll('5b55e806c93dde0014316e33', landing.projectId)
            .replaceAll('5be9b2ecc72a050015e14951', botId)
            .replaceAll('path_to_file/bot.json', file),
        );

      const list = await run('list');
      assert.equal(list.status, 200, list.text);
      assert.equal(list.body.length, 1);
      assert.equal(list.body[0]._id, botId);
      assert.equal(list.body[0].name, 'seed bot');
      assert.equal(list.body[0].id_project, tenant.projectId);
      assert.equal(list.body[0].trashed, false);
      assert.equal(list.body[0].createdBy, tenant.owner.id);
      assert.equal(list.body[0].__v, 0);
      assert.equal(list.body[0].secret, undefined);

      const get = await run('get');
      assert.equal(get.status, 200, get.text);
      assert.deepEqual(get.body, list.body[0]);

      const exported = await run('export');
      assert.equal(exported.status, 200, exported.text);
      assert.match(exported.headers, /^< content-disposition: attachment; filename="bot.json"/im);
      assert.equal(exported.body.name, 'seed bot');
      assert.equal(exported.body.language, 'en');
      assert.equal(exported.body.webhook_enabled, false);
      assert.deepEqual(exported.body.intents[0], {
        webhook_enabled: false,
        enabled: true,
        question: '\\start',
        answer: 'Hello',
        intent_display_name: 'start',
        intent_id: exported.body.intents[0].intent_id,
        language: 'en',
        topic: 'internal',
        agents_available: false,
      });
      writeFileSync(file, JSON.stringify({ ...exported.body, name: 'imported name' }, null, 2));

      const created = await run('create');
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.name, 'bot1');
      assert.equal(created.body.id_project, tenant.projectId);
      assert.equal(created.body.trashed, false);
      assert.equal(created.body.type, 'internal');
      assert.equal(typeof created.body.secret, 'string');

      const forked = await run('fork');
      assert.equal(forked.status, 200, forked.text);
      assert.equal(forked.body.message, 'Chatbot forked successfully');
      const fork = await t.http('GET', `/${tenant.projectId}/bots/${forked.body.bot_id}`, {
        headers: tenant.owner.basic,
      });
      assert.equal(fork.status, 200);
      assert.equal(fork.body.name, 'seed bot');
      const landed = await t.http('GET', `/${landing.projectId}/bots`, { headers: landing.owner.basic });
      assert.deepEqual(landed.body, []);

      const imported = await run('import');
      assert.equal(imported.status, 200, imported.text);
      assert.equal(imported.body._id, botId);
      assert.equal(imported.body.name, 'imported name');
      assert.equal(imported.body.secret, undefined);

      const updated = await run('update');
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body._id, botId);
      assert.equal(updated.body.name, 'bot1');

      const deleted = await run('delete');
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.body, { success: true, message: `Chatbot with id ${botId} deleted successfully` });

      const remaining = await t.http('GET', `/${tenant.projectId}/${area}`, { headers: tenant.owner.basic });
      assert.deepEqual(remaining.body.map((bot: any) => bot._id).sort(), [created.body._id, forked.body.bot_id].sort());
    });
  }
});
