/**
 * The embed script's side of the embed protocol (web/widget/src/embed-protocol.ts) and its
 * `window.Parley` API, on a customer's page of another origin with a strict CSP of its own. The
 * chat in the iframe is a stand-in served in place of `/widget/` (the browser's routing): it says
 * `ready`, records what the launcher sends it, sends `requestClose` on Escape, and the test makes
 * it speak (appearance, unread count, events). test/web-embed.test.ts runs the real chat.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { assertAccessible, buildWebApps, launchBrowser, openPage, type ConsolePage } from './helpers/browser.js';
import { waitUntil } from './helpers/webhook-receiver.js';

const PROTOCOL = 'parley-widget/1';
const PROJECT = '0123456789abcdef01234567';

/** The stand-in chat: its page and its script (a separate file: pages of Parley allow no inline script). */
const STAND_IN_PAGE =
  '<!doctype html><html lang="en"><head><title>Stand-in chat</title></head>' +
  // The script after the input: an `init` that opens the panel may arrive before the body is parsed.
  '<body><label>Your message <input id="text"></label><script src="stand-in.js"></script></body></html>';
const STAND_IN_SCRIPT = `
  window.received = [];
  addEventListener('message', (event) => {
    if (event.source !== parent || !event.data || event.data.parley !== '${PROTOCOL}') return;
    received.push({ origin: event.origin, data: event.data });
    const open = event.data.type === 'open' || (event.data.type === 'init' && event.data.options.open);
    if (open) document.getElementById('text').focus();
  });
  addEventListener('keydown', (event) => {
    if (event.key === 'Escape') parent.postMessage({ parley: '${PROTOCOL}', type: 'requestClose' }, '*');
  });
  parent.postMessage({ parley: '${PROTOCOL}', type: 'ready' }, '*');`;

/** Set up before the snippet, as a page would (the queue's stub), and a log of the page's listeners. */
const SETUP_SCRIPT = `
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  const log = (text) => {
    const item = document.createElement('li');
    item.textContent = text;
    document.getElementById('events').append(item);
  };
  Parley('setUser', { name: 'Ada', email: 'ada@example.test' });
  Parley('setAttributes', { plan: 'pro' });
  Parley('signIn', 'JWT aaa.bbb.ccc');
  Parley('on', 'messageReceived', (detail) => log('messageReceived: ' + detail.text));
  Parley('on', 'open', () => log('open'));
  Parley('on', 'close', () => log('close'));`;

/** A page on the site's origin that the chat's frame is sent to: it speaks the protocol, from the wrong origin. */
const IMPOSTOR_SCRIPT = `
  parent.postMessage({ parley: '${PROTOCOL}', type: 'unread', count: 9 }, '*');
  parent.postMessage({ parley: '${PROTOCOL}', type: 'requestClose' }, '*');
  parent.postMessage('impostor-done', '*');`;

const HOSTILE_CSS = `button, iframe, div, span { all: unset !important; display: none !important; background: lime !important; }
  button.own { display: inline-block !important; }`;

describe('the embed script’s API and protocol', () => {
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
    for (const site of sites) site.close();
    await t.close();
  });

  /** A customer's page on its own origin ("localhost", not Parley's 127.0.0.1), with its CSP. */
  async function customerSite(body: string, head = ''): Promise<string> {
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>Shop</title>` +
          `<meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<link rel="stylesheet" href="/hostile.css">${head}</head>` +
          `<body><h1>A shop</h1><button class="own">Buy</button><ol id="events"></ol>${body}</body></html>`,
      ],
      '/setup.js': ['text/javascript', SETUP_SCRIPT],
      '/hostile.css': ['text/css', HOSTILE_CSS],
      '/impostor.js': ['text/javascript', IMPOSTOR_SCRIPT],
      '/blank.html': ['text/html', '<!doctype html><title>No snippet</title>'],
    };
    const site = createServer((request, response) => {
      const file = files[new URL(request.url ?? '/', 'http://x').pathname];
      response.statusCode = file ? 200 : 404;
      response.setHeader('content-type', `${file?.[0] ?? 'text/plain'}; charset=utf-8`);
      response.setHeader(
        'content-security-policy',
        `default-src 'self'; img-src data:; style-src 'self'; script-src 'self' ${base}; frame-src 'self' ${base}`,
      );
      response.end(file?.[1] ?? 'not found');
    });
    sites.push(site);
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    return `http://localhost:${(site.address() as AddressInfo).port}/`;
  }

  const snippet = (attributes = '') =>
    `<script src="${base}/widget.js" data-project="${PROJECT}" ${attributes} async></script>`;

  /** A visitor's page whose `/widget/` is the stand-in chat. */
  async function visit(siteUrl: string, options: Parameters<typeof openPage>[1] = {}): Promise<ConsolePage> {
    const visitor = await openPage(browser, options);
    await visitor.page.context().route(`${base}/widget/**`, (route) => {
      const script = new URL(route.request().url()).pathname.endsWith('/stand-in.js');
      return route.fulfill({
        contentType: script ? 'text/javascript' : 'text/html',
        headers: { 'content-security-policy': "default-src 'self'" },
        body: script ? STAND_IN_SCRIPT : STAND_IN_PAGE,
      });
    });
    // The impostor's page is routed too: Chromium fails a routed frame's navigation to an unrouted
    // page (its script, a subresource, comes from the site).
    await visitor.page.context().route(`${siteUrl}impostor.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': "default-src 'self'" },
        body: '<!doctype html><title>Impostor</title><script src="impostor.js"></script>',
      }),
    );
    await visitor.page.goto(siteUrl);
    return visitor;
  }

  /**
   * Waits until `expression` is true in `frame`, reading it from here: the stand-in chat's CSP
   * forbids eval, and `frame.waitForFunction` with a string may eval it in the page (an EvalError
   * failed a CI run); `frame.evaluate` is not subject to the page's CSP.
   */
  async function until(frame: Frame, expression: string): Promise<void> {
    await waitUntil(expression, () => frame.evaluate<boolean>(expression), 15_000);
  }

  /** The stand-in chat's frame, once it has its `init`. */
  async function chatFrame(page: Page): Promise<Frame> {
    const element = await page.locator('iframe[title="Chat"]').elementHandle();
    const frame = await element!.contentFrame();
    await until(frame!, '(window.received || []).some((m) => m.data.type === "init")');
    return frame!;
  }

  /** What the stand-in chat received, in order. */
  async function received(frame: Frame): Promise<Array<{ origin: string; data: any }>> {
    return frame.evaluate('received');
  }

  /** Waits until the stand-in has received `count` messages, and answers them. */
  async function receivedCount(frame: Frame, count: number) {
    await until(frame, `received.length >= ${count}`);
    return received(frame);
  }

  /** Makes the stand-in chat post a message to the launcher. */
  function chatSays(frame: Frame, message: Record<string, unknown>) {
    return frame.evaluate(`parent.postMessage(${JSON.stringify({ parley: PROTOCOL, ...message })}, '*')`);
  }

  /** A computed style of the element (the tests' type check has no DOM library). */
  function styleOf(locator: Locator, property: string): Promise<string> {
    return locator.evaluate(
      (element, property) => (globalThis as any).getComputedStyle(element)[property] as string,
      property,
    );
  }

  /** Waits in the page for the message `data` (a string), failing after a minute. */
  function messageArrives(page: Page, data: string): Promise<unknown> {
    return page.evaluate(`new Promise((resolve, reject) => {
      addEventListener('message', (event) => event.data === ${JSON.stringify(data)} && resolve(true));
      setTimeout(() => reject(new Error('no ${data} message in a minute')), 60000);
    })`);
  }

  /** Where the focus is inside the launcher's shadow root (the tag name), if there. */
  function focusInLauncher(page: Page): Promise<string | null> {
    return page.evaluate(
      `document.querySelector('[data-parley-widget]').shadowRoot.activeElement?.tagName.toLowerCase() ?? null`,
    );
  }

  it('keeps calls made before it loaded and sends them with init; forwards later ones; events reach listeners', async () => {
    const siteUrl = await customerSite(
      snippet('data-lang="it" data-position="left"'),
      '<script src="/setup.js"></script>',
    );
    const visitor = await visit(siteUrl);
    const { page } = visitor;
    const launcher = page.getByRole('button', { name: 'Scrivici' });
    const box = await launcher.boundingBox();
    assert.ok(box && box.x < 100, `data-position="left" puts the button on the left (x = ${box?.x})`);
    assert.equal(await page.locator('iframe').count(), 0, 'the chat loads on first open only');
    await launcher.click();
    const frame = await chatFrame(page);
    const [init] = await received(frame);
    assert.equal(init!.origin, new URL(siteUrl).origin);
    assert.deepEqual(init!.data, {
      parley: PROTOCOL,
      type: 'init',
      options: {
        lang: 'it',
        user: { name: 'Ada', email: 'ada@example.test' },
        attributes: { plan: 'pro' },
        customToken: 'aaa.bbb.ccc',
        page: { url: siteUrl, title: 'Shop' },
        open: true,
      },
    });
    await page.locator('#events li', { hasText: 'open' }).waitFor();

    await page.evaluate(`Parley.setUser({ email: 'ada@example.org' })`);
    await page.evaluate(`Parley.setAttributes({ seats: 3 })`);
    await page.evaluate(`Parley.signIn('xxx.yyy.zzz')`);
    await page.evaluate(`Parley.signOut()`);
    const later = (await receivedCount(frame, 5)).slice(1).map((message) => message.data);
    assert.deepEqual(later, [
      { parley: PROTOCOL, type: 'setUser', user: { name: 'Ada', email: 'ada@example.org' } },
      { parley: PROTOCOL, type: 'setAttributes', attributes: { plan: 'pro', seats: 3 } },
      { parley: PROTOCOL, type: 'signIn', customToken: 'xxx.yyy.zzz' },
      { parley: PROTOCOL, type: 'signOut' },
    ]);

    await chatSays(frame, {
      type: 'event',
      name: 'messageReceived',
      detail: { requestId: 'r1', text: 'Ciao Ada', senderFullname: 'Bea' },
    });
    await page.locator('#events li', { hasText: 'messageReceived: Ciao Ada' }).waitFor();
    // A listener removed with off() hears nothing more.
    await page.evaluate(`(() => {
      const off = Parley.on('messageReceived', () => { throw new Error('removed listener called'); });
      off();
    })()`);
    await chatSays(frame, {
      type: 'event',
      name: 'messageReceived',
      detail: { requestId: 'r1', text: 'Again', senderFullname: 'Bea' },
    });
    await page.locator('#events li', { hasText: 'messageReceived: Again' }).waitFor();
    assert.deepEqual(visitor.errors, []);
    await visitor.close();
  });

  it('opens and closes by its button, the API and Escape, moving the focus into the chat and back', async () => {
    const visitor = await visit(await customerSite(snippet()));
    const { page } = visitor;
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    await assertAccessible(page, 'the launcher on a customer’s page');
    await launcher.focus();
    await page.keyboard.press('Enter');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    const frame = await chatFrame(page);
    assert.equal(await focusInLauncher(page), 'iframe');
    await frame.locator('#text').waitFor();
    await until(frame, 'document.activeElement.id === "text"');

    // Escape in the chat: the chat asks to close, the focus comes back to the button.
    await page.keyboard.press('Escape');
    await page.locator('iframe[title="Chat"]').waitFor({ state: 'hidden' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await focusInLauncher(page), 'button');

    await page.evaluate('Parley.open()');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('iframe[title="Chat"]').isVisible(), true);
    await page.evaluate('Parley.toggle()');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await page.evaluate(`Parley('toggle')`);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    // Escape on the button itself.
    await launcher.focus();
    await page.keyboard.press('Escape');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await page.evaluate('Parley.open()');
    await page.evaluate('Parley.close()');
    assert.equal(await page.locator('iframe[title="Chat"]').isVisible(), false);

    // One frame all along; the chat heard each open and close after its init.
    assert.equal(await page.locator('iframe').count(), 1);
    const types = (await receivedCount(frame, 8)).map((message) => message.data.type);
    assert.deepEqual(types, ['init', 'close', 'open', 'close', 'open', 'close', 'open', 'close']);
    assert.deepEqual(visitor.errors, []);
    await visitor.close();
  });

  it('takes the chat’s look and unread count, and hears only the chat’s own window on Parley’s origin', async () => {
    const siteUrl = await customerSite(snippet('data-color="#123456"'));
    const visitor = await visit(siteUrl);
    const { page } = visitor;
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    assert.equal(await styleOf(launcher, 'backgroundColor'), 'rgb(18, 52, 86)');
    await launcher.click();
    const frame = await chatFrame(page);
    await chatSays(frame, { type: 'appearance', color: 'rgb(200, 0, 0)', position: 'left', label: 'Ask the shop' });
    await chatSays(frame, { type: 'unread', count: 3 });
    const styled = page.getByRole('button', { name: 'Ask the shop (3 unread)' });
    await styled.waitFor();
    assert.equal(await styleOf(styled, 'backgroundColor'), 'rgb(200, 0, 0)');
    assert.equal(await styleOf(styled, 'color'), 'rgb(255, 255, 255)');
    // On a light colour, dark text (the label changes with it, so the test knows it has arrived).
    await chatSays(frame, { type: 'appearance', color: '#ffd84d', label: 'Ask the yellow shop' });
    const yellow = page.getByRole('button', { name: 'Ask the yellow shop' });
    assert.equal(await styleOf(yellow, 'color'), 'rgb(0, 0, 0)');
    await chatSays(frame, { type: 'appearance', color: 'rgb(200, 0, 0)', label: 'Ask the shop' });
    await styled.waitFor();
    const box = await styled.boundingBox();
    assert.ok(box && box.x < 100, `the button moved to the left (x = ${box?.x})`);

    // The host page itself, speaking the protocol: not heard.
    // (Messages from one window to another arrive in order: once 'done' has, the spoof was handled.)
    const spoofHandled = messageArrives(page, 'done');
    await page.evaluate(
      `postMessage({ parley: '${PROTOCOL}', type: 'unread', count: 7 }, '*'); postMessage('done', '*')`,
    );
    await spoofHandled;
    // The chat's frame sent to another origin (the site's), speaking the protocol: not heard either.
    const impostorDone = messageArrives(page, 'impostor-done');
    await frame.evaluate(`setTimeout(() => location.assign(${JSON.stringify(`${siteUrl}impostor.html`)}))`);
    await impostorDone;
    assert.equal(await page.getByRole('button', { name: 'Ask the shop (3 unread)' }).count(), 1);
    assert.equal(await styled.getAttribute('aria-expanded'), 'true');

    // The page's hostile stylesheet reaches neither the launcher nor the chat's frame.
    assert.equal(await styleOf(styled, 'width'), '56px');
    assert.equal(await page.locator('iframe[title="Chat"]').isVisible(), true);
    // The launcher's styles do not reach the page's own buttons.
    assert.notEqual(await styleOf(page.getByRole('button', { name: 'Buy' }), 'width'), '56px');
    // Its one global: the page's window has `Parley` beyond what the site's page without the snippet has.
    const blank = await page.context().newPage();
    await blank.goto(`${siteUrl}blank.html`);
    const blankGlobals: string[] = await blank.evaluate('Object.keys(window)');
    await blank.close();
    const globals: string[] = await page.evaluate('Object.keys(window)');
    assert.deepEqual(
      globals.filter((key) => !blankGlobals.includes(key)),
      ['Parley'],
    );
    assert.deepEqual(visitor.errors, []);
    await visitor.close();
  });

  it('fills a phone’s screen with the chat, the button becoming its close button (one launcher for two snippets; a sign-out before the chat loads)', async () => {
    const visitor = await visit(await customerSite(snippet() + snippet()), {
      viewport: { width: 375, height: 700 },
      isMobile: true,
      hasTouch: true,
    });
    const { page } = visitor;
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    await page.evaluate('Parley.signOut()');
    await launcher.click();
    const frame = await chatFrame(page);
    assert.equal(await page.locator('[data-parley-widget]').count(), 1);
    // Signed out before the chat loaded: the chat hears it right after its init.
    const types = (await receivedCount(frame, 2)).map((message) => message.data.type);
    assert.deepEqual(types, ['init', 'signOut']);
    assert.deepEqual(await page.locator('iframe[title="Chat"]').boundingBox(), { x: 0, y: 0, width: 375, height: 700 });
    const button = await launcher.boundingBox();
    assert.ok(button && button.y < 20, `the close button sits at the top (y = ${button?.y})`);
    await launcher.click();
    assert.equal(await page.locator('iframe[title="Chat"]').isVisible(), false);
    assert.deepEqual(visitor.errors, []);
    await visitor.close();
  });

  it('refuses a script tag without a valid project id', async () => {
    const visitor = await visit(
      await customerSite(`<script src="${base}/widget.js" data-project="nope" async></script>`),
    );
    const { page } = visitor;
    await page.waitForLoadState('load');
    assert.equal(await page.locator('[data-parley-widget]').count(), 0);
    assert.equal(await page.evaluate('typeof window.Parley'), 'undefined');
    assert.deepEqual(
      visitor.errors.map((error) => error.replace(/ \(.*\)$/, '')),
      ['Parley widget: the script tag needs data-project="<24-hex project id>".'],
    );
    await visitor.close();
  });
});
