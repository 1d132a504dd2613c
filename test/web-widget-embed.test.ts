/**
 * The chat's side of the embed protocol (web/widget/src/embed-protocol.ts), framed by a page of
 * another origin that plays the launcher: the chat says `ready`, takes its set-up from its parent
 * only (a sibling frame's `setUser` is ignored), sends its look, the page's events, the unread
 * count while closed, and asks to be closed. The launcher itself: test/web-embed.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { getRequest, updateProject } from './helpers/conversations.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import { buildWebApps, launchBrowser, openPage } from './helpers/browser.js';
import { SignJWT } from 'jose';

const PROTOCOL = 'parley-widget/1';

describe('the chat framed by a site', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const sites: Server[] = [];

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const site of sites) {
      site.closeAllConnections();
      site.close();
    }
    await t.close();
  });

  /**
   * A page on another origin framing the chat, recording what the chat posts (`received`), and a
   * second frame of its own that tries to speak for the parent.
   */
  async function hostPage(projectId: string): Promise<string> {
    const site = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      if (request.url?.startsWith('/sibling')) {
        response.end(
          `<!doctype html><script>parent.frames[0].postMessage(` +
            `{ parley: '${PROTOCOL}', type: 'setUser', user: { name: 'Mallory', email: 'mallory@example.com' } }, '*');` +
            `parent.postMessage('sibling spoke', '*');</script>`,
        );
        return;
      }
      response.end(
        `<!doctype html><html><head><link rel="icon" href="data:,"><title>Shop</title></head><body>` +
          `<iframe title="Chat" src="${base}/widget/?project=${projectId}"></iframe>` +
          `<script>window.received = []; addEventListener('message', (event) => {` +
          `if (event.source === frames[0]) received.push(event.data); else if (event.data === 'sibling spoke') window.siblingSpoke = true; });` +
          `window.tell = (message) => frames[0].postMessage({ parley: '${PROTOCOL}', ...message }, '*');` +
          `window.addSibling = () => { const frame = document.createElement('iframe'); frame.title = 'Other'; frame.src = '/sibling'; document.body.append(frame); };` +
          `</script></body></html>`,
      );
    });
    sites.push(site);
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    // "localhost" is another origin than Parley's 127.0.0.1.
    return `http://localhost:${(site.address() as AddressInfo).port}/`;
  }

  /** Waits for the chat to have posted a message matching `match`, and answers it. */
  function posted(page: Page, what: string, match: (message: any) => boolean): Promise<any> {
    return waitUntil(what, async () => {
      const received = (await page.evaluate('window.received')) as any[];
      return received.find((message) => message?.parley === PROTOCOL && match(message));
    });
  }

  it('talks with the page that frames it, and only with that page', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, { widget: { themeColor: '#0b6e4f', align: 'left' } });
    const { page, errors, close } = await openPage(browser);
    await page.goto(await hostPage(tenant.projectId));
    await posted(page, 'ready', (message) => message.type === 'ready');

    await page.evaluate(
      `tell({ type: 'init', options: { lang: 'it', user: { name: 'Ada Lovelace', email: 'ada@example.com' },` +
        ` attributes: { plan: 'gold' }, page: { url: 'https://shop.example/cart', title: 'Cart' }, open: true } })`,
    );
    const appearance = await posted(page, 'appearance', (message) => message.type === 'appearance');
    assert.equal(appearance.color, '#0b6e4f');
    assert.equal(appearance.position, 'left');
    await posted(page, 'the ready event', (message) => message.type === 'event' && message.name === 'ready');

    await page.evaluate('addSibling()');
    await waitUntil('the sibling frame spoke', () => page.evaluate('window.siblingSpoke === true'));
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByLabel('Il tuo messaggio').fill('Ciao dal negozio');
    await chat.getByRole('button', { name: 'Invia' }).click();
    await chat.locator('#messages li.mine', { hasText: 'Ciao dal negozio' }).waitFor();
    const started = await posted(
      page,
      'conversationStarted',
      (message) => message.type === 'event' && message.name === 'conversationStarted',
    );
    const request = await getRequest(t, tenant, started.detail.requestId);
    assert.equal(request.lead?.fullname, 'Ada Lovelace', 'the parent’s user, not the sibling’s');
    assert.equal(request.lead?.email, 'ada@example.com');
    assert.equal(request.sourcePage, 'https://shop.example/cart');
    assert.equal(request.attributes?.plan, 'gold');

    // Closed, the chat counts what the visitor has not seen yet.
    await page.evaluate(`tell({ type: 'close' })`);
    const answer = await t.http('POST', `/${tenant.projectId}/requests/${started.detail.requestId}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'Buongiorno!' },
    });
    assert.equal(answer.status, 200, answer.text);
    await posted(page, 'unread 1', (message) => message.type === 'unread' && message.count === 1);
    const received = await posted(
      page,
      'messageReceived',
      (message) => message.type === 'event' && message.name === 'messageReceived',
    );
    assert.equal(received.detail.text, 'Buongiorno!');
    await page.evaluate(`tell({ type: 'open' })`);
    await posted(page, 'unread 0', (message) => message.type === 'unread' && message.count === 0);

    await chat.getByRole('button', { name: 'Riduci la chat' }).click();
    await posted(page, 'requestClose', (message) => message.type === 'requestClose');
    assert.deepEqual(errors, []);
    await close();
  });

  it('signs the site’s own user in with its custom token: their conversations follow them to another browser', async () => {
    const tenant = await newTenant(t);
    const keys = await t.http('POST', `/${tenant.projectId}/keys/generate`, { headers: tenant.owner.basic });
    assert.equal(keys.status, 200, keys.text);
    const customToken = await new SignJWT({
      _id: 'customer-42',
      firstname: 'Grace',
      email: 'grace@example.com',
      sub: 'userexternal',
      aud: `https://tiledesk.com/projects/${tenant.projectId}`,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(keys.body.jwtSecret));
    const url = await hostPage(tenant.projectId);
    const init = `tell({ type: 'init', options: { customToken: '${customToken}', page: { url: 'https://shop.example/', title: 'Shop' }, open: true } })`;

    const first = await openPage(browser);
    await first.page.goto(url);
    await posted(first.page, 'ready', (message) => message.type === 'ready');
    await first.page.evaluate(init);
    const signedIn = await posted(
      first.page,
      'signedIn',
      (message) => message.type === 'event' && message.name === 'signedIn',
    );
    assert.equal(signedIn.detail.anonymous, false);
    const chat = first.page.frameLocator('iframe[title="Chat"]');
    await chat.getByLabel('Your message').fill('Where is my order?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.locator('#messages li.mine', { hasText: 'Where is my order?' }).waitFor();
    assert.deepEqual(first.errors, []);
    await first.close();

    // Another browser (no storage in common), the same user: the conversation is listed.
    const second = await openPage(browser);
    await second.page.goto(url);
    await posted(second.page, 'ready', (message) => message.type === 'ready');
    await second.page.evaluate(init);
    const again = second.page.frameLocator('iframe[title="Chat"]');
    await again.locator('.conversation-list li', { hasText: 'Where is my order?' }).getByRole('button').click();
    await again.locator('#messages li.mine', { hasText: 'Where is my order?' }).waitFor();

    // Signed out, the chat forgets them: a new visitor starts from an empty conversation.
    await second.page.evaluate(`tell({ type: 'signOut' })`);
    await again.locator('#messages li').first().waitFor({ state: 'detached' });
    await again.getByLabel('Your message').waitFor();
    assert.deepEqual(second.errors, []);
    await second.close();
  });
});
