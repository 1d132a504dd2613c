/**
 * `/:project_id/labels`: the widget's translations, as Tiledesk's routes/labels.js and
 * test/labelRoute.js have them (stock languages, clone, write, default, delete, fallbacks).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot } from './helpers/machine-principals.js';
import { newObjectId } from '../src/platform/ids.js';

const EN_PLACEHOLDER = 'type your message..';
const IT_PLACEHOLDER = 'Scrivi la tua domanda...';

describe('labels', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const labels = (tenant: Tenant, path = '') => `/${tenant.projectId}/labels${path}`;
  const clone = async (tenant: Tenant, lang: string) => {
    const response = await t.http('POST', labels(tenant, '/default/clone'), {
      headers: tenant.owner.basic,
      body: { lang },
    });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };
  const read = async (tenant: Tenant, lang: string) => {
    const response = await t.http('GET', labels(tenant, `/${lang}`));
    assert.equal(response.status, 200, response.text);
    return response.body;
  };

  it('answers the public with the stock languages and the stock EN while the project has none', async () => {
    const tenant = await newTenant(t);
    const all = await t.http('GET', labels(tenant));
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body, {});

    const stock = await t.http('GET', labels(tenant, '/default'));
    assert.equal(stock.status, 200);
    assert.deepEqual(
      stock.body.map((entry: any) => entry.lang),
      ['EN', 'IT', 'FR', 'ES', 'DE', 'PT', 'RU', 'TR', 'SR', 'AR', 'UK', 'SV', 'KK', 'UZ', 'AZ'],
    );
    assert.deepEqual(Object.keys(stock.body[0]), ['lang', 'data']);
    assert.deepEqual(
      Object.keys(stock.body[0].data).sort(),
      Object.keys(stock.body[1].data).sort(),
      'every language has the same keys',
    );
    assert.equal(stock.body[0].data.LABEL_PLACEHOLDER, EN_PLACEHOLDER);

    const italian = await t.http('GET', labels(tenant, '/default/IT'));
    assert.equal(italian.body.lang, 'IT');
    assert.equal(italian.body.data.LABEL_PLACEHOLDER, IT_PLACEHOLDER);
    assert.equal((await t.http('GET', labels(tenant, '/default/it-IT'))).body.lang, 'IT');
    const unknown = await t.http('GET', labels(tenant, '/default/XX'));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body, null);

    // Tiledesk: without a document of the project's own, every language is the stock EN.
    for (const lang of ['EN', 'IT', 'ZZ']) {
      const entry = await read(tenant, lang);
      assert.deepEqual(Object.keys(entry), ['lang', 'data']);
      assert.equal(entry.lang, 'EN');
      assert.equal(entry.data.LABEL_PLACEHOLDER, EN_PLACEHOLDER);
    }
  });

  it('clones a stock language into a new document, which makes it the default', async () => {
    const tenant = await newTenant(t);
    const document = await clone(tenant, 'EN');
    assert.equal(document.id_project, tenant.projectId);
    assert.equal(document.createdBy, tenant.owner.id);
    assert.equal(document.data.length, 1);
    assert.equal(document.data[0].lang, 'EN');
    assert.equal(document.data[0].default, true);
    assert.match(document.data[0]._id, /^[0-9a-f]{24}$/);
    assert.equal(document.data[0].data.LABEL_PLACEHOLDER, EN_PLACEHOLDER);
    for (const key of ['_id', 'createdAt', 'updatedAt', '__v']) assert.ok(key in document, key);

    const en = await read(tenant, 'EN');
    assert.equal(en.lang, 'EN');
    assert.equal(en.default, true);
    assert.equal(en._id, document.data[0]._id);
    // A language the project lacks falls back to its default.
    for (const lang of ['IT', 'AR']) assert.equal((await read(tenant, lang)).lang, 'EN');

    const all = await t.http('GET', labels(tenant));
    assert.deepEqual(all.body, document);
  });

  it('clones an unknown language from the stock EN under its own code', async () => {
    const tenant = await newTenant(t);
    const document = await clone(tenant, 'ARR');
    assert.equal(document.data[0].lang, 'ARR');
    const arr = await read(tenant, 'ARR');
    assert.equal(arr.lang, 'ARR');
    assert.equal(arr.default, true);
    assert.equal(arr.data.LABEL_PLACEHOLDER, EN_PLACEHOLDER);
    // The stock languages are untouched.
    assert.equal((await t.http('GET', labels(tenant, '/default/EN'))).body.lang, 'EN');
  });

  it('adds later clones after the first, not as default, and falls back to the default', async () => {
    const tenant = await newTenant(t);
    await clone(tenant, 'IT');
    const document = await clone(tenant, 'EN');
    assert.deepEqual(
      document.data.map((entry: any) => [entry.lang, entry.default]),
      [
        ['IT', true],
        ['EN', false],
      ],
    );
    const en = await read(tenant, 'EN');
    assert.equal(en.data.LABEL_PLACEHOLDER, EN_PLACEHOLDER);
    assert.equal(en.default, false);
    const fr = await read(tenant, 'FR');
    assert.equal(fr.lang, 'IT');
    assert.equal(fr.data.LABEL_PLACEHOLDER, IT_PLACEHOLDER);
    // Beyond Tiledesk: a code finds the project's language by its primary subtag.
    for (const lang of ['it', 'it-IT', 'it_CH']) assert.equal((await read(tenant, lang)).lang, 'IT', lang);
    assert.equal((await read(tenant, 'en-GB')).lang, 'EN');
  });

  it('writes a whole language, replacing the one there, and answers it', async () => {
    const tenant = await newTenant(t);
    await clone(tenant, 'IT');
    const cloned = await clone(tenant, 'EN');
    const before = cloned.data[1];
    const saved = await t.http('POST', labels(tenant), {
      headers: tenant.owner.basic,
      body: { lang: 'EN', data: { LABEL_PLACEHOLDER: 'type your message modified..', PIPPO: 'pippo' } },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.lang, 'EN');
    assert.equal(saved.body.default, false);
    assert.notEqual(saved.body._id, before._id);
    assert.deepEqual(saved.body.data, { LABEL_PLACEHOLDER: 'type your message modified..', PIPPO: 'pippo' });
    assert.deepEqual(await read(tenant, 'EN'), saved.body);
    const all = (await t.http('GET', labels(tenant))).body;
    assert.deepEqual(
      all.data.map((entry: any) => [entry.lang, entry.default]),
      [
        ['IT', true],
        ['EN', false],
      ],
      'a replaced language keeps its place',
    );
  });

  it('writes a first language as the default, and moves the default on request', async () => {
    const tenant = await newTenant(t);
    const first = await t.http('POST', labels(tenant), {
      headers: tenant.owner.basic,
      body: { lang: 'FR', data: { a: 'b' } },
    });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.default, true);

    await clone(tenant, 'EN');
    const ar = await t.http('POST', labels(tenant), {
      headers: tenant.owner.jwt,
      body: { lang: 'AR', default: true, data: { PIPPO: 'pippo', PLUTO: 'pluto' } },
    });
    assert.equal(ar.status, 200, ar.text);
    assert.deepEqual(ar.body.data, { PIPPO: 'pippo', PLUTO: 'pluto' });
    assert.equal(ar.body.default, true);
    const all = (await t.http('GET', labels(tenant))).body;
    assert.deepEqual(
      all.data.map((entry: any) => [entry.lang, entry.default]),
      [
        ['FR', false],
        ['EN', false],
        ['AR', true],
      ],
    );
    assert.equal((await read(tenant, 'DE')).lang, 'AR');
  });

  it('makes a language the default with PATCH /:lang/default', async () => {
    const tenant = await newTenant(t);
    const missing = await t.http('PATCH', labels(tenant, '/IT/default'), { headers: tenant.owner.basic });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { success: false, msg: 'Lang not found' });

    await clone(tenant, 'EN');
    await clone(tenant, 'IT');
    const patched = await t.http('PATCH', labels(tenant, '/IT/default'), { headers: tenant.owner.basic, body: {} });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.lang, 'IT');
    assert.equal(patched.body.default, true);
    const all = (await t.http('GET', labels(tenant))).body;
    assert.deepEqual(
      all.data.map((entry: any) => [entry.lang, entry.default]),
      [
        ['EN', false],
        ['IT', true],
      ],
    );
    assert.equal((await read(tenant, 'ES')).lang, 'IT');
  });

  it('deletes a language (never the default) and the whole document', async () => {
    const tenant = await newTenant(t);
    const nothing = await t.http('DELETE', labels(tenant, '/IT'), { headers: tenant.owner.basic });
    assert.equal(nothing.status, 404);
    assert.deepEqual(nothing.body, { success: false, msg: 'Object not found.' });

    await clone(tenant, 'EN');
    await clone(tenant, 'IT');
    const unknown = await t.http('DELETE', labels(tenant, '/FR'), { headers: tenant.owner.basic });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { success: false, msg: 'Object not found.' });
    const theDefault = await t.http('DELETE', labels(tenant, '/EN'), { headers: tenant.owner.basic });
    assert.equal(theDefault.status, 400);
    assert.deepEqual(theDefault.body, { success: false, msg: "You can't delete the default language." });

    const removed = await t.http('DELETE', labels(tenant, '/IT'), { headers: tenant.owner.basic });
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.body.lang, 'EN', 'answers what IT now reads: the default');
    assert.deepEqual(
      (await t.http('GET', labels(tenant))).body.data.map((entry: any) => entry.lang),
      ['EN'],
    );

    const all = await t.http('DELETE', labels(tenant), { headers: tenant.owner.basic });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body, { n: 1, ok: 1, deletedCount: 1 });
    assert.deepEqual((await t.http('GET', labels(tenant))).body, {});
    assert.equal((await read(tenant, 'IT')).lang, 'EN');
    const again = await t.http('DELETE', labels(tenant), { headers: tenant.owner.basic });
    assert.deepEqual(again.body, { n: 0, ok: 1, deletedCount: 0 });
  });

  it('validates bodies and caps a language and the number of languages', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const noLang = await t.http('POST', labels(tenant, '/default/clone'), { headers, body: {} });
    assert.equal(noLang.status, 422);
    assert.equal(noLang.body.errors[0].param, 'lang');
    const emptyLang = await t.http('POST', labels(tenant, '/default/clone'), { headers, body: { lang: '' } });
    assert.equal(emptyLang.status, 422);
    const noData = await t.http('POST', labels(tenant), { headers, body: { lang: 'EN' } });
    assert.equal(noData.status, 422);
    assert.equal(noData.body.errors[0].param, 'data');
    const textData = await t.http('POST', labels(tenant), { headers, body: { lang: 'EN', data: 'text' } });
    assert.equal(textData.status, 422);
    const longLang = await t.http('POST', labels(tenant), { headers, body: { lang: 'x'.repeat(36), data: {} } });
    assert.equal(longLang.status, 422);

    const huge = await t.http('POST', labels(tenant), {
      headers,
      body: { lang: 'EN', data: { LABEL: 'x'.repeat(40 * 1024) } },
    });
    assert.equal(huge.status, 422, huge.text);
    assert.equal(huge.body.errors[0].param, 'data');
    assert.deepEqual((await t.http('GET', labels(tenant))).body, {}, 'nothing stored');

    for (let i = 0; i < 50; i++) {
      const saved = await t.http('POST', labels(tenant), { headers, body: { lang: `L${i}`, data: { i } } });
      assert.equal(saved.status, 200, saved.text);
    }
    const oneMore = await t.http('POST', labels(tenant), { headers, body: { lang: 'L50', data: {} } });
    assert.equal(oneMore.status, 422, oneMore.text);
    assert.equal(oneMore.body.errors[0].param, 'lang');
    const replace = await t.http('POST', labels(tenant), { headers, body: { lang: 'L7', data: { replaced: true } } });
    assert.equal(replace.status, 200, 'replacing a language is still allowed');
  });

  it('tags reads with an ETag and answers 304 until the labels change', async () => {
    const tenant = await newTenant(t);
    await clone(tenant, 'EN');
    for (const path of ['', '/EN', '/default', '/default/IT']) {
      const first = await t.http('GET', labels(tenant, path));
      assert.equal(first.status, 200);
      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
      assert.equal(first.headers['cache-control'], 'no-cache');
      const again = await t.http('GET', labels(tenant, path), { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, path);
      assert.equal(again.text, '');
      const other = await t.http('GET', labels(tenant, path), { headers: { 'if-none-match': 'W/"1-x"' } });
      assert.equal(other.status, 200);
    }
    const before = String((await t.http('GET', labels(tenant, '/EN'))).headers.etag);
    await t.http('POST', labels(tenant), { headers: tenant.owner.basic, body: { lang: 'EN', data: { a: 'b' } } });
    const after = await t.http('GET', labels(tenant, '/EN'), { headers: { 'if-none-match': before } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.etag, before);
  });

  it('lets only admins change labels, and anyone read them', async () => {
    const tenant = await newTenant(t);
    const admin = await addMember(t, tenant, 'admin');
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId);
    const bot = await createBot(t, tenant.projectId);
    const changes: Array<[string, string, unknown?]> = [
      ['POST', '/default/clone', { lang: 'EN' }],
      ['POST', '', { lang: 'EN', data: {} }],
      ['PATCH', '/EN/default', {}],
      ['DELETE', '/EN'],
      ['DELETE', ''],
    ];
    for (const [method, path, body] of changes) {
      const anonymousCall = await t.http(method, labels(tenant, path), { ...(body !== undefined && { body }) });
      assert.equal(anonymousCall.status, 401, `${method} ${path}`);
      for (const caller of [agent.basic, visitor.headers, bot.headers]) {
        const refused = await t.http(method, labels(tenant, path), {
          headers: caller,
          ...(body !== undefined && { body }),
        });
        assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
      }
    }
    assert.deepEqual((await t.http('GET', labels(tenant))).body, {});
    const byAdmin = await t.http('POST', labels(tenant, '/default/clone'), {
      headers: admin.basic,
      body: { lang: 'IT' },
    });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal(byAdmin.body.createdBy, admin.id);
    for (const caller of [{}, agent.basic, visitor.headers]) {
      const read = await t.http('GET', labels(tenant, '/IT'), { headers: caller });
      assert.equal(read.status, 200);
      assert.equal(read.body.lang, 'IT');
    }
  });

  it('serializes concurrent writes: one document, one default, every language in its own place', async () => {
    const tenant = await newTenant(t);
    const langs = ['EN', 'IT', 'FR', 'ES', 'DE', 'PT'];
    const answers = await Promise.all(
      langs.map((lang, i) =>
        t.http('POST', labels(tenant), {
          headers: tenant.owner.basic,
          body: { lang, data: { i }, ...(i % 2 === 0 && { default: true }) },
        }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    const document = (await t.http('GET', labels(tenant))).body;
    assert.deepEqual(document.data.map((entry: any) => entry.lang).sort(), [...langs].sort());
    assert.equal(document.data.filter((entry: any) => entry.default).length, 1);
  });

  it("keeps each project's labels its own", async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    await clone(a, 'IT');
    assert.deepEqual((await t.http('GET', labels(b))).body, {});
    assert.equal((await read(b, 'IT')).lang, 'EN');
    await clone(b, 'FR');
    assert.deepEqual(
      (await t.http('GET', labels(a))).body.data.map((entry: any) => entry.lang),
      ['IT'],
    );
  });

  it('answers 400 for a malformed or unknown project', async () => {
    const malformed = await t.http('GET', '/not-a-project/labels/EN');
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body, { error: 'Invalid project id: not-a-project' });
    const unknownId = newObjectId();
    const unknown = await t.http('GET', `/${unknownId}/labels`);
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { error: `Project not found with id: ${unknownId}` });
  });
});
