/**
 * Public transcripts (Tiledesk's routes/public-request.js): messages.{html,txt,csv,pdf} and the
 * messages-user.* variants. Which messages each shows, Tiledesk's statuses for unknown requests,
 * escaping of visitors' text (HTML) and the formula guard (CSV), time zones, and the cut at a
 * limit that the output states.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createRequest, newRequestId, updateProject } from './helpers/conversations.js';

/** The text a PDF shows: every hex string of every TJ operator of its (deflated) content streams. */
function pdfText(pdf: Buffer): string {
  let text = '';
  const raw = pdf.toString('latin1');
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const line of content.matchAll(/\[(.*?)\] TJ/g)) {
      for (const hex of line[1]!.matchAll(/<([0-9a-f]*)>/g)) text += Buffer.from(hex[1]!, 'hex').toString('latin1');
      text += '\n';
    }
  }
  return text;
}

describe('public transcripts', () => {
  let t: TestApp;
  let tenant: Tenant;
  let requestId: string;
  const hostileName = '<img src=x onerror=alert(1)>';
  const hostileText = 'Hi <script>alert("x")</script> & \'bye\' 😀';

  const get = (url: string, query = '') => t.http('GET', `/public/requests/${url}${query}`);
  const pdf = async (url: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/public/requests/${url}` });
    return { status: response.statusCode, headers: response.headers, body: response.rawPayload };
  };

  before(async () => {
    t = await startTestApp();
    tenant = await newTenant(t);
    const visitor = await anonymous(t, tenant.projectId, hostileName);
    requestId = newRequestId(tenant.projectId);
    const post = (text: string, headers: Record<string, string>) =>
      t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, { headers, body: { text } });
    assert.equal((await post('/start', visitor.headers)).status, 200);
    assert.equal((await post(hostileText, visitor.headers)).status, 200);
    assert.equal((await post('=HYPERLINK("http://evil.test")\nline two', tenant.owner.basic)).status, 200);
    const close = await t.http('PUT', `/${tenant.projectId}/requests/${requestId}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(close.status, 200, close.text);
  });
  after(() => t.close());

  it('HTML: the conversation without its opener and system messages, every text escaped, nothing that runs', async () => {
    const page = await get(`${requestId}/messages.html`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /script-src/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(page.text, /<script|<img/i);
    assert.ok(page.text.includes('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;bye&#39; 😀'));
    assert.ok(page.text.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(page.text.includes('=HYPERLINK(&quot;http://evil.test&quot;)\nline two'));
    assert.equal(page.text.match(/<li>/g)?.length, 2, 'the /start opener and "Chat closed" are left out');
    assert.doesNotMatch(page.text, /Chat closed|\/start/);
    assert.match(page.text, /<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);

    const user = await get(`${requestId}/messages-user.html`);
    assert.equal(user.status, 200);
    assert.equal(user.text.match(/<li>/g)?.length, 3, 'the visitor view keeps the opener, not the system message');
    assert.ok(user.text.includes('>/start<'));
    assert.doesNotMatch(user.text, /Chat closed/);
  });

  it("text: Tiledesk's lines; messages.txt keeps every message, messages-user.txt no system message", async () => {
    const text = await get(`${requestId}/messages.txt`);
    assert.equal(text.status, 200);
    assert.match(String(text.headers['content-type']), /^text\/plain; charset=utf-8/);
    assert.equal(text.headers['content-disposition'], 'attachment; filename="transcript.txt"');
    const lines = text.text.split('\n');
    assert.equal(lines[0], 'Chat transcript:');
    assert.match(lines[1]!, /^\[ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] <img src=x onerror=alert\(1\)>: \/start$/);
    assert.ok(text.text.includes(`: ${hostileText}\n`));
    assert.match(text.text, /\] Bot: Chat closed\n$/);

    const user = await get(`${requestId}/messages-user.txt`);
    assert.equal(user.status, 200);
    assert.ok(user.text.includes(': /start\n'));
    assert.doesNotMatch(user.text, /Chat closed/);
  });

  it('CSV: time, name and text through the one CSV writer, formulas made inert', async () => {
    const csv = await get(`${requestId}/messages.csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.equal(csv.headers['content-disposition'], `attachment; filename="${requestId}.csv"`);
    assert.ok(csv.text.startsWith('"createdAt";"senderFullname";"text"\n'));
    assert.ok(csv.text.includes(`"'=HYPERLINK(""http://evil.test"")\nline two"`));
    assert.doesNotMatch(csv.text, /Chat closed|\/start/);
    const user = await get(`${requestId}/messages-user.csv`);
    assert.ok(user.text.includes('"/start"'));
  });

  it('PDF: a document with the conversation; characters its fonts lack print as "?"', async () => {
    const document = await pdf(`${requestId}/messages.pdf`);
    assert.equal(document.status, 200);
    assert.equal(document.headers['content-type'], 'application/pdf');
    assert.equal(document.headers['content-disposition'], `attachment; filename="${requestId}.pdf"`);
    assert.equal(document.body.subarray(0, 5).toString(), '%PDF-');
    const shown = pdfText(document.body);
    assert.ok(shown.includes('Chat transcript'), shown);
    assert.ok(shown.includes(hostileName));
    assert.ok(shown.includes('bye'));
    assert.ok(shown.includes('?'), 'the emoji');
    assert.doesNotMatch(shown, /Chat closed/);
    const user = pdfText((await pdf(`${requestId}/messages-user.pdf`)).body);
    assert.ok(user.includes('/start'));
  });

  it('times in ?tz= (or ?timezone=), else the zone of the operating hours, else UTC', async () => {
    const rome = await get(`${requestId}/messages.txt`, '?tz=Europe/Rome');
    assert.match(rome.text.split('\n')[1]!, /^\[ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T\] /);
    const tokyo = await get(`${requestId}/messages.html`, '?timezone=Asia/Tokyo');
    assert.match(tokyo.text, /\d\d:\d\d:\d\d (JST|GMT\+9)<\/time>/);
    const nowhere = await get(`${requestId}/messages.txt`, '?tz=Nowhere/Zone');
    assert.match(nowhere.text.split('\n')[1]!, / UTC\] /);
    const other = await newTenant(t);
    await updateProject(t, other, { operatingHours: JSON.stringify({ tzname: 'America/New_York' }) });
    const theirs = newRequestId(other.projectId);
    await t.http('POST', `/${other.projectId}/requests/${theirs}/messages`, {
      headers: other.owner.basic,
      body: { text: 'hello' },
    });
    const ny = await get(`${theirs}/messages.txt`);
    assert.match(ny.text.split('\n')[1]!, / E[SD]T\] /);
  });

  it("unknown requests: 404 Object not found, but Tiledesk's empty messages.txt", async () => {
    const unknown = newRequestId(tenant.projectId);
    for (const file of ['messages.html', 'messages.csv', 'messages.pdf', 'messages-user.html', 'messages-user.txt']) {
      const response = await get(`${unknown}/${file}`);
      assert.equal(response.status, 404, file);
      assert.deepEqual(response.body, { success: false, msg: 'Object not found.' }, file);
    }
    for (const file of ['messages-user.csv', 'messages-user.pdf'])
      assert.equal((await get(`${unknown}/${file}`)).status, 404);
    const text = await get(`${unknown}/messages.txt`);
    assert.equal(text.status, 200);
    assert.equal(text.text, 'Chat transcript:\n');
    const odd = await get(`${encodeURIComponent('a"b\\c é')}/messages.pdf`);
    assert.equal(odd.status, 404);
  });

  it('a conversation of system messages only: an empty transcript, and nothing for the visitor (404)', async () => {
    const request = await createRequest(t, tenant, { first_text: 'no messages' });
    await t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/close`, { headers: tenant.owner.basic });
    const page = await get(`${request.request_id}/messages.html`);
    assert.equal(page.status, 200);
    assert.equal(page.text.match(/<li>/g), null);
    const csv = await get(`${request.request_id}/messages.csv`);
    assert.equal(csv.text, '"createdAt";"senderFullname";"text"\n');
    for (const file of ['messages-user.html', 'messages-user.txt', 'messages-user.csv', 'messages-user.pdf']) {
      assert.equal((await get(`${request.request_id}/${file}`)).status, 404, file);
    }
  });

  it('long conversations: the first messages only, and the output says so', async () => {
    const request = await createRequest(t, tenant, { first_text: 'long' });
    const url = `/${tenant.projectId}/requests/${request.request_id}/messages/multi`;
    for (let batch = 0; batch < 6; batch++) {
      const body = Array.from({ length: batch < 5 ? 1000 : 1 }, (_, i) => ({ text: `m${batch * 1000 + i}` }));
      const response = await t.http('POST', url, { headers: tenant.owner.basic, body });
      assert.equal(response.status, 200, response.text);
    }
    const text = await get(`${request.request_id}/messages.txt`);
    const lines = text.text.trimEnd().split('\n');
    assert.equal(lines.length, 1 + 5000 + 1);
    assert.match(lines[1]!, /: m0$/);
    assert.match(lines[5000]!, /: m4999$/);
    assert.equal(lines[5001], '[This transcript shows only the first 5000 messages of the conversation.]');
    const html = await get(`${request.request_id}/messages.html`);
    assert.equal(html.text.match(/<li>/g)?.length, 5000);
    assert.ok(html.text.includes('<p class="note">This transcript shows only the first 5000 messages'));
    const csv = await get(`${request.request_id}/messages-user.csv`);
    assert.ok(csv.text.endsWith('"";"";"This transcript shows only the first 5000 messages of the conversation."\n'));
    const document = pdfText((await pdf(`${request.request_id}/messages.pdf`)).body);
    assert.ok(document.includes('m499\n'));
    assert.ok(!document.includes('m500\n'));
    assert.ok(document.includes('This transcript shows only the first 500 messages of the conversation.'));
  });
});
