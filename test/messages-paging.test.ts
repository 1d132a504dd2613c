/**
 * Backward cursor pages of a conversation's history (`last=true`, `before`): the console opens a
 * long history at its end and reads older pages as the agent scrolls up. Forward pages
 * (`limit`/`after`) are in messages.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createRequest, messagesOf, newRequestId } from './helpers/conversations.js';

const T0 = Date.parse('2025-06-01T10:00:00Z');

describe('messages: backward cursor pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const urlOf = (tenant: Tenant, requestId: string) => `/${tenant.projectId}/requests/${requestId}/messages`;
  const get = (tenant: Tenant, requestId: string, query: Record<string, string>, headers = tenant.owner.basic) =>
    t.http('GET', urlOf(tenant, requestId), { headers, query });

  /** A history of `count` messages m1..mN, three of them at each timestamp, imported at once. */
  async function history(tenant: Tenant, count: number): Promise<string> {
    const request = await createRequest(t, tenant, { first_text: 'placeholder' });
    const body = Array.from({ length: count }, (_, i) => ({
      text: `m${i + 1}`,
      attributes: { clienttimestamp: T0 + Math.floor(i / 3) * 1000 },
    }));
    const imported = await t.http('POST', `${urlOf(tenant, request.request_id)}/multi`, {
      headers: tenant.owner.basic,
      body,
    });
    assert.equal(imported.status, 200, imported.text);
    return request.request_id as string;
  }

  it('opens on the newest page and walks back to the start, every message once and in order', async () => {
    const tenant = await newTenant(t);
    const requestId = await history(tenant, 23);
    // The order within a timestamp is the store's (by id): the plain array is the reference.
    const all = (await messagesOf(t, tenant, requestId)).map((m) => m.text);
    assert.equal(all.length, 23);

    const newest = await get(tenant, requestId, { limit: '5', last: 'true' });
    assert.equal(newest.status, 200, newest.text);
    assert.deepEqual(
      newest.body.messages.map((m: any) => m.text),
      all.slice(-5),
    );
    assert.equal(typeof newest.body.previous, 'string');
    assert.equal(newest.body.next, undefined);

    const pages: string[][] = [newest.body.messages.map((m: any) => m.text)];
    let previous: string | undefined = newest.body.previous;
    while (previous) {
      const page = await get(tenant, requestId, { limit: '5', before: previous });
      assert.equal(page.status, 200, page.text);
      const texts = page.body.messages.map((m: any) => m.text);
      const times = page.body.messages.map((m: any) => Date.parse(m.createdAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'oldest first within a page',
      );
      pages.unshift(texts);
      previous = page.body.previous;
    }
    // 23 = 5 * 4 + 3: the first page is the short one, and it says nothing came before it.
    assert.deepEqual(
      pages.map((p) => p.length),
      [3, 5, 5, 5, 5],
    );
    assert.deepEqual(pages.flat(), all);

    // A page exactly at the start has no `previous`; `last` on a short history is all of it.
    const whole = await get(tenant, requestId, { limit: '23', last: 'true' });
    assert.deepEqual(
      whole.body.messages.map((m: any) => m.text),
      all,
    );
    assert.equal(whole.body.previous, undefined);
    const more = await get(tenant, requestId, { limit: '100', last: 'true' });
    assert.equal(more.body.messages.length, 23);
    assert.equal(more.body.previous, undefined);

    // Without `limit`, `last` reads the default page (100); `last=false` is no paging at all.
    const defaults = await get(tenant, requestId, { last: 'true' });
    assert.equal(defaults.body.messages.length, 23);
    const plain = await get(tenant, requestId, { last: 'false' });
    assert.ok(Array.isArray(plain.body));

    // The forward pages are unchanged: {messages, next}, no `previous`.
    const forward = await get(tenant, requestId, { limit: '20' });
    assert.deepEqual(
      forward.body.messages.map((m: any) => m.text),
      all.slice(0, 20),
    );
    assert.equal(typeof forward.body.next, 'string');
    assert.equal(forward.body.previous, undefined);
  });

  it('an empty history is an empty last page', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant, { first_text: 'placeholder' });
    const page = await get(tenant, request.request_id, { limit: '10', last: 'true' });
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(page.body, { messages: [] });
  });

  it('bad cursors and combinations are 422 JSON', async () => {
    const tenant = await newTenant(t);
    const requestId = await history(tenant, 4);
    const cursor = (await get(tenant, requestId, { limit: '2', last: 'true' })).body.previous as string;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ before: 'garbage' }, /cursor/i],
      [{ before: Buffer.from('["not a date","x"]').toString('base64url') }, /cursor/i],
      [{ before: cursor, after: cursor }, /not both/],
      [{ last: 'true', before: cursor }, /last/],
      [{ last: 'true', after: cursor }, /last/],
      [{ last: 'maybe' }, /last/],
      [{ last: 'true', limit: '0' }, /limit/],
    ];
    for (const [query, message] of cases) {
      const response = await get(tenant, requestId, query);
      assert.equal(response.status, 422, `${JSON.stringify(query)}: ${response.text}`);
      assert.match(String(response.headers['content-type']), /application\/json/);
      assert.match(JSON.stringify(response.body), message, JSON.stringify(query));
    }
  });

  it("another project's request is 404; a visitor pages only their own conversation", async () => {
    const tenant = await newTenant(t);
    const stranger = await newTenant(t);
    const requestId = await history(tenant, 4);
    const cursor = (await get(tenant, requestId, { limit: '2', last: 'true' })).body.previous as string;
    for (const query of [{ last: 'true' }, { before: cursor }] as Array<Record<string, string>>) {
      const response = await t.http('GET', `/${stranger.projectId}/requests/${requestId}/messages`, {
        headers: stranger.owner.basic,
        query,
      });
      assert.equal(response.status, 404, response.text);
    }

    const guest = await anonymous(t, tenant.projectId);
    const other = await anonymous(t, tenant.projectId);
    const own = newRequestId(tenant.projectId);
    for (const text of ['one', 'two', 'three']) {
      await t.http('POST', urlOf(tenant, own), { headers: guest.headers, body: { text } });
    }
    const mine = await get(tenant, own, { limit: '2', last: 'true' }, guest.headers);
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(
      mine.body.messages.map((m: any) => m.text),
      ['two', 'three'],
    );
    const older = await get(tenant, own, { limit: '2', before: mine.body.previous }, guest.headers);
    assert.deepEqual(
      older.body.messages.map((m: any) => m.text),
      ['one'],
    );
    assert.equal(older.body.previous, undefined);
    assert.equal((await get(tenant, own, { last: 'true' }, other.headers)).status, 404);
    assert.equal((await get(tenant, own, { before: mine.body.previous }, other.headers)).status, 404);
    assert.equal((await get(tenant, requestId, { last: 'true' }, guest.headers)).status, 404);
  });
});
