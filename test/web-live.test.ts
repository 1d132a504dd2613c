/**
 * The agent console and the visitor widget in a real headless Chromium, against a real port: a
 * visitor's conversation appears live in the agent's inbox, the agent answers, the visitor sees
 * the answer live, and closing it updates the inbox. The console resumes a conversation with
 * `since` after its WebSocket drops. The old dashboard address sends its links on to the console.
 * Every wait is for something on the page; nothing sleeps.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { buildWebApps, launchBrowser, openPage, signIn, type ConsolePage } from './helpers/browser.js';

describe('console and widget in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const pages: ConsolePage[] = [];

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const page of pages) await page.close();
    await browser?.close();
    await t.close();
  });

  /** A new page (its own context) whose errors the test checks. */
  async function open(url?: string): Promise<ConsolePage> {
    const opened = await openPage(browser);
    pages.push(opened);
    // The widget has no icon: the browser's 404 for /favicon.ico is not the page's error.
    await opened.page.route(`${base}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
    if (url) await opened.page.goto(url);
    return opened;
  }

  /** The count a view's button shows, once it shows `expected`. */
  const count = (page: Page, view: string, expected: number) =>
    page.locator(`button[data-view="${view}"] .inbox-count[data-count="${expected}"]`).waitFor();

  const live = (page: Page) => page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

  it('shows a visitor’s conversation live to the agent, and the reply live to the visitor', async () => {
    const tenant = await newTenant(t);
    const agent = await open();
    const inbox = agent.page;
    await signIn(inbox, base, tenant.owner);
    await inbox.getByRole('link', { name: tenant.project.name }).click();
    await inbox.getByRole('heading', { name: 'Inbox' }).waitFor();
    // The inbox's first frame has arrived (an empty project): later conversations come live.
    await count(inbox, 'mine', 0);
    await count(inbox, 'open', 0);
    await live(inbox);

    const visitor = await open(`${base}/widget/?project=${tenant.projectId}`);
    const widget = visitor.page;
    const question = 'Hello <b>there</b>, is my order shipped?';
    await widget.getByLabel('Your message').fill(question);
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.locator('#messages li', { hasText: question }).waitFor();
    // The widget names the visitor "You".
    assert.match(await widget.locator('#messages li.mine .meta').innerText(), /^You · /);

    // The owner is available: the conversation is routed to them and appears in Mine, live.
    const row = inbox.locator('.inbox-row', { hasText: question });
    await row.waitFor();
    const requestId = await row.getAttribute('data-request');
    await count(inbox, 'mine', 1);
    await count(inbox, 'open', 1);
    await row.click();
    const log = inbox.getByRole('log', { name: 'Messages' });
    await log.locator('.message-text', { hasText: question }).waitFor();
    assert.equal(await log.locator('b').count(), 0, 'message text is never HTML');

    const composer = inbox.getByLabel('Reply to the visitor');
    await composer.fill('Yes, it left this morning.');
    await composer.press('Enter');
    await widget.locator('#messages li', { hasText: 'Yes, it left this morning.' }).waitFor();
    await log.locator('.message-me', { hasText: 'Yes, it left this morning.' }).waitFor();

    await widget.getByLabel('Your message').fill('Great, thanks!');
    await widget.getByRole('button', { name: 'Send' }).click();
    await log.locator('.message-visitor', { hasText: 'Great, thanks!' }).waitFor();

    await inbox.getByRole('button', { name: 'Close', exact: true }).click();
    await inbox.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
    await count(inbox, 'mine', 0);
    await count(inbox, 'open', 0);
    await count(inbox, 'closed', 1);
    await widget.locator('#messages li', { hasText: 'Chat closed' }).waitFor();
    // Closed lists it (its preview is now the last message).
    await inbox.locator('button[data-view="closed"]').click();
    await inbox.locator(`.inbox-row[data-request="${requestId}"]`, { hasText: 'Great, thanks!' }).waitFor();

    const stored = await t.http('GET', `/${tenant.projectId}/requests`, {
      headers: tenant.owner.jwt,
      query: { status: '1000' },
    });
    assert.equal(stored.body.requests.length, 1);
    assert.equal(stored.body.requests[0].first_text, question);
    assert.equal(stored.body.requests[0].request_id, requestId);
    assert.deepEqual([...agent.errors, ...visitor.errors], []);
  });

  it('resumes with `since` after the WebSocket drops, so a message sent meanwhile is not lost', async () => {
    const tenant = await newTenant(t);
    const requestId = `support-group-${tenant.projectId}-${'ab'.repeat(16)}`;
    const posted = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'Before the drop' },
    });
    assert.equal(posted.status, 200, posted.text);

    const { page, errors } = await open();
    // Every socket of the page goes through here: the test can cut it and refuse reconnections.
    let blocked = false;
    const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    const subscribes: Array<{ topic: string; since?: number }> = [];
    // The conversation's messages topic, and its first frame reaching the page (its seq is where
    // the console resumes from; the page may show the messages it fetched before that).
    const messagesTopic = `/${tenant.projectId}/requests/${requestId}/messages`;
    let delivered: () => void;
    const seen = new Promise<void>((resolve) => (delivered = resolve));
    await page.routeWebSocket(/token=/, (route) => {
      if (blocked) return route.close();
      const server = route.connectToServer();
      routes.push({ page: route, server });
      route.onMessage((message) => {
        const frame = JSON.parse(String(message));
        if (frame.action === 'subscribe') subscribes.push(frame.payload);
        server.send(message);
      });
      server.onMessage((message) => {
        const frame = JSON.parse(String(message));
        if (frame.payload?.topic === messagesTopic && frame.payload.seq !== undefined) delivered();
        route.send(message);
      });
    });
    await signIn(page, base, tenant.owner, `#/${tenant.projectId}/inbox/${requestId}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.locator('.message-text', { hasText: 'Before the drop' }).waitFor();
    await live(page);
    await seen;

    blocked = true;
    for (const socket of routes.splice(0)) {
      await socket.server.close();
      await socket.page.close();
    }
    await page.getByRole('status').filter({ hasText: 'Offline, reconnecting…' }).waitFor();
    const missed = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'Sent while you were offline' },
    });
    assert.equal(missed.status, 200, missed.text);
    blocked = false;
    await log.locator('.message-text', { hasText: 'Sent while you were offline' }).waitFor();
    await live(page);
    assert.equal(routes.length, 1, 'the console connected again');
    const resumed = subscribes.filter((s) => s.topic === messagesTopic && s.since !== undefined);
    assert.equal(resumed.length, 1, JSON.stringify(subscribes));
    // The refused reconnections are logged by the browser; nothing else may have been.
    assert.deepEqual(
      errors.filter((error) => !error.includes('WebSocket')),
      [],
    );
  });

  it('sends the old dashboard’s links on to the console', async () => {
    const tenant = await newTenant(t);
    const requestId = `support-group-${tenant.projectId}-${'cd'.repeat(16)}`;
    const { page, errors } = await open();
    const lands = async (from: string, to: string) => {
      await page.goto(`${base}${from}`);
      await page.waitForURL(`${base}${to}`);
    };
    await lands(
      `/dashboard/#/project/${tenant.projectId}/wsrequest/${requestId}/messages`,
      `/console/#/${tenant.projectId}/inbox/${requestId}`,
    );
    await lands(`/dashboard/#/project/${tenant.projectId}/home`, `/console/#/${tenant.projectId}/inbox`);
    await lands('/dashboard/', '/console/');
    await lands('/dashboard', '/console/');
    // Only safe ids are carried over.
    await lands('/dashboard/#/project/%3Cscript%3E/home', '/console/');
    // Replaced, not pushed: Back does not return to the redirect page.
    assert.equal(await page.evaluate('history.length'), 1 + 5);
    // The sign-in form, then the conversation the link named.
    await lands(
      `/dashboard/#/project/${tenant.projectId}/wsrequest/${requestId}/messages`,
      `/console/#/${tenant.projectId}/inbox/${requestId}`,
    );
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    assert.equal(page.url(), `${base}/console/#/${tenant.projectId}/inbox/${requestId}`);
    assert.deepEqual(errors, []);
  });

  it('follows the visitor’s conversation when the first message had to be sent again', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open();
    let attempts = 0;
    // The posts of the first message (the chat also reads the history at that address).
    await page.route(/\/messages$/, (route) =>
      route.request().method() === 'POST' && ++attempts === 1 ? route.abort() : route.continue(),
    );
    await page.goto(`${base}/widget/?project=${tenant.projectId}`);
    await page.getByLabel('Your message').fill('Anyone there?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: /.+/ }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li', { hasText: 'Anyone there?' }).waitFor();

    const listed = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.jwt });
    assert.equal(listed.body.requests.length, 1, listed.text);
    const requestId = listed.body.requests[0].request_id;
    const answer = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'Yes, how can I help?' },
    });
    assert.equal(answer.status, 200, answer.text);
    await page.locator('#messages li', { hasText: 'Yes, how can I help?' }).waitFor();
    assert.equal(attempts, 2);
    // The aborted request is logged by the browser; nothing else may have been.
    assert.deepEqual(
      errors.filter((error) => !error.includes('ERR_FAILED')),
      [],
    );
  });

  it('asks to sign in again when the session kept in the tab no longer works', async () => {
    const tenant = await newTenant(t);
    const { page } = await open();
    const kept = JSON.stringify({ token: 'JWT not.a.token', user: { id: tenant.owner.id, email: tenant.owner.email } });
    await page.addInitScript({
      content: `sessionStorage.setItem('parley.console.session', ${JSON.stringify(kept)})`,
    });
    await page.goto(`${base}/console/`);
    await page.getByLabel('Password').waitFor();
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: tenant.project.name }).waitFor();
  });

  it('asks the widget for a project id, and refuses a wrong password', async () => {
    const widget = await open(`${base}/widget/`);
    await widget.page.getByRole('alert').filter({ hasText: '?project=' }).waitFor();
    assert.equal(await widget.page.getByRole('button', { name: 'Send' }).isDisabled(), true);

    const tenant = await newTenant(t);
    const { page } = await open(`${base}/console/`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /.+/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
  });
});
