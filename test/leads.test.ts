import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, createSubscription } from './helpers/machine-principals.js';
import type { DomainEvent } from '../src/platform/events/event-bus.js';

describe('leads', () => {
  let t: TestApp;
  const seen: DomainEvent[] = [];
  before(async () => {
    t = await startTestApp();
    for (const name of ['lead.create', 'lead.update', 'lead.delete', 'lead.fullname.email.update']) {
      t.context.events.on(name, (event) => void seen.push(event));
    }
  });
  after(() => t.close());

  const eventsOf = async (projectId: string, name: string) => {
    await t.context.events.drain();
    return seen.filter((event) => event.projectId === projectId && event.name === name);
  };

  const createLead = async (tenant: Tenant, body: Record<string, unknown>) => {
    const response = await t.http('POST', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };

  describe('POST and GET /:id', () => {
    it('creates a lead with a generated uuid lead_id and emits lead.create with its wire JSON', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, {
        fullname: 'Ann Lee',
        email: 'ann@example.com',
        phone: '+39 333',
        city: 'Rome',
        streetAddress: 'Via Roma 1',
        attributes: { plan: 'gold' },
        tags: ['vip', 'vip', 'new'],
        id_project: 'someone-else',
        status: 1000,
      });
      assert.match(lead.lead_id, /^[0-9a-f-]{36}$/);
      assert.equal(lead._id, lead.id);
      assert.equal(lead.id_project, tenant.projectId);
      assert.equal(lead.createdBy, tenant.owner.id);
      assert.equal(lead.status, 100);
      assert.equal(lead.streetAddress, 'Via Roma 1');
      assert.deepEqual(lead.tags, ['vip', 'new']);
      assert.deepEqual(lead.attributes, { plan: 'gold' });
      assert.equal(lead.company, undefined);

      const fetched = await t.http('GET', `/${tenant.projectId}/leads/${lead._id}`, { headers: tenant.owner.jwt });
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.body, lead);
      assert.deepEqual(
        (await eventsOf(tenant.projectId, 'lead.create')).map((event) => event.payload),
        [lead],
      );
    });

    it('keeps a given lead_id and answers 409 when the project already has it', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, { lead_id: 'visitor-1', fullname: 'First' });
      assert.equal(lead.lead_id, 'visitor-1');
      const again = await t.http('POST', `/${tenant.projectId}/leads`, {
        headers: tenant.owner.basic,
        body: { lead_id: 'visitor-1', fullname: 'Second' },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.success, false);
      const list = await t.http('GET', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic });
      assert.equal(list.body.count, 1);
      assert.equal(list.body.leads[0].fullname, 'First');
    });

    it('answers 422 for wrong types, 400 for malformed JSON and 404 for an unknown id', async () => {
      const tenant = await newTenant(t);
      const base = `/${tenant.projectId}/leads`;
      for (const body of [{ attributes: 'x' }, { fullname: { a: 1 } }, { tags: [{}] }]) {
        const response = await t.http('POST', base, { headers: tenant.owner.basic, body });
        assert.equal(response.status, 422, JSON.stringify(body));
        assert.equal(response.body.errors[0].location, 'body');
      }
      const malformed = await t.http('POST', base, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
        payload: '{"fullname": ',
      });
      assert.equal(malformed.status, 400);
      const unknown = await t.http('GET', `${base}/5f0000000000000000000000`, { headers: tenant.owner.basic });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { success: false, msg: 'Object not found.' });
      assert.equal((await t.http('GET', base, { headers: tenant.owner.basic })).body.count, 0);
    });
  });

  describe('GET / (list)', () => {
    it('pages newest first with perPage and the total count; limit is capped at 100', async () => {
      const tenant = await newTenant(t);
      for (let i = 0; i < 5; i++) await createLead(tenant, { fullname: `Lead ${i}` });
      const base = `/${tenant.projectId}/leads`;
      const first = await t.http('GET', base, { headers: tenant.owner.basic });
      assert.equal(first.status, 200);
      assert.equal(first.body.perPage, 40);
      assert.equal(first.body.count, 5);
      assert.deepEqual(
        first.body.leads.map((lead: any) => lead.fullname),
        ['Lead 4', 'Lead 3', 'Lead 2', 'Lead 1', 'Lead 0'],
      );
      const page = await t.http('GET', base, { headers: tenant.owner.basic, query: { limit: '2', page: '1' } });
      assert.equal(page.body.perPage, 2);
      assert.equal(page.body.count, 5);
      assert.deepEqual(
        page.body.leads.map((lead: any) => lead.fullname),
        ['Lead 2', 'Lead 1'],
      );
      const capped = await t.http('GET', base, { headers: tenant.owner.basic, query: { limit: '500' } });
      assert.equal(capped.body.perPage, 100);
      const ascending = await t.http('GET', base, {
        headers: tenant.owner.basic,
        query: { sort: 'fullname', direction: '1', limit: '1' },
      });
      assert.equal(ascending.body.leads[0].fullname, 'Lead 0');
    });

    it('filters by full text (word prefixes, all words), email, with_email, with_fullname and tags', async () => {
      const tenant = await newTenant(t);
      await createLead(tenant, { fullname: 'Johnny Walker', email: 'JW@Example.com', tags: ['vip', 'eu'] });
      await createLead(tenant, { fullname: 'John Smith', company: 'Acme', tags: ['vip'] });
      await createLead(tenant, { email: 'nobody@example.com' });
      const names = async (query: Record<string, string>) => {
        const response = await t.http('GET', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic, query });
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.count, response.body.leads.length);
        return response.body.leads.map((lead: any) => lead.fullname ?? lead.email).sort();
      };
      assert.deepEqual(await names({ full_text: 'john' }), ['John Smith', 'Johnny Walker']);
      assert.deepEqual(await names({ full_text: 'joh acme' }), ['John Smith']);
      assert.deepEqual(await names({ full_text: "o'brien \\ :* & |" }), []);
      assert.deepEqual(await names({ full_text: '!!!' }), []);
      assert.deepEqual(await names({ email: 'jw@example.COM' }), ['Johnny Walker']);
      assert.deepEqual(await names({ with_email: 'true' }), ['Johnny Walker', 'nobody@example.com']);
      assert.deepEqual(await names({ with_fullname: 'true' }), ['John Smith', 'Johnny Walker']);
      assert.deepEqual(await names({ tags: 'vip' }), ['John Smith', 'Johnny Walker']);
      const both = await t.http('GET', `/${tenant.projectId}/leads?tags=vip&tags=eu`, { headers: tenant.owner.basic });
      assert.deepEqual(
        both.body.leads.map((lead: any) => lead.fullname),
        ['Johnny Walker'],
      );
    });

    it('leaves deleted leads out unless their status is asked for', async () => {
      const tenant = await newTenant(t);
      const kept = await createLead(tenant, { fullname: 'Kept' });
      const gone = await createLead(tenant, { fullname: 'Gone' });
      await t.http('DELETE', `/${tenant.projectId}/leads/${gone._id}`, { headers: tenant.owner.basic });
      const list = await t.http('GET', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic });
      assert.deepEqual(
        list.body.leads.map((lead: any) => lead._id),
        [kept._id],
      );
      const deleted = await t.http('GET', `/${tenant.projectId}/leads`, {
        headers: tenant.owner.basic,
        query: { status: '1000' },
      });
      assert.deepEqual(
        deleted.body.leads.map((lead: any) => lead._id),
        [gone._id],
      );
    });

    it('answers 422 for an unknown sort or a negative page, 404 for a segment (none exist)', async () => {
      const tenant = await newTenant(t);
      const get = (query: Record<string, string>) =>
        t.http('GET', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic, query });
      assert.equal((await get({ sort: 'password' })).status, 422);
      assert.equal((await get({ page: '-1' })).status, 422);
      assert.equal((await get({ limit: '0' })).status, 422);
      assert.equal((await get({ direction: 'sideways' })).status, 422);
      const segment = await get({ segment: '5f0000000000000000000000' });
      assert.equal(segment.status, 404);
      assert.deepEqual(segment.body, { success: false, msg: 'Error segment not found' });
    });
  });

  describe('updates', () => {
    it('PUT changes only allow-listed fields, replaces tags and emits lead.update', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, { lead_id: 'v-1', fullname: 'Old', tags: ['a'] });
      const response = await t.http('PUT', `/${tenant.projectId}/leads/${lead._id}`, {
        headers: tenant.owner.basic,
        body: {
          fullname: 'New',
          company: 'Acme',
          zipcode: '00100',
          tags: ['b'],
          status: 50,
          lead_id: 'hijack',
          id_project: 'elsewhere',
          createdBy: 'mallory',
        },
      });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.fullname, 'New');
      assert.equal(response.body.company, 'Acme');
      assert.equal(response.body.zipcode, '00100');
      assert.deepEqual(response.body.tags, ['b']);
      assert.equal(response.body.status, 50);
      assert.equal(response.body.lead_id, 'v-1');
      assert.equal(response.body.id_project, tenant.projectId);
      assert.equal(response.body.createdBy, tenant.owner.id);
      assert.deepEqual(
        (await eventsOf(tenant.projectId, 'lead.update')).map((event) => event.payload),
        [response.body],
      );
      assert.equal((await eventsOf(tenant.projectId, 'lead.fullname.email.update')).length, 1);

      const cleared = await t.http('PUT', `/${tenant.projectId}/leads/${lead._id}`, {
        headers: tenant.owner.basic,
        body: { company: '' },
      });
      assert.equal(cleared.body.company, undefined);
      assert.equal(cleared.body.zipcode, '00100');

      const bad = await t.http('PUT', `/${tenant.projectId}/leads/${lead._id}`, {
        headers: tenant.owner.basic,
        body: { status: 7, fullname: 'Never' },
      });
      assert.equal(bad.status, 422);
      const missing = await t.http('PUT', `/${tenant.projectId}/leads/5f0000000000000000000000`, {
        headers: tenant.owner.basic,
        body: { fullname: 'Ghost' },
      });
      assert.equal(missing.status, 404);
      const after = await t.http('GET', `/${tenant.projectId}/leads/${lead._id}`, { headers: tenant.owner.basic });
      assert.equal(after.body.fullname, 'New');
    });

    it('PUT /:id/tag appends new tags in order; DELETE /:id/tag/:tag removes one', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, { fullname: 'Tagged' });
      const url = `/${tenant.projectId}/leads/${lead._id}/tag`;
      const first = await t.http('PUT', url, { headers: tenant.owner.basic, body: ['tag1', 'tag2'] });
      assert.equal(first.status, 200);
      assert.deepEqual(first.body.tags, ['tag1', 'tag2']);
      const second = await t.http('PUT', url, { headers: tenant.owner.basic, body: ['tag2', 'tag 3', 'tag 3'] });
      assert.deepEqual(second.body.tags, ['tag1', 'tag2', 'tag 3']);
      const removed = await t.http('DELETE', `${url}/${encodeURIComponent('tag 3')}`, { headers: tenant.owner.basic });
      assert.equal(removed.status, 200);
      assert.deepEqual(removed.body.tags, ['tag1', 'tag2']);
      const absent = await t.http('DELETE', `${url}/nope`, { headers: tenant.owner.basic });
      assert.deepEqual(absent.body.tags, ['tag1', 'tag2']);

      // Concurrent additions all land: the append is one statement on the row.
      await Promise.all(
        ['c1', 'c2', 'c3', 'c4'].map((tag) => t.http('PUT', url, { headers: tenant.owner.basic, body: [tag] })),
      );
      const merged = await t.http('GET', `/${tenant.projectId}/leads/${lead._id}`, { headers: tenant.owner.basic });
      assert.deepEqual(merged.body.tags.slice(0, 2), ['tag1', 'tag2']);
      assert.deepEqual(merged.body.tags.slice(2).sort(), ['c1', 'c2', 'c3', 'c4']);

      for (const body of [{ tags: ['x'] }, [1, {}]]) {
        assert.equal((await t.http('PUT', url, { headers: tenant.owner.basic, body })).status, 422);
      }
      // An empty tag is dropped (docs/liberal-input.md): nothing to add.
      const empty = await t.http('PUT', url, { headers: tenant.owner.basic, body: [''] });
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body.tags, merged.body.tags);
      const unknown = await t.http('PUT', `/${tenant.projectId}/leads/5f0000000000000000000000/tag`, {
        headers: tenant.owner.basic,
        body: ['x'],
      });
      assert.equal(unknown.status, 404);
    });

    it('PATCH /:id/attributes and POST|PATCH /:id/properties merge key by key', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, { attributes: { a: 1, b: { c: 2 } } });
      const base = `/${tenant.projectId}/leads/${lead._id}`;
      const attributes = await t.http('PATCH', `${base}/attributes`, {
        headers: tenant.owner.basic,
        body: { b: 'replaced', d: [1] },
      });
      assert.equal(attributes.status, 200);
      assert.deepEqual(attributes.body.attributes, { a: 1, b: 'replaced', d: [1] });
      const posted = await t.http('POST', `${base}/properties`, { headers: tenant.owner.basic, body: { x: 1 } });
      assert.deepEqual(posted.body.properties, { x: 1 });
      const patched = await t.http('PATCH', `${base}/properties`, { headers: tenant.owner.basic, body: { y: 2 } });
      assert.deepEqual(patched.body.properties, { x: 1, y: 2 });
      assert.deepEqual(patched.body.attributes, { a: 1, b: 'replaced', d: [1] });
      assert.equal(
        (await t.http('PATCH', `${base}/attributes`, { headers: tenant.owner.basic, body: [1, 2] })).status,
        422,
      );
    });
  });

  describe('deletion', () => {
    it('DELETE /:id sets status 1000 and emits lead.delete; the lead can still be read', async () => {
      const tenant = await newTenant(t);
      const lead = await createLead(tenant, { fullname: 'Soft' });
      const deleted = await t.http('DELETE', `/${tenant.projectId}/leads/${lead._id}`, {
        headers: { ...tenant.owner.basic, 'content-type': 'application/json' },
      });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.status, 1000);
      assert.deepEqual(
        (await eventsOf(tenant.projectId, 'lead.delete')).map((event) => event.payload),
        [deleted.body],
      );
      const read = await t.http('GET', `/${tenant.projectId}/leads/${lead._id}`, { headers: tenant.owner.basic });
      assert.equal(read.body.status, 1000);
    });

    it('DELETE /:id/physical is for the owner only (403 Unauthorized. for an admin)', async () => {
      const tenant = await newTenant(t);
      const admin = await addMember(t, tenant, 'admin');
      const lead = await createLead(tenant, { fullname: 'Hard' });
      const url = `/${tenant.projectId}/leads/${lead._id}/physical`;
      const refused = await t.http('DELETE', url, { headers: admin.basic });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, { success: false, msg: 'Unauthorized.' });
      const bot = await createBot(t, tenant.projectId);
      assert.equal((await t.http('DELETE', url, { headers: bot.headers })).status, 403);
      const done = await t.http('DELETE', url, { headers: tenant.owner.basic });
      assert.equal(done.status, 200);
      assert.equal(done.body._id, lead._id);
      assert.equal(
        (await t.http('GET', `/${tenant.projectId}/leads/${lead._id}`, { headers: admin.basic })).status,
        404,
      );
      assert.equal((await t.http('DELETE', url, { headers: tenant.owner.basic })).status, 404);
    });
  });

  describe('GET /csv', () => {
    it('exports the filtered leads as ";"-separated CSV with quoted text and inert formulas', async () => {
      const tenant = await newTenant(t);
      await createLead(tenant, {
        lead_id: 'l-1',
        fullname: 'Ann "the best"',
        email: 'ann@example.com',
        tags: ['a', 'b'],
      });
      await createLead(tenant, { lead_id: 'l-2', fullname: '=HYPERLINK("http://evil")', note: 'line1\nline2' });
      const gone = await createLead(tenant, { lead_id: 'l-3', fullname: 'Deleted' });
      await t.http('DELETE', `/${tenant.projectId}/leads/${gone._id}`, { headers: tenant.owner.basic });

      const response = await t.http('GET', `/${tenant.projectId}/leads/csv`, {
        headers: tenant.owner.basic,
        query: { sort: 'lead_id', direction: 'asc' },
      });
      assert.equal(response.status, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      const lines = response.text.split('\r\n');
      assert.equal(lines[0].split(';')[0], '"_id"');
      assert.ok(lines[0].includes('"lead_id";"fullname";"email"'));
      assert.ok(lines[1].includes(';"l-1";"Ann ""the best""";"ann@example.com";'));
      assert.ok(lines[1].includes(';"a,b";100;'));
      assert.ok(lines[2].includes(`;"'=HYPERLINK(""http://evil"")";`));
      assert.ok(lines[2].includes('"line1\nline2"'));
      assert.equal(lines.length, 4);
      assert.equal(lines[3], '');
      assert.ok(!response.text.includes('Deleted'));

      const filtered = await t.http('GET', `/${tenant.projectId}/leads/csv`, {
        headers: tenant.owner.basic,
        query: { email: 'ann@example.com' },
      });
      assert.equal(filtered.text.trim().split('\r\n').length, 2);
      const segment = await t.http('GET', `/${tenant.projectId}/leads/csv`, {
        headers: tenant.owner.basic,
        query: { segment: '5f0000000000000000000000' },
      });
      assert.equal(segment.status, 404);
      assert.equal(
        (await t.http('GET', `/${tenant.projectId}/leads/csv?page=x`, { headers: tenant.owner.basic })).status,
        422,
      );
      const guest = await anonymous(t, tenant.projectId);
      assert.equal((await t.http('GET', `/${tenant.projectId}/leads/csv`, { headers: guest.headers })).status, 403);
    });
  });

  describe('access', () => {
    it('admits agents, admins, the project bots and subscriptions; refuses guests and strangers', async () => {
      const tenant = await newTenant(t);
      const other = await newTenant(t);
      const agent = await addMember(t, tenant, 'agent');
      const admin = await addMember(t, tenant, 'admin');
      const guest = await anonymous(t, tenant.projectId);
      const bot = await createBot(t, tenant.projectId);
      const subscription = await createSubscription(t, tenant.projectId);
      const foreignBot = await createBot(t, other.projectId);
      const url = `/${tenant.projectId}/leads`;

      for (const headers of [agent.basic, admin.jwt, bot.headers, subscription.headers]) {
        const response = await t.http('GET', url, { headers });
        assert.equal(response.status, 200, response.text);
      }
      const botLead = await t.http('POST', url, { headers: bot.headers, body: { fullname: 'By bot' } });
      assert.equal(botLead.body.createdBy, `bot_${bot.id}`);

      const asGuest = await t.http('GET', url, { headers: guest.headers });
      assert.equal(asGuest.status, 403);
      assert.deepEqual(asGuest.body, { success: false, msg: 'you dont have the required role.' });
      assert.equal((await t.http('POST', url, { headers: guest.headers, body: { fullname: 'x' } })).status, 403);
      const stranger = await t.http('GET', url, { headers: other.owner.basic });
      assert.deepEqual(stranger.body, { success: false, msg: 'you dont belong to the project.' });
      assert.equal((await t.http('GET', url, { headers: foreignBot.headers })).status, 403);
      assert.equal((await t.http('GET', url)).status, 401);
      assert.equal((await t.http('GET', '/not-a-project/leads', { headers: agent.basic })).status, 400);
    });

    it('ids of project A used in project B find nothing and change nothing', async () => {
      const a = await newTenant(t);
      const b = await newTenant(t);
      const lead = await createLead(a, { fullname: 'Of A', attributes: { k: 1 }, tags: ['t'] });
      const inB = `/${b.projectId}/leads/${lead._id}`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', inB],
        ['PUT', inB, { fullname: 'Taken' }],
        ['PUT', `${inB}/tag`, ['x']],
        ['DELETE', `${inB}/tag/t`],
        ['PATCH', `${inB}/attributes`, { k: 2 }],
        ['POST', `${inB}/properties`, { p: 1 }],
        ['DELETE', inB],
        ['DELETE', `${inB}/physical`],
      ];
      for (const [method, url, body] of calls) {
        const response = await t.http(method, url, { headers: b.owner.basic, body });
        assert.equal(response.status, 404, `${method} ${url}`);
      }
      const direct = await t.http('PUT', `/${a.projectId}/leads/${lead._id}`, {
        headers: b.owner.basic,
        body: { fullname: 'Taken' },
      });
      assert.equal(direct.status, 403);
      const listB = await t.http('GET', `/${b.projectId}/leads`, { headers: b.owner.basic });
      assert.equal(listB.body.count, 0);
      const unchanged = await t.http('GET', `/${a.projectId}/leads/${lead._id}`, { headers: a.owner.basic });
      assert.deepEqual(unchanged.body, lead);
    });
  });

  describe('upsertForRequester (used when a conversation starts)', () => {
    it('reports whether it created the lead, and refreshes name and email otherwise', async () => {
      const tenant = await newTenant(t);
      const upsert = (input: { leadId: string; fullname?: string; email?: string }) =>
        t.context.transaction(() => t.context.services.leads.upsertForRequester(tenant.projectId, input));
      const created = await upsert({ leadId: 'guest-1', fullname: 'Visitor' });
      assert.equal(created.inserted, true);
      const refreshed = await upsert({ leadId: 'guest-1', email: 'v@example.com' });
      assert.equal(refreshed.inserted, false);
      assert.equal(refreshed.id, created.id);
      assert.equal(refreshed.fullname, 'Visitor');
      assert.equal(refreshed.email, 'v@example.com');
      const list = await t.http('GET', `/${tenant.projectId}/leads`, { headers: tenant.owner.basic });
      assert.equal(list.body.count, 1);
    });
  });
});
