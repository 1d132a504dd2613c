import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type HttpResult, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createBot, createSubscription } from './helpers/machine-principals.js';
import { multipartBody } from './helpers/multipart.js';
import { updateProject } from './helpers/conversations.js';
import { pngBytes } from './helpers/png.js';

const PNG = pngBytes();
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isJson = (response: HttpResult) => String(response.headers['content-type']).startsWith('application/json');

/** A response with its exact bytes (`t.http` decodes bodies as text). */
interface FileResponse extends HttpResult {
  raw: Buffer;
}

interface FilePart {
  content: string | Buffer;
  filename: string;
  type?: string;
}

describe('chat files', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function upload(app: TestApp, projectId: string, headers: Record<string, string>, file: FilePart) {
    const form = await multipartBody({}, { file });
    return app.http('POST', `/${projectId}/files/chat`, {
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
  }

  async function uploaded(projectId: string, headers: Record<string, string>, file: FilePart): Promise<string> {
    const response = await upload(t, projectId, headers, file);
    assert.equal(response.status, 201, response.text);
    assert.equal(response.body.message, 'File uploaded successfully');
    return response.body.filename;
  }

  async function get(url: string, query: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method: 'GET', url, query, headers });
    const json = String(response.headers['content-type']).startsWith('application/json');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: json ? response.json() : response.body,
      text: response.body,
      raw: response.rawPayload,
    } satisfies FileResponse;
  }

  const read = (projectId: string, headers: Record<string, string>, path: string, extra: Record<string, string> = {}) =>
    get(`/${projectId}/files`, { path, ...extra }, headers);

  /** The bytes exactly as sent, with the headers every file response carries. */
  function assertServed(response: FileResponse, bytes: Buffer, contentType: string, disposition: string) {
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.raw, bytes);
    assert.equal(response.headers['content-type'], contentType);
    assert.equal(Number(response.headers['content-length']), bytes.length);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['content-security-policy'], 'sandbox');
    assert.match(String(response.headers['content-disposition']), new RegExp(`^${escape(disposition)}`));
  }

  const rowsOf = (projectId: string) =>
    t.database.db.selectFrom('files').select(['path', 'created_by']).where('project_id', '=', projectId).execute();

  it('stores a PNG from a visitor and from an agent, and serves it back byte for byte', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId, 'Ada');

    const fromVisitor = await uploaded(tenant.projectId, visitor.headers, {
      content: PNG,
      filename: 'screenshot.png',
      type: 'image/png',
    });
    assert.match(fromVisitor, new RegExp(`^uploads/users/${escape(visitor.id)}/files/${UUID}/screenshot\\.png$`));
    const fromAgent = await uploaded(tenant.projectId, agent.jwt, {
      content: PNG,
      filename: 'reply.png',
      type: 'image/png',
    });
    assert.match(fromAgent, new RegExp(`^uploads/users/${agent.id}/files/${UUID}/reply\\.png$`));
    assert.deepEqual(
      (await rowsOf(tenant.projectId)).map((row) => row.created_by).sort(),
      [agent.id, visitor.id].sort(),
    );

    // The other side of the conversation reads it, inline; the uploader too.
    assertServed(await read(tenant.projectId, agent.basic, fromVisitor), PNG, 'image/png', 'inline');
    assertServed(await read(tenant.projectId, visitor.headers, fromAgent), PNG, 'image/png', 'inline');
    assertServed(await read(tenant.projectId, tenant.owner.basic, fromVisitor), PNG, 'image/png', 'inline');
    const asAttachment = await read(tenant.projectId, agent.basic, fromVisitor, { as_attachment: 'true' });
    assertServed(asAttachment, PNG, 'image/png', 'attachment; filename="screenshot.png"');

    const download = await get(`/${tenant.projectId}/files/download`, { path: fromAgent }, visitor.headers);
    assertServed(download, PNG, 'image/png', `attachment; filename="reply.png"; filename*=UTF-8''reply.png`);

    // Messages show files with <img src> and links, which carry no token.
    assertServed(await get('/files', { path: fromVisitor }), PNG, 'image/png', 'inline');
    assertServed(await get('/v3/files', { path: fromVisitor }), PNG, 'image/png', 'inline');
    const publicDownload = await get('/files/download', { path: fromVisitor });
    assertServed(publicDownload, PNG, 'image/png', 'attachment; filename="screenshot.png"');

    // The project routes need a member's credentials.
    const anonymousRead = await read(tenant.projectId, {}, fromVisitor);
    assert.equal(anonymousRead.status, 401);
    assert.ok(isJson(anonymousRead));
  });

  it('serves text as a download, with no sniffing, whatever the query asks', async () => {
    const tenant = await newTenant(t);
    const text = Buffer.from('<html><script>alert(document.cookie)</script></html> héllo\n', 'utf8');
    const path = await uploaded(tenant.projectId, tenant.owner.basic, {
      content: text,
      filename: 'notes.txt',
      type: 'text/plain',
    });
    const served = 'text/plain; charset=utf-8';
    assertServed(
      await read(tenant.projectId, tenant.owner.basic, path),
      text,
      served,
      'attachment; filename="notes.txt"',
    );
    assertServed(await get('/files', { path }), text, served, 'attachment');
  });

  it('names files safely: no folders, no control characters, a bounded length', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const traversal = await uploaded(tenant.projectId, headers, {
      content: 'x',
      filename: '..\\..\\windows\\hosts.txt',
      type: 'text/plain',
    });
    assert.match(traversal, new RegExp(`/files/${UUID}/hosts\\.txt$`));
    const long = await uploaded(tenant.projectId, headers, {
      content: PNG,
      filename: `${'é'.repeat(300)}.png`,
      type: 'image/png',
    });
    const name = long.split('/').pop()!;
    assert.equal([...name].length, 200);
    assert.ok(name.endsWith('é.png'));
    const served = await read(tenant.projectId, headers, long);
    assert.equal(served.status, 200);
    assert.match(
      String(served.headers['content-disposition']),
      /filename="_+\.png"; filename\*=UTF-8''(%C3%A9)+\.png$/,
    );

    // FormData escapes control characters in names; a hand-written body does not.
    const boundary = 'parley-test-boundary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bad\x01na\x7fme\t.txt"\r\n` +
        `Content-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
      'latin1',
    );
    const raw = await t.http('POST', `/${tenant.projectId}/files/chat`, {
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    assert.equal(raw.status, 201, raw.text);
    assert.match(raw.body.filename, new RegExp(`/files/${UUID}/badname\\.txt$`));
  });

  it('refuses extensions off the list (403) and stores nothing', async () => {
    const tenant = await newTenant(t);
    for (const filename of ['page.html', 'image.svg', 'tool.exe', 'README']) {
      const response = await upload(t, tenant.projectId, tenant.owner.basic, {
        content: 'hi',
        filename,
        type: 'text/plain',
      });
      assert.equal(response.status, 403, filename);
      const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.')) : '';
      assert.deepEqual(response.body, { success: false, error: `File extension ${extension} is not allowed` });
    }
    assert.deepEqual(await rowsOf(tenant.projectId), []);
  });

  it('refuses content that is not what the extension says, or a declared type that differs (403)', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const html = '<html><script>alert(1)</script></html>';
    const fake = await upload(t, tenant.projectId, headers, { content: html, filename: 'cat.png', type: 'image/png' });
    assert.equal(fake.status, 403);
    assert.deepEqual(fake.body, {
      success: false,
      error: 'File content does not match mimetype. Detected: unknown, provided: image/png',
    });
    const gifAsPdf = await upload(t, tenant.projectId, headers, {
      content: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      filename: 'invoice.pdf',
      type: 'application/pdf',
    });
    assert.equal(gifAsPdf.status, 403);
    assert.match(gifAsPdf.body.error, /Detected: image\/gif, provided: application\/pdf/);
    const binaryText = await upload(t, tenant.projectId, headers, {
      content: PNG,
      filename: 'a.txt',
      type: 'text/plain',
    });
    assert.equal(binaryText.status, 403);
    const latin1Text = await upload(t, tenant.projectId, headers, {
      content: Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      filename: 'b.txt',
      type: 'text/plain',
    });
    assert.equal(latin1Text.status, 403);
    const declaredHtml = await upload(t, tenant.projectId, headers, {
      content: PNG,
      filename: 'c.png',
      type: 'text/html',
    });
    assert.equal(declaredHtml.status, 403);
    assert.equal(declaredHtml.body.success, false);
    assert.match(declaredHtml.body.error, /Declared: text\/html, expected: image\/png/);
    assert.deepEqual(await rowsOf(tenant.projectId), []);

    // The JPEG spelling browsers use, and a real GIF and PDF, pass.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, ...Buffer.from('JFIF')]);
    await uploaded(tenant.projectId, headers, { content: jpeg, filename: 'photo.JPG', type: 'image/jpeg' });
    await uploaded(tenant.projectId, headers, { content: jpeg, filename: 'photo.jpeg', type: 'image/jpg' });
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const pdfPath = await uploaded(tenant.projectId, headers, {
      content: pdf,
      filename: 'doc.pdf',
      type: 'application/pdf',
    });
    assertServed(await read(tenant.projectId, headers, pdfPath), pdf, 'application/pdf', 'inline');
    assert.equal((await rowsOf(tenant.projectId)).length, 3);
  });

  it('answers 400 with a JSON body to requests without a usable file', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const url = `/${tenant.projectId}/files/chat`;
    const noFile = await multipartBody({ note: 'no file here' }, {});
    const otherField = await multipartBody({}, { attachment: { content: PNG, filename: 'a.png', type: 'image/png' } });
    const emptyName = await multipartBody({}, { file: { content: '', filename: '' } });
    const two = await multipartBody(
      {},
      {
        file: { content: PNG, filename: 'a.png', type: 'image/png' },
        file2: { content: PNG, filename: 'b.png', type: 'image/png' },
      },
    );
    const attempts: Array<[string, Parameters<TestApp['http']>[2]]> = [
      ['no file', { headers: { ...headers, ...noFile.headers }, payload: noFile.payload }],
      ['another field', { headers: { ...headers, ...otherField.headers }, payload: otherField.payload }],
      ['an empty file input', { headers: { ...headers, ...emptyName.headers }, payload: emptyName.payload }],
      ['two files', { headers: { ...headers, ...two.headers }, payload: two.payload }],
      ['a JSON body', { headers, body: { file: PNG.toString('base64'), filename: 'a.png' } }],
      ['no body', { headers }],
      ['raw bytes', { headers: { ...headers, 'content-type': 'image/png' }, payload: PNG }],
      [
        'no boundary',
        { headers: { ...headers, 'content-type': 'multipart/form-data' }, payload: '--x\r\n\r\nhello\r\n--x--' },
      ],
      [
        'a truncated body',
        {
          headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' },
          payload:
            '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n' +
            'Content-Type: text/plain\r\n\r\nhello, and then noth',
        },
      ],
      [
        'garbage',
        {
          headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' },
          payload: 'this is not multipart at all',
        },
      ],
    ];
    for (const [what, options] of attempts) {
      const response = await t.http('POST', url, options);
      assert.equal(response.status, 400, `${what}: ${response.text}`);
      assert.ok(isJson(response), what);
      assert.equal(response.body.success, false, what);
      assert.equal(typeof response.body.error, 'string', what);
    }
    assert.deepEqual(await rowsOf(tenant.projectId), []);
  });

  describe('with a small MAX_UPLOAD_FILE_SIZE', () => {
    let small: TestApp;
    before(async () => {
      small = await startTestApp({ MAX_UPLOAD_FILE_SIZE: '1024' });
    });
    after(() => small.close());

    it('answers 413 with a JSON body over the limit, stores nothing, and takes a file at the limit', async () => {
      const tenant = await newTenant(small);
      const big = await upload(small, tenant.projectId, tenant.owner.basic, {
        content: 'a'.repeat(1025),
        filename: 'big.txt',
        type: 'text/plain',
      });
      assert.equal(big.status, 413);
      assert.ok(isJson(big));
      assert.deepEqual(big.body, { success: false, error: 'File too large', code: 'LIMIT_FILE_SIZE', limit: 1024 });
      const count = () =>
        small.database.db.selectFrom('files').select('path').where('project_id', '=', tenant.projectId).execute();
      assert.deepEqual(await count(), []);
      const fits = await upload(small, tenant.projectId, tenant.owner.basic, {
        content: 'a'.repeat(1024),
        filename: 'fits.txt',
        type: 'text/plain',
      });
      assert.equal(fits.status, 201, fits.text);
      assert.equal((await count()).length, 1);
    });
  });

  it("follows the project's lists: the widget's for visitors, the settings' for the team, */* for any", async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const visitor = await anonymous(t, tenant.projectId);
    const bot = await createBot(t, tenant.projectId);
    await updateProject(t, tenant, {
      widget: { allowedUploadExtentions: '.txt' },
      settings: { allowed_upload_extentions: '.png, .csv' },
    });
    const png = { content: PNG, filename: 'a.png', type: 'image/png' };
    const txt = { content: 'hello', filename: 'a.txt', type: 'text/plain' };
    const csv = { content: 'a;b\n1;2\n', filename: 'a.csv', type: 'text/csv' };
    const status = async (headers: Record<string, string>, file: FilePart) =>
      (await upload(t, tenant.projectId, headers, file)).status;

    assert.equal(await status(visitor.headers, png), 403);
    assert.equal(await status(visitor.headers, txt), 201);
    assert.equal(await status(visitor.headers, csv), 403);
    for (const headers of [agent.basic, tenant.owner.basic, bot.headers]) {
      assert.equal(await status(headers, png), 201);
      assert.equal(await status(headers, txt), 403);
      assert.equal(await status(headers, csv), 201);
    }

    // A type Parley cannot check is kept as opaque bytes and only ever downloaded.
    const csvPath = await uploaded(tenant.projectId, agent.basic, csv);
    const served = await read(tenant.projectId, agent.basic, csvPath);
    assertServed(served, Buffer.from(csv.content), 'application/octet-stream', 'attachment; filename="a.csv"');

    await updateProject(t, tenant, { widget: { allowedUploadExtentions: '*/*' } });
    const anything = { content: '<svg onload="alert(1)"/>', filename: 'x.svg', type: 'image/svg+xml' };
    const svgPath = await uploaded(tenant.projectId, visitor.headers, anything);
    assertServed(
      await get('/files', { path: svgPath }),
      Buffer.from(anything.content),
      'application/octet-stream',
      'attachment',
    );
    // Known types are still checked against their content.
    assert.equal(await status(visitor.headers, { ...png, content: 'not a png' }), 403);
    assert.equal(await status(agent.basic, anything), 403);
  });

  it('lets bots and subscriptions of the project upload and read, and no others', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const bot = await createBot(t, tenant.projectId);
    const subscription = await createSubscription(t, tenant.projectId);
    const path = await uploaded(tenant.projectId, bot.headers, {
      content: PNG,
      filename: 'bot.png',
      type: 'image/png',
    });
    assert.match(path, new RegExp(`^uploads/users/${bot.id}/files/${UUID}/bot\\.png$`));
    assertServed(await read(tenant.projectId, subscription.headers, path), PNG, 'image/png', 'inline');
    await uploaded(tenant.projectId, subscription.headers, { content: 'x', filename: 'log.txt', type: 'text/plain' });

    const outsider = await createBot(t, other.projectId);
    const refused = await upload(t, tenant.projectId, outsider.headers, {
      content: PNG,
      filename: 'a.png',
      type: 'image/png',
    });
    assert.equal(refused.status, 403);
    assert.equal((await read(tenant.projectId, outsider.headers, path)).status, 403);
  });

  it('keeps files inside their project: other members get 403 on its paths, 404 on their own', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const path = await uploaded(a.projectId, a.owner.basic, { content: PNG, filename: 'a.png', type: 'image/png' });
    const bVisitor = await anonymous(t, b.projectId);
    for (const headers of [b.owner.basic, bVisitor.headers]) {
      for (const [method, url] of [
        ['GET', `/${a.projectId}/files`],
        ['GET', `/${a.projectId}/files/download`],
        ['DELETE', `/${a.projectId}/files`],
      ]) {
        const response = await t.http(method, url, { headers, query: { path } });
        assert.equal(response.status, 403, `${method} ${url}`);
      }
      for (const [method, url] of [
        ['GET', `/${b.projectId}/files`],
        ['GET', `/${b.projectId}/files/download`],
        ['DELETE', `/${b.projectId}/files`],
      ]) {
        const response = await t.http(method, url, { headers, query: { path } });
        assert.equal(response.status, 404, `${method} ${url}`);
        assert.deepEqual(response.body, { success: false, error: 'File not found.' });
      }
    }
    assertServed(await read(a.projectId, a.owner.basic, path), PNG, 'image/png', 'inline');
  });

  it('lets the uploader or an admin delete a file, and no one else', async () => {
    const tenant = await newTenant(t);
    const agent = await addMember(t, tenant, 'agent');
    const supervisor = await addMember(t, tenant, 'supervisor');
    const admin = await addMember(t, tenant, 'admin');
    const visitor = await anonymous(t, tenant.projectId);
    const remove = (headers: Record<string, string>, path: string) =>
      t.http('DELETE', `/${tenant.projectId}/files`, { headers, query: { path } });
    const roleRequired = { success: false, msg: 'you dont have the required role.' };

    const visitorFile = await uploaded(tenant.projectId, visitor.headers, {
      content: 'v',
      filename: 'v.txt',
      type: 'text/plain',
    });
    const agentFile = await uploaded(tenant.projectId, agent.basic, {
      content: 'a',
      filename: 'a b.txt',
      type: 'text/plain',
    });
    for (const headers of [visitor.headers, supervisor.basic]) {
      const refused = await remove(headers, agentFile);
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, roleRequired);
    }
    assert.equal((await remove(agent.basic, visitorFile)).status, 403);
    assert.equal((await rowsOf(tenant.projectId)).length, 2);

    const own = await remove(visitor.headers, visitorFile);
    assert.equal(own.status, 200, own.text);
    assert.ok(isJson(own));
    assert.deepEqual(own.body, { message: 'File deleted successfully', filename: encodeURIComponent(visitorFile) });
    const byAdmin = await remove(admin.basic, agentFile);
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal(byAdmin.body.filename, encodeURIComponent(agentFile));
    assert.deepEqual(await rowsOf(tenant.projectId), []);

    for (const response of [
      await remove(admin.basic, agentFile),
      await read(tenant.projectId, agent.basic, agentFile),
      await t.http('GET', '/files', { query: { path: agentFile } }),
    ]) {
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { success: false, error: 'File not found.' });
    }
    const noPath = await remove(admin.basic, '');
    assert.equal(noPath.status, 400);
    assert.deepEqual(noPath.body, { success: false, error: 'Path parameter is required' });
    assert.equal((await t.http('GET', '/files')).status, 400);
  });

  it('never serves an expired file, and sweeps it away', async () => {
    const tenant = await newTenant(t);
    const headers = tenant.owner.basic;
    const expired = await uploaded(tenant.projectId, headers, { content: PNG, filename: 'old.png', type: 'image/png' });
    const [row] = await t.database.db
      .selectFrom('files')
      .select(['expires_at', 'created_at'])
      .where('path', '=', expired)
      .execute();
    // CHAT_FILE_EXPIRATION_TIME defaults to 30 days.
    assert.equal(row.expires_at.getTime() - row.created_at.getTime(), 30 * 86400 * 1000);

    await t.database.db
      .updateTable('files')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('path', '=', expired)
      .execute();
    for (const response of [
      await read(tenant.projectId, headers, expired),
      await t.http('GET', `/${tenant.projectId}/files/download`, { headers, query: { path: expired } }),
      await t.http('GET', '/files', { query: { path: expired } }),
      await t.http('DELETE', `/${tenant.projectId}/files`, { headers, query: { path: expired } }),
    ]) {
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { success: false, error: 'File not found.' });
    }

    // The next upload, in any project, clears expired files away.
    const other = await newTenant(t);
    await uploaded(other.projectId, other.owner.basic, { content: 'new', filename: 'new.txt', type: 'text/plain' });
    assert.deepEqual(await rowsOf(tenant.projectId), []);
  });

  it('goes with its project: unreadable once it is deleted, gone once it is erased', async () => {
    const soft = await newTenant(t);
    const softPath = await uploaded(soft.projectId, soft.owner.basic, {
      content: PNG,
      filename: 'a.png',
      type: 'image/png',
    });
    assert.equal((await t.http('DELETE', `/projects/${soft.projectId}`, { headers: soft.owner.basic })).status, 200);
    assert.equal((await t.http('GET', '/files', { query: { path: softPath } })).status, 404);

    const hard = await newTenant(t);
    const hardPath = await uploaded(hard.projectId, hard.owner.basic, {
      content: PNG,
      filename: 'b.png',
      type: 'image/png',
    });
    const erased = await t.http('DELETE', `/projects/${hard.projectId}/physical`, { headers: hard.owner.basic });
    assert.equal(erased.status, 200, erased.text);
    assert.deepEqual(await t.database.db.selectFrom('files').select('path').where('path', '=', hardPath).execute(), []);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const { paths } = (await t.http('GET', '/openapi.json')).body;
    const find = (path: string) => paths[path] ?? paths[`${path}/`];
    assert.ok(find('/{project_id}/files/chat')?.post?.responses['201']);
    assert.ok(find('/{project_id}/files')?.get && find('/{project_id}/files')?.delete);
    assert.ok(find('/{project_id}/files/download')?.get);
    assert.deepEqual(find('/files')?.get?.security, []);
    assert.ok(find('/files/download')?.get);
  });
});
