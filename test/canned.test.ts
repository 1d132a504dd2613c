import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant, type TestUser } from './helpers/factories.js';
import { createBot } from './helpers/machine-principals.js';

describe('canned responses', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const url = (tenant: Tenant, id?: string) => `/${tenant.projectId}/canned${id ? `/${id}` : ''}`;

  const createCanned = async (tenant: Tenant, author: TestUser, body: Record<string, unknown>) => {
    const response = await t.http('POST', url(tenant), { headers: author.basic, body });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };

  const listTexts = async (tenant: Tenant, viewer: TestUser, query: Record<string, string> = {}) => {
    const response = await t.http('GET', url(tenant), { headers: viewer.basic, query });
    assert.equal(response.status, 200, response.text);
    return response.body.map((canned: any) => canned.text);
  };

  it('creates, reads, updates, soft-deletes and physically deletes a response', async () => {
    const tenant = await newTenant(t);
    const owner = tenant.owner;
    const canned = await createCanned(tenant, owner, {
      title: 'Greeting',
      text: 'Hello, how can I help?',
      attributes: { lang: 'en' },
      id_project: 'elsewhere',
      createdBy: 'mallory',
      status: 1000,
    });
    assert.equal(canned._id, canned.id);
    assert.match(canned._id, /^[0-9a-f]{24}$/);
    assert.equal(canned.id_project, tenant.projectId);
    assert.equal(canned.title, 'Greeting');
    assert.equal(canned.text, 'Hello, how can I help?');
    assert.deepEqual(canned.attributes, { lang: 'en' });
    assert.equal(canned.createdBy, owner.id);
    assert.equal(canned.status, 100);
    // An owner's response is the team's unless it says otherwise (Tiledesk's rule).
    assert.equal(canned.shared, true);
    assert.ok(!Number.isNaN(Date.parse(canned.createdAt)) && !Number.isNaN(Date.parse(canned.updatedAt)));

    const read = await t.http('GET', url(tenant, canned._id), { headers: owner.jwt });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, canned);

    const updated = await t.http('PUT', url(tenant, canned._id), {
      headers: owner.basic,
      body: { text: 'Hi! How can I help?', shared: false, createdBy: 'mallory', status: 1000, id_project: 'x' },
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.text, 'Hi! How can I help?');
    assert.equal(updated.body.title, 'Greeting');
    assert.equal(updated.body.shared, false);
    assert.deepEqual(updated.body.attributes, { lang: 'en' });
    assert.equal(updated.body.createdBy, owner.id);
    assert.equal(updated.body.status, 100);
    assert.equal(updated.body.id_project, tenant.projectId);
    const retitled = await t.http('PUT', url(tenant, canned._id), {
      headers: owner.basic,
      body: { title: 'Welcome', attributes: { lang: 'it' } },
    });
    assert.equal(retitled.body.title, 'Welcome');
    assert.deepEqual(retitled.body.attributes, { lang: 'it' });
    assert.equal(retitled.body.text, 'Hi! How can I help?');

    const deleted = await t.http('DELETE', url(tenant, canned._id), { headers: owner.basic });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body._id, canned._id);
    assert.equal(deleted.body.status, 1000);
    // Soft-deleted: gone from every read and every change...
    assert.deepEqual(await listTexts(tenant, owner), []);
    assert.equal((await t.http('GET', url(tenant, canned._id), { headers: owner.basic })).status, 404);
    const putDeleted = await t.http('PUT', url(tenant, canned._id), { headers: owner.basic, body: { text: 'back' } });
    assert.equal(putDeleted.status, 404);
    assert.equal((await t.http('DELETE', url(tenant, canned._id), { headers: owner.basic })).status, 404);

    // ...but still there to be erased for good.
    const erased = await t.http('DELETE', `${url(tenant, canned._id)}/physical`, { headers: owner.basic });
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.body._id, canned._id);
    assert.equal(erased.body.text, 'Hi! How can I help?');
    const again = await t.http('DELETE', `${url(tenant, canned._id)}/physical`, { headers: owner.basic });
    assert.equal(again.status, 404);
    assert.deepEqual(again.body, { success: false, msg: 'Object not found.' });

    // A live response can be erased directly, and takes nothing else with it.
    const kept = await createCanned(tenant, owner, { text: 'kept' });
    const live = await createCanned(tenant, owner, { text: 'erased at once' });
    const direct = await t.http('DELETE', `${url(tenant, live._id)}/physical`, { headers: owner.basic });
    assert.equal(direct.status, 200);
    assert.equal((await t.http('GET', url(tenant, live._id), { headers: owner.basic })).status, 404);
    assert.deepEqual(await listTexts(tenant, owner), [kept.text]);
  });

  it('lists newest first, searches title and text in any case, and takes a title-less response', async () => {
    const tenant = await newTenant(t);
    const owner = tenant.owner;
    await createCanned(tenant, owner, { title: 'Refunds', text: 'Your refund is on its way.' });
    const untitled = await createCanned(tenant, owner, { text: 'Opening hours: 9 to 17.' });
    assert.equal(untitled.title, undefined);
    assert.equal('title' in untitled, false);
    await createCanned(tenant, owner, { title: 'Shipping', text: 'Orders ship in 2 days, 100% tracked.' });

    assert.deepEqual(await listTexts(tenant, owner), [
      'Orders ship in 2 days, 100% tracked.',
      'Opening hours: 9 to 17.',
      'Your refund is on its way.',
    ]);
    assert.deepEqual(await listTexts(tenant, owner, { text: 'REFUND' }), ['Your refund is on its way.']);
    assert.deepEqual(await listTexts(tenant, owner, { text: 'shipping' }), ['Orders ship in 2 days, 100% tracked.']);
    assert.deepEqual(await listTexts(tenant, owner, { full_text: 'hours' }), ['Opening hours: 9 to 17.']);
    // LIKE wildcards are searched for literally.
    assert.deepEqual(await listTexts(tenant, owner, { text: '100%' }), ['Orders ship in 2 days, 100% tracked.']);
    assert.deepEqual(await listTexts(tenant, owner, { text: '%' }), ['Orders ship in 2 days, 100% tracked.']);
    assert.deepEqual(await listTexts(tenant, owner, { text: '_' }), []);
    assert.deepEqual(await listTexts(tenant, owner, { text: 'nothing like it' }), []);
    assert.equal((await listTexts(tenant, owner, { text: '  ' })).length, 3);
    assert.deepEqual(await listTexts(tenant, owner, { page: '1' }), []);
    const badPage = await t.http('GET', url(tenant), { headers: owner.basic, query: { page: 'x' } });
    assert.equal(badPage.status, 422);
  });

  it('rejects a missing or empty text, wrong types and malformed JSON with nothing stored', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const missing = await t.http('POST', url(tenant), { headers, body: { title: 'No text' } });
    assert.equal(missing.status, 422);
    // express-validator's shape; the missing value itself is left out of the JSON.
    assert.deepEqual(missing.body, {
      errors: [{ msg: 'Invalid value', param: 'text', location: 'body', reason: missing.body.errors[0].reason }],
    });
    assert.equal(typeof missing.body.errors[0].reason, 'string');

    for (const [body, param] of [
      [{ text: '' }, 'text'],
      [{ text: { a: 1 } }, 'text'],
      [{ text: ['a', 'b'] }, 'text'],
      [{ text: 'ok', title: { a: 1 } }, 'title'],
      [{ text: 'ok', shared: 'perhaps' }, 'shared'],
      [{ text: 'ok', attributes: 'y' }, 'attributes'],
    ] as const) {
      const response = await t.http('POST', url(tenant), { headers, body });
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.deepEqual(
        response.body.errors.map((error: any) => [error.param, error.location, error.msg]),
        [[param, 'body', 'Invalid value']],
        JSON.stringify(body),
      );
    }
    const malformed = await t.http('POST', url(tenant), {
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"text":',
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.msg, 'Malformed JSON body.');
    assert.deepEqual(await listTexts(tenant, tenant.owner), []);

    const canned = await createCanned(tenant, tenant.owner, { text: 'unchanged' });
    for (const body of [{ text: '' }, { text: { a: 1 } }, { shared: 'perhaps' }, { attributes: [1] }]) {
      const response = await t.http('PUT', url(tenant, canned._id), { headers, body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
    const read = await t.http('GET', url(tenant, canned._id), { headers });
    assert.deepEqual(read.body, canned);
  });

  it('answers 404 with the usual body for unknown and malformed ids', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    for (const id of ['5f0000000000000000000000', 'not-an-object-id']) {
      for (const [method, path, body] of [
        ['GET', url(tenant, id)],
        ['PUT', url(tenant, id), { text: 'x' }],
        ['DELETE', url(tenant, id)],
        ['DELETE', `${url(tenant, id)}/physical`],
      ] as const) {
        const response = await t.http(method, path, { headers, body });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.deepEqual(response.body, { success: false, msg: 'Object not found.' }, `${method} ${path}`);
      }
    }
  });

  it('admits agents and above; refuses visitors, teammates, bots, strangers and anonymous calls', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const supervisor = await addMember(t, tenant, 'supervisor');
    const teammate = await addMember(t, tenant, 'teammate');
    const visitor = await anonymous(t, tenant.projectId);
    const bot = await createBot(t, tenant.projectId);
    const stranger = await newTenant(t);
    const canned = await createCanned(tenant, tenant.owner, { text: 'For the team' });

    for (const member of [agent, supervisor]) {
      const response = await t.http('GET', url(tenant), { headers: member.basic });
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.map((c: any) => c._id),
        [canned._id],
      );
    }
    const roleRequired = { success: false, msg: 'you dont have the required role.' };
    for (const headers of [visitor.headers, teammate.basic]) {
      for (const [method, path, body] of [
        ['GET', url(tenant)],
        ['POST', url(tenant), { text: 'x' }],
        ['GET', url(tenant, canned._id)],
        ['PUT', url(tenant, canned._id), { text: 'x' }],
        ['DELETE', url(tenant, canned._id)],
        ['DELETE', `${url(tenant, canned._id)}/physical`],
      ] as const) {
        const response = await t.http(method, path, { headers, body });
        assert.equal(response.status, 403, `${method} ${path}`);
        assert.deepEqual(response.body, roleRequired, `${method} ${path}`);
      }
    }
    const byBot = await t.http('GET', url(tenant), { headers: bot.headers });
    assert.equal(byBot.status, 403);
    assert.deepEqual(byBot.body, { success: false, msg: 'you dont belong to the project.' });
    const byStranger = await t.http('POST', url(tenant), { headers: stranger.owner.basic, body: { text: 'x' } });
    assert.equal(byStranger.status, 403);
    assert.deepEqual(byStranger.body, { success: false, msg: 'you dont belong to the project.' });
    assert.equal((await t.http('GET', url(tenant))).status, 401);

    const read = await t.http('GET', url(tenant, canned._id), { headers: tenant.owner.basic });
    assert.deepEqual(read.body, canned);
  });

  it('shows agents the shared responses and their own; admins and owners every one', async () => {
    const tenant = await newTenant(t);
    const ann = await addMember(t, tenant, 'agent');
    const bob = await addMember(t, tenant, 'agent');
    const admin = await addMember(t, tenant, 'admin');

    // Below admin a response is private unless the body shares it.
    const annPrivate = await createCanned(tenant, ann, { text: 'ann private' });
    assert.equal(annPrivate.shared, false);
    assert.equal(annPrivate.createdBy, ann.id);
    const annShared = await createCanned(tenant, ann, { text: 'ann shared', shared: true });
    assert.equal(annShared.shared, true);
    const bobPrivate = await createCanned(tenant, bob, { text: 'bob private' });
    const adminShared = await createCanned(tenant, admin, { text: 'admin shared' });
    assert.equal(adminShared.shared, true);
    const adminPrivate = await createCanned(tenant, admin, { text: 'admin private', shared: false });
    assert.equal(adminPrivate.shared, false);

    assert.deepEqual(await listTexts(tenant, ann), ['admin shared', 'ann shared', 'ann private']);
    assert.deepEqual(await listTexts(tenant, bob), ['admin shared', 'bob private', 'ann shared']);
    const everything = ['admin private', 'admin shared', 'bob private', 'ann shared', 'ann private'];
    assert.deepEqual(await listTexts(tenant, admin), everything);
    assert.deepEqual(await listTexts(tenant, tenant.owner), everything);
    assert.deepEqual(await listTexts(tenant, bob, { text: 'private' }), ['bob private']);

    // Another agent's private response does not exist as far as Bob can tell.
    for (const [method, path, body] of [
      ['GET', url(tenant, annPrivate._id)],
      ['PUT', url(tenant, annPrivate._id), { text: 'seen by bob' }],
      ['DELETE', url(tenant, annPrivate._id)],
      ['DELETE', `${url(tenant, annPrivate._id)}/physical`],
      ['GET', url(tenant, adminPrivate._id)],
    ] as const) {
      const response = await t.http(method, path, { headers: bob.basic, body });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.deepEqual(response.body, { success: false, msg: 'Object not found.' });
    }
    assert.equal((await t.http('GET', url(tenant, annShared._id), { headers: bob.basic })).status, 200);
    const byAdmin = await t.http('GET', url(tenant, annPrivate._id), { headers: admin.basic });
    assert.deepEqual(byAdmin.body, annPrivate);

    // Sharing it later shows it to the team; unsharing hides it again.
    const shared = await t.http('PUT', url(tenant, annPrivate._id), { headers: ann.basic, body: { shared: true } });
    assert.equal(shared.body.shared, true);
    assert.ok((await listTexts(tenant, bob)).includes('ann private'));
    await t.http('PUT', url(tenant, annPrivate._id), { headers: ann.basic, body: { shared: false } });
    assert.ok(!(await listTexts(tenant, bob)).includes('ann private'));
  });

  it('lets the author and admins change a response, and no other agent', async () => {
    const tenant = await newTenant(t);
    const ann = await addMember(t, tenant, 'agent');
    const bob = await addMember(t, tenant, 'agent');
    const supervisor = await addMember(t, tenant, 'supervisor');
    const admin = await addMember(t, tenant, 'admin');
    const roleRequired = { success: false, msg: 'you dont have the required role.' };

    const annShared = await createCanned(tenant, ann, { text: 'ann shared', shared: true });
    const ownerShared = await createCanned(tenant, tenant.owner, { text: 'owner shared' });
    for (const [canned, other] of [
      [annShared, bob],
      [annShared, supervisor],
      [ownerShared, ann],
    ] as const) {
      for (const [method, path, body] of [
        ['PUT', url(tenant, canned._id), { text: 'hijacked' }],
        ['DELETE', url(tenant, canned._id)],
        ['DELETE', `${url(tenant, canned._id)}/physical`],
      ] as const) {
        const response = await t.http(method, path, { headers: other.basic, body });
        assert.equal(response.status, 403, `${method} ${path} by ${other.email}`);
        assert.deepEqual(response.body, roleRequired);
      }
    }
    assert.deepEqual((await t.http('GET', url(tenant, annShared._id), { headers: ann.basic })).body, annShared);
    assert.deepEqual(await listTexts(tenant, bob), ['owner shared', 'ann shared']);

    const byAuthor = await t.http('PUT', url(tenant, annShared._id), { headers: ann.basic, body: { title: 'Mine' } });
    assert.equal(byAuthor.status, 200);
    assert.equal(byAuthor.body.title, 'Mine');
    const annPrivate = await createCanned(tenant, ann, { text: 'ann private' });
    const byAdmin = await t.http('PUT', url(tenant, annPrivate._id), {
      headers: admin.basic,
      body: { text: 'edited' },
    });
    assert.equal(byAdmin.status, 200);
    assert.equal(byAdmin.body.text, 'edited');
    assert.equal(byAdmin.body.createdBy, ann.id);
    const byOwner = await t.http('DELETE', url(tenant, annShared._id), { headers: tenant.owner.basic });
    assert.equal(byOwner.status, 200);
    assert.equal(byOwner.body.status, 1000);
    const erasedByAuthor = await t.http('DELETE', `${url(tenant, annPrivate._id)}/physical`, { headers: ann.basic });
    assert.equal(erasedByAuthor.status, 200);
    assert.deepEqual(await listTexts(tenant, admin), ['owner shared']);
  });

  it("answers 404 for another project's ids and changes nothing there", async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const canned = await createCanned(a, a.owner, { title: 'A', text: 'from project A' });
    const notFound = { success: false, msg: 'Object not found.' };
    for (const [method, path, body] of [
      ['GET', url(b, canned._id)],
      ['PUT', url(b, canned._id), { text: 'by B' }],
      ['DELETE', url(b, canned._id)],
      ['DELETE', `${url(b, canned._id)}/physical`],
    ] as const) {
      const response = await t.http(method, path, { headers: b.owner.basic, body });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.deepEqual(response.body, notFound);
    }
    assert.deepEqual(await listTexts(b, b.owner), []);
    const read = await t.http('GET', url(a, canned._id), { headers: a.owner.basic });
    assert.deepEqual(read.body, canned);
  });

  it('goes with its project when the project is deleted for good', async () => {
    const tenant = await newTenant(t);
    const canned = await createCanned(tenant, tenant.owner, { text: 'short-lived' });
    const erased = await t.http('DELETE', `/projects/${tenant.projectId}/physical`, { headers: tenant.owner.basic });
    assert.equal(erased.status, 200, erased.text);
    // No route reaches a deleted project's rows: look at the table.
    const rows = await t.database.db.selectFrom('canned_responses').select('id').where('id', '=', canned._id).execute();
    assert.deepEqual(rows, []);
  });
});
