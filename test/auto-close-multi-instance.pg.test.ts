/**
 * Auto-close with two instances on one PostgreSQL database sweeping at the same moment: each idle
 * conversation is closed once, with one "Chat closed" message.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant } from './helpers/factories.js';
import { messagesOf, newRequestId, updateProject } from './helpers/conversations.js';

let a: TestApp;
let b: TestApp;

before(async () => {
  a = await startTestApp({});
  b = await startTestApp({}, { sameDatabaseAs: a });
});

after(async () => {
  await b.close();
  await a.close();
});

test('two instances sweeping together close each idle conversation once', async () => {
  const tenant = await newTenant(a);
  await updateProject(a, tenant, { 'settings.auto_close.human': 1 });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const visitor = await anonymous(a, tenant.projectId);
    const requestId = newRequestId(tenant.projectId);
    const sent = await a.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text: `Question ${i}` },
    });
    assert.equal(sent.status, 200, sent.text);
    ids.push(requestId);
  }
  const at = new Date(Date.now() + 2 * 60_000);
  const [first, second] = await Promise.all([
    a.context.services.autoClose.sweep(at),
    b.context.services.autoClose.sweep(at),
  ]);
  assert.equal(first + second, 20);
  for (const requestId of ids) {
    const closed = (await messagesOf(a, tenant, requestId)).filter((m) => m.text === 'Chat closed');
    assert.equal(closed.length, 1, requestId);
  }
});
