/** GET /requests (reference §3.8): visibility, filters, sorting, pagination; and /me for visitors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import {
  createBot,
  createDepartment,
  createGroup,
  createRequest,
  newRequestId,
  ownerOffline,
} from './helpers/conversations.js';

describe('listing requests', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const ids = async (tenant: Tenant, query: string, headers = tenant.owner.basic) => {
    const response = await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers });
    assert.equal(response.status, 200, `${query}: ${response.text}`);
    return response.body.requests.map((r: any) => r.first_text) as string[];
  };

  it("visibility: owners see all, agents their departments' and their own, bots theirs; guests only /me", async () => {
    const tenant = await newTenant(t);
    await ownerOffline(t, tenant);
    const [a, b, c] = [
      await addMember(t, tenant, 'agent'),
      await addMember(t, tenant, 'agent'),
      await addMember(t, tenant, 'agent'),
    ];
    const deptA = await createDepartment(t, tenant, {
      name: 'A',
      id_group: (await createGroup(t, tenant, [a.id]))._id,
    });
    const deptB = await createDepartment(t, tenant, {
      name: 'B',
      id_group: (await createGroup(t, tenant, [b.id]))._id,
    });
    const guest = await anonymous(t, tenant.projectId);
    const bot = await createBot(t, tenant);
    await createRequest(t, tenant, { first_text: 'to a', departmentid: deptA._id });
    await createRequest(t, tenant, { first_text: 'to b', departmentid: deptB._id });
    await createRequest(t, tenant, {
      first_text: 'to the bot',
      participants: [bot.participant],
      departmentid: deptB._id,
    });
    const requestId = newRequestId(tenant.projectId);
    await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: guest.headers,
      body: { text: 'from the guest', departmentid: deptA._id },
    });

    assert.deepEqual(await ids(tenant, '?sort=createdAt&direction=1'), [
      'to a',
      'to b',
      'to the bot',
      'from the guest',
    ]);
    assert.deepEqual(await ids(tenant, '?direction=1', a.basic), ['to a', 'from the guest']);
    assert.deepEqual(await ids(tenant, '?direction=1', b.basic), ['to b', 'to the bot']);
    assert.deepEqual(await ids(tenant, '', c.basic), []);
    assert.deepEqual(await ids(tenant, '', bot.headers), ['to the bot']);
    assert.deepEqual(await ids(tenant, '?mine=true'), [], 'the offline owner was assigned nothing');

    const denied = await t.http('GET', `/${tenant.projectId}/requests`, { headers: guest.headers });
    assert.equal(denied.status, 403);
    const mine = await t.http('GET', `/${tenant.projectId}/requests/me`, { headers: guest.headers });
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.requests.map((r: any) => r.request_id),
      [requestId],
    );
    const other = await anonymous(t, tenant.projectId);
    const none = await t.http('GET', `/${tenant.projectId}/requests/me`, { headers: other.headers });
    assert.equal(none.body.count, 0);

    const csv = await t.http('GET', `/${tenant.projectId}/requests/csv`, { headers: a.basic });
    assert.equal(csv.text.trim().split('\n').length, 3, 'the header and the two requests a may see');
  });

  it('filters: status, participant, lead, requester_email, tags, priority, channel, hasbot, rated, full_text', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId, 'Ann');
    const bot = await createBot(t, tenant);
    const plain = await createRequest(t, tenant, { first_text: 'plain', priority: 'high' });
    const email = await createRequest(t, tenant, {
      first_text: 'by email',
      channel: { name: 'email' },
      email: 'ann@example.test',
      senderFullname: 'Ann Smith',
    });
    await createRequest(t, tenant, { first_text: 'bot', participants: [bot.participant] });
    const guestRequest = await createRequest(t, tenant, { first_text: 'guest one', sender: guest.id });
    await t.http('PUT', `/${tenant.projectId}/requests/${plain.request_id}/tag`, {
      headers: tenant.owner.basic,
      body: [{ tag: 'vip' }],
    });
    await t.http('PATCH', `/${tenant.projectId}/requests/${email.request_id}`, {
      headers: tenant.owner.basic,
      body: { rating: 4, subject: 'Refund for invoice' },
    });
    await t.http('PUT', `/${tenant.projectId}/requests/${guestRequest.request_id}/close`, {
      headers: tenant.owner.basic,
    });

    const sorted = async (query: string) => (await ids(tenant, query)).sort();
    assert.deepEqual(await sorted(''), ['bot', 'by email', 'plain']);
    assert.deepEqual(await sorted('?status=1000'), ['guest one']);
    assert.deepEqual(await sorted('?status=all'), ['bot', 'by email', 'guest one', 'plain']);
    assert.deepEqual(await sorted('?status=200,1000'), ['bot', 'by email', 'guest one', 'plain']);
    assert.deepEqual(await sorted(`?participant=${bot.participant}`), ['bot']);
    assert.deepEqual(await sorted(`?status=all&lead=${guestRequest.lead}`), ['guest one']);
    assert.deepEqual(await sorted('?requester_email=ann@example.test'), ['by email']);
    assert.deepEqual(await sorted('?snap_lead_email=ann@example.test'), ['by email']);
    assert.deepEqual(await sorted(`?status=all&snap_lead_lead_id=${guest.id}`), ['guest one']);
    assert.deepEqual(await sorted('?tags=vip'), ['plain']);
    assert.deepEqual(await sorted('?priority=high'), ['plain']);
    assert.deepEqual(await sorted('?channel=offline'), ['by email']);
    assert.deepEqual(await sorted('?channel=online'), ['bot', 'plain']);
    assert.deepEqual(await sorted('?channel=chat21'), ['bot', 'plain']);
    assert.deepEqual(await sorted('?hasbot=true'), ['bot']);
    assert.deepEqual(await sorted('?hasbot=false'), ['by email', 'plain']);
    assert.deepEqual(await sorted('?rated=true'), ['by email']);
    assert.deepEqual(await sorted('?full_text=refund'), ['by email']);
    assert.deepEqual(await sorted('?full_text=vip'), ['plain']);
    assert.deepEqual(await sorted('?status=all&full_text=Smith'), ['by email']);
    assert.deepEqual(await sorted(`?ticket_id=${plain.ticket_id}`), ['plain']);
    assert.deepEqual(await sorted(`?dept_id=${plain.department}`), ['by email', 'plain']);
    const ranked = await t.http('GET', `/${tenant.projectId}/requests?full_text=refund`, {
      headers: tenant.owner.basic,
    });
    assert.equal(typeof ranked.body.requests[0].score, 'number');
  });

  it('dates: DD/MM/YYYY or YYYY/MM/DD in a time zone; the end day is included', async () => {
    const tenant = await newTenant(t);
    await createRequest(t, tenant, { first_text: 'today' });
    const now = new Date();
    const dd = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const yesterday = new Date(now.getTime() - 2 * 86_400_000);
    const tomorrow = new Date(now.getTime() + 2 * 86_400_000);
    const utc = '&timezone=UTC';
    assert.deepEqual(await ids(tenant, `?start_date=${dd(yesterday)}&end_date=${dd(now)}${utc}`), ['today']);
    assert.deepEqual(await ids(tenant, `?start_date=${dd(tomorrow)}${utc}`), []);
    assert.deepEqual(await ids(tenant, `?end_date=${dd(yesterday)}${utc}`), []);
    const iso = `${now.getUTCFullYear()}/${now.getUTCMonth() + 1}/${now.getUTCDate()}`;
    assert.deepEqual(await ids(tenant, `?start_date=${iso}${utc}`), ['today']);
    assert.deepEqual(await ids(tenant, `?start_date=${iso}%2000:00&filterRangeField=updatedAt${utc}`), ['today']);
    for (const query of [
      '?start_date=31/02/2024',
      '?start_date=yesterday',
      '?start_date=01/01/2024&timezone=Mars/Base',
      '?start_date=01/01/2024&filterRangeField=password',
    ]) {
      const response = await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers: tenant.owner.basic });
      assert.equal(response.status, 422, query);
      assert.equal(response.body.success, false);
    }
  });

  it('pagination: limit (default 40, over 100 -> 40), 0-based page, count unless no_count; sorting', async () => {
    const tenant = await newTenant(t);
    for (let i = 1; i <= 5; i++) await createRequest(t, tenant, { first_text: `r${i}` });
    const page = async (query: string) =>
      (await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers: tenant.owner.basic })).body;
    const first = await page('?limit=2&page=0&direction=1');
    assert.equal(first.perPage, 2);
    assert.equal(first.count, 5);
    assert.deepEqual(
      first.requests.map((r: any) => r.first_text),
      ['r1', 'r2'],
    );
    const third = await page('?limit=2&page=2&direction=1');
    assert.deepEqual(
      third.requests.map((r: any) => r.first_text),
      ['r5'],
    );
    assert.deepEqual(
      (await page('?limit=2')).requests.map((r: any) => r.first_text),
      ['r5', 'r4'],
    );
    assert.equal((await page('?limit=500')).perPage, 40);
    assert.equal((await page('?no_count=true')).count, 0);
    assert.deepEqual(
      (await page('?sort=first_text&direction=-1&limit=1')).requests.map((r: any) => r.first_text),
      ['r5'],
    );
    for (const query of [
      '?limit=abc',
      '?limit=0',
      '?page=-1',
      '?sort=password_hash',
      '?direction=up',
      '?ticket_id=x',
    ]) {
      const response = await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers: tenant.owner.basic });
      assert.equal(response.status, 422, query);
    }
  });

  it('pages of a sort with ties hold every request once, ties in id order, as one page does', async () => {
    const tenant = await newTenant(t);
    for (let i = 1; i <= 7; i++) await createRequest(t, tenant, { first_text: `r${i}` });
    const ids = async (query: string): Promise<string[]> =>
      (await t.http('GET', `/${tenant.projectId}/requests${query}`, { headers: tenant.owner.basic })).body.requests.map(
        (r: any) => r._id,
      );
    for (const direction of ['1', '-1']) {
      // No request is closed: closed_at ties (null) everywhere, and the id decides.
      const whole = await ids(`?sort=closed_at&direction=${direction}&limit=100`);
      const byId = [...whole].sort();
      assert.deepEqual(whole, direction === '1' ? byId : byId.reverse());
      for (const sort of ['closed_at', 'status', 'priority', 'first_text']) {
        const all = await ids(`?sort=${sort}&direction=${direction}&limit=100`);
        assert.equal(all.length, 7);
        const paged: string[] = [];
        for (let page = 0; page < 4; page++) {
          paged.push(...(await ids(`?sort=${sort}&direction=${direction}&limit=2&page=${page}`)));
        }
        assert.deepEqual(paged, all, `sort=${sort} direction=${direction}`);
      }
    }
  });

  it('preflight and temporary requests stay out of the inbox unless asked for', async () => {
    const tenant = await newTenant(t);
    const guest = await anonymous(t, tenant.projectId);
    await t.http('POST', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/messages`, {
      headers: guest.headers,
      body: { text: 'preflight', preflight: true },
    });
    await t.http('POST', `/${tenant.projectId}/requests/${newRequestId(tenant.projectId)}/messages`, {
      headers: guest.headers,
      body: { text: 'temporary', request_status: 50 },
    });
    assert.deepEqual(await ids(tenant, ''), []);
    assert.deepEqual(await ids(tenant, '?preflight=true'), ['preflight']);
    assert.deepEqual(await ids(tenant, '?status=50'), ['temporary']);
  });

  it('a large page is sent whole over a connection: its content-length counts bytes, its text intact', async () => {
    // Bodies from 16 KiB on leave the serializer as UTF-8 bytes (lazy-schemas.ts); the small ones
    // as strings. Both must reach a real client byte for byte.
    const tenant = await newTenant(t);
    const text = (i: number) => `Überweisung ${i} — 退款 🧾 ${'ß'.repeat(400)}`;
    for (let i = 0; i < 40; i++) await createRequest(t, tenant, { first_text: text(i) });
    const base = await t.listen();
    for (const limit of [40, 1]) {
      const response = await fetch(`${base}/${tenant.projectId}/requests?limit=${limit}&direction=1`, {
        headers: tenant.owner.basic,
      });
      assert.equal(response.status, 200);
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(Number(response.headers.get('content-length')), bytes.length);
      if (limit === 40) assert.ok(bytes.length > 32 * 1024, `a page of ${bytes.length} bytes is not large`);
      assert.match(String(response.headers.get('content-type')), /^application\/json; charset=utf-8/);
      const body = JSON.parse(bytes.toString('utf8'));
      assert.equal(body.count, 40);
      assert.deepEqual(
        body.requests.map((request: { first_text: string }) => request.first_text),
        Array.from({ length: limit }, (_, i) => text(i)),
      );
    }
  });
});
