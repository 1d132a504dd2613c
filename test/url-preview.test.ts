/**
 * `POST /:project_id/url-preview` (Tiledesk's routes/urlPreview.js): public link previews, one
 * answer per URL in order, fetched from a real local server (redirects, errors, a huge page, a
 * silent one); the SSRF guard, the caps and the rate limits.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { newObjectId } from '../src/platform/ids.js';

const PAGE = `<!doctype html><html><head>
  <meta charset="utf-8"><title>Plain title</title>
  <meta property="og:title" content="Caf&eacute; &amp; Bar">
  <meta property="og:description" content="The best coffee">
  <meta property="og:image" content="https://cdn.example.test/cafe.png">
  <meta property="og:site_name" content="Cafe">
  <meta property="og:type" content="website">
  <meta name="twitter:card" content="summary_large_image">
</head><body><h1>Hello</h1></body></html>`;

interface Site {
  url: string;
  userAgents: string[];
  close(): Promise<void>;
}

async function startSite(): Promise<Site> {
  const userAgents: string[] = [];
  const server = http.createServer((request, response) => {
    userAgents.push(String(request.headers['user-agent']));
    const path = request.url ?? '/';
    if (path === '/page') return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (path === '/redirect') return response.writeHead(301, { location: '/hop' }).end();
    if (path === '/hop') return response.writeHead(302, { location: 'page' }).end();
    if (path === '/loop') return response.writeHead(302, { location: '/loop' }).end();
    if (path === '/ftp') return response.writeHead(302, { location: 'ftp://example.test/x' }).end();
    if (path === '/missing') return response.writeHead(404, { 'content-type': 'text/html' }).end('<title>404</title>');
    if (path === '/image')
      return response.writeHead(200, { 'content-type': 'image/png' }).end('<title>not html</title>');
    if (path === '/silent') return;
    if (path === '/huge') {
      // The head, then far more body than a preview reads: the answer still comes.
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head><meta property="og:title" content="Huge page"></head><body>');
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 8 * 1024 * 1024 && response.write(chunk)) sent += chunk.length;
        if (sent < 8 * 1024 * 1024) response.once('drain', write);
        else response.end('</body></html>');
      };
      return write();
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    userAgents,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('POST /:project_id/url-preview', () => {
  let t: TestApp;
  let site: Site;
  let tenant: Tenant;
  before(async () => {
    // Short, so the silent page gives up soon; not so short that a page answering on a loaded
    // machine (two suites side by side on two cores) is taken for a silent one.
    t = await startTestApp({ URL_PREVIEW_TIMEOUT_MS: '3000' });
    site = await startSite();
    tenant = await newTenant(t);
  });
  after(async () => {
    await site.close();
    await t.close();
  });

  const preview = (urls: unknown, projectId = tenant.projectId) =>
    t.http('POST', `/${projectId}/url-preview`, { body: { urls } });

  it("answers anyone with the page's title, description, image and the rest, null where the page says nothing", async () => {
    const response = await preview([`${site.url}/page`]);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, [
      {
        url: `${site.url}/page`,
        success: true,
        data: {
          url: `${site.url}/page`,
          title: 'Café & Bar',
          description: 'The best coffee',
          image: 'https://cdn.example.test/cafe.png',
          siteName: 'Cafe',
          type: 'website',
          locale: null,
          author: null,
          keywords: null,
          twitterCard: 'summary_large_image',
          twitterTitle: null,
          twitterDescription: null,
          twitterImage: null,
        },
      },
    ]);
    assert.match(site.userAgents.at(-1)!, /ParleyBot/);
  });

  it('answers every URL in order: redirects followed, failures and refusals said per URL', async () => {
    const urls = [
      `${site.url}/redirect`,
      `${site.url}/missing`,
      'ftp://example.test/file',
      123,
      `${site.url}/image`,
      `${site.url}/loop`,
      `${site.url}/ftp`,
      'not a url',
      `${site.url}/page`,
      `${site.url}/page`,
    ];
    const before = site.userAgents.length;
    const response = await preview(urls);
    assert.equal(response.status, 200, response.text);
    const [redirect, missing, ftp, number, image, loop, ftpRedirect, notUrl, page, again] = response.body;
    assert.equal(redirect.success, true);
    assert.equal(redirect.url, `${site.url}/redirect`);
    assert.equal(redirect.data.url, `${site.url}/redirect`);
    assert.equal(redirect.data.title, 'Café & Bar');
    assert.deepEqual(missing, {
      url: `${site.url}/missing`,
      success: false,
      error: 'Request failed with status code 404',
    });
    assert.deepEqual(ftp, { url: 'ftp://example.test/file', success: false, error: 'URL not allowed' });
    assert.deepEqual(number, { url: 123, success: false, error: 'URL not allowed' });
    assert.equal(image.success, true);
    assert.equal(image.data.title, null, 'only HTML is read');
    assert.deepEqual(loop, { url: `${site.url}/loop`, success: false, error: 'Maximum number of redirects exceeded' });
    assert.deepEqual(ftpRedirect, { url: `${site.url}/ftp`, success: false, error: 'URL not allowed' });
    assert.deepEqual(notUrl, { url: 'not a url', success: false, error: 'URL not allowed' });
    assert.deepEqual(page, again);
    // /redirect (3 requests), /missing, /image, /loop (6: 5 redirects followed), /ftp, /page once.
    assert.equal(site.userAgents.length - before, 3 + 1 + 1 + 6 + 1 + 1);
  });

  it('reads only the start of a huge page, and gives up on a silent one', async () => {
    const response = await preview([`${site.url}/huge`, `${site.url}/silent`]);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body[0].success, true);
    assert.equal(response.body[0].data.title, 'Huge page');
    assert.equal(response.body[1].success, false);
    assert.match(response.body[1].error, /timed out/);
  });

  it("answers Tiledesk's 422 for a missing, empty or oversized list", async () => {
    for (const body of [{}, { urls: [] }, { urls: 'https://example.test/' }, { urls: { a: 1 } }]) {
      const response = await t.http('POST', `/${tenant.projectId}/url-preview`, { body });
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.deepEqual(response.body, { success: false, error: 'urls must be a non-empty array' });
    }
    const eleven = await preview(Array.from({ length: 11 }, (_, i) => `https://example.test/${i}`));
    assert.equal(eleven.status, 422);
    assert.deepEqual(eleven.body, { success: false, error: 'urls must contain at most 10 items' });
    const long = await preview([`https://example.test/${'x'.repeat(3000)}`]);
    assert.deepEqual(long.body, [
      { url: `https://example.test/${'x'.repeat(3000)}`, success: false, error: 'URL not allowed' },
    ]);
  });

  it('answers 400 for a malformed or unknown project', async () => {
    const malformed = await preview([`${site.url}/page`], 'nope');
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body, { error: 'Invalid project id: nope' });
    const id = newObjectId();
    const unknown = await preview([`${site.url}/page`], id);
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { error: `Project not found with id: ${id}` });
  });
});

describe('POST /:project_id/url-preview in production settings', () => {
  let t: TestApp;
  let site: Site;
  before(async () => {
    // No worker: with private outbound refused it must not take other tests' webhook jobs.
    t = await startTestApp(
      { ALLOW_PRIVATE_OUTBOUND: 'false', RATE_LIMIT_URL_PREVIEW: '3', RATE_LIMIT_URL_PREVIEW_PER_PROJECT: '5' },
      { startWorkers: false },
    );
    site = await startSite();
  });
  after(async () => {
    await site.close();
    await t.close();
  });

  it('refuses private and loopback targets, however named', async () => {
    const tenant = await newTenant(t);
    const port = new URL(site.url).port;
    const urls = [
      `${site.url}/page`,
      `http://localhost:${port}/page`,
      `http://[::1]:${port}/page`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ];
    const before = site.userAgents.length;
    const response = await t.http('POST', `/${tenant.projectId}/url-preview`, { body: { urls } });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(
      response.body,
      urls.map((url) => ({ url, success: false, error: 'URL not allowed' })),
    );
    assert.equal(site.userAgents.length, before, 'nothing was fetched');
  });

  it('limits calls per client address and per project', async () => {
    const tenant = await newTenant(t);
    const call = (remoteAddress: string) =>
      t.http('POST', `/${tenant.projectId}/url-preview`, { body: { urls: ['ftp://x'] }, remoteAddress });
    for (let i = 0; i < 3; i++) assert.equal((await call('198.51.100.1')).status, 200);
    const limited = await call('198.51.100.1');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(limited.body.success, false);
    // Other addresses still get through, until the project's own limit.
    assert.equal((await call('198.51.100.2')).status, 200);
    assert.equal((await call('198.51.100.3')).status, 200);
    assert.equal((await call('198.51.100.4')).status, 429);
    const other = await newTenant(t);
    const elsewhere = await t.http('POST', `/${other.projectId}/url-preview`, {
      body: { urls: ['ftp://x'] },
      remoteAddress: '198.51.100.5',
    });
    assert.equal(elsewhere.status, 200);
  });
});
