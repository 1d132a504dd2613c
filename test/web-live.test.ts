/**
 * The dashboard and the visitor widget in a real headless Chromium, against a real port: a
 * visitor's conversation appears live on the agent's dashboard, the agent answers, the visitor
 * sees the answer live, and closing it updates the dashboard. Every wait is for something on
 * the page; nothing sleeps.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('dashboard and widget in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  before(async () => {
    t = await startTestApp();
    base = await t.listen();
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    } catch (error) {
      throw new Error(`Headless Chromium could not be launched from ${CHROMIUM}: ${(error as Error).message}`);
    }
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  /** A page whose script errors fail the test. */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, errors };
  }

  it('shows a visitor’s conversation live to the agent, and the reply live to the visitor', async () => {
    const tenant = await newTenant(t);
    const agent = await open(`${base}/dashboard/`);
    const dashboard = agent.page;
    await dashboard.getByLabel('Email').fill(tenant.owner.email);
    await dashboard.getByLabel('Password').fill(tenant.owner.password);
    await dashboard.getByRole('button', { name: 'Sign in' }).click();
    await dashboard.getByRole('button', { name: tenant.project.name }).click();
    // The inbox's first frame has arrived (an empty project): later conversations come live.
    await dashboard.locator('#count', { hasText: '(0)' }).waitFor();
    await dashboard.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    const visitor = await open(`${base}/widget/?project=${tenant.projectId}`);
    const widget = visitor.page;
    const question = 'Hello <b>there</b>, is my order shipped?';
    await widget.getByLabel('Your message').fill(question);
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.locator('#messages li', { hasText: question }).waitFor();
    // Each page shows its reader's own messages as theirs; the widget names the visitor "You".
    assert.match(await widget.locator('#messages li.mine .meta').innerText(), /^You · /);

    const conversation = dashboard.locator('#requests button', { hasText: question });
    await conversation.waitFor();
    await dashboard.locator('#count', { hasText: '(1)' }).waitFor();
    await conversation.click();
    const shown = dashboard.locator('#messages li', { hasText: question });
    await shown.waitFor();
    assert.equal(await dashboard.locator('#messages b').count(), 0, 'message text is never HTML');

    await dashboard.getByLabel('Reply').fill('Yes, it left this morning.');
    await dashboard.getByRole('button', { name: 'Send' }).click();
    await widget.locator('#messages li', { hasText: 'Yes, it left this morning.' }).waitFor();
    await dashboard.locator('#messages li', { hasText: 'Yes, it left this morning.' }).waitFor();
    await dashboard.locator('#messages li.mine', { hasText: 'Yes, it left this morning.' }).waitFor();

    await widget.getByLabel('Your message').fill('Great, thanks!');
    await widget.getByRole('button', { name: 'Send' }).click();
    await dashboard.locator('#messages li', { hasText: 'Great, thanks!' }).waitFor();

    await dashboard.getByRole('button', { name: 'Close conversation' }).click();
    await conversation.waitFor({ state: 'detached' });
    await dashboard.locator('#count', { hasText: '(0)' }).waitFor();
    await dashboard.getByRole('button', { name: 'Closed' }).waitFor();
    await widget.locator('#messages li', { hasText: 'Chat closed' }).waitFor();

    const stored = await t.http('GET', `/${tenant.projectId}/requests`, {
      headers: tenant.owner.jwt,
      query: { status: '1000' },
    });
    assert.equal(stored.body.requests.length, 1);
    assert.equal(stored.body.requests[0].first_text, question);
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

    const page = await browser.newPage();
    // Every socket of the page goes through here: the test can cut it and hold reconnections.
    let blocked = false;
    const routes: WebSocketRoute[] = [];
    const subscribes: any[] = [];
    await page.routeWebSocket(/\?token=/, (route) => {
      if (blocked) return route.close();
      routes.push(route);
      const server = route.connectToServer();
      route.onMessage((message) => {
        const frame = JSON.parse(String(message));
        if (frame.action === 'subscribe') subscribes.push(frame.payload);
        server.send(message);
      });
    });
    await page.goto(`${base}/dashboard/`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: tenant.project.name }).click();
    await page.locator('#requests button', { hasText: 'Before the drop' }).click();
    await page.locator('#messages li', { hasText: 'Before the drop' }).waitFor();

    blocked = true;
    await routes[0].close();
    await page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
    const missed = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: tenant.owner.jwt,
      body: { text: 'Sent while you were offline' },
    });
    assert.equal(missed.status, 200, missed.text);
    blocked = false;
    await page.locator('#messages li', { hasText: 'Sent while you were offline' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const resumed = subscribes.filter((s) => s.topic.endsWith('/messages') && s.since !== undefined);
    assert.equal(resumed.length, 1, JSON.stringify(subscribes));
  });

  it('toggles the agent’s availability and shows their load', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open(`${base}/dashboard/`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: tenant.project.name }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    const available = page.getByLabel('Available');
    assert.equal(await available.isChecked(), true);
    const me = async () =>
      (await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers: tenant.owner.jwt })).body[0];
    const saved = () =>
      page.waitForResponse((r) => r.url().endsWith('/project_users') && r.request().method() === 'PUT');
    await Promise.all([saved(), available.uncheck()]);
    assert.equal((await me()).user_available, false);
    await Promise.all([saved(), available.check()]);
    assert.equal((await me()).user_available, true);

    const created = await t.http('POST', `/${tenant.projectId}/requests`, {
      headers: tenant.owner.jwt,
      body: { first_text: 'assigned to me' },
    });
    assert.equal(created.status, 200, created.text);
    await page.locator('#load', { hasText: '1 assigned' }).waitFor();
    await page.locator('#requests button', { hasText: 'assigned to me' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('follows the visitor’s conversation when the first message had to be sent again', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open(`${base}/widget/?project=${tenant.projectId}`);
    let attempts = 0;
    await page.route(/\/messages$/, (route) => (++attempts === 1 ? route.abort() : route.continue()));
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
    assert.deepEqual(errors, []);
  });

  it('asks to sign in again when the session kept in the tab no longer works', async () => {
    const tenant = await newTenant(t);
    const page = await browser.newPage();
    const kept = JSON.stringify({ token: 'JWT not.a.token', user: { _id: tenant.owner.id } });
    await page.addInitScript({ content: `sessionStorage.setItem('parley.dashboard', ${JSON.stringify(kept)})` });
    await page.goto(`${base}/dashboard/`);
    await page.getByRole('alert').filter({ hasText: /.+/ }).waitFor();
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: tenant.project.name }).waitFor();
  });

  it('asks for a project id, and refuses a wrong password', async () => {
    const widget = await open(`${base}/widget/`);
    await widget.page.getByRole('alert').filter({ hasText: '?project=' }).waitFor();
    assert.equal(await widget.page.getByRole('button', { name: 'Send' }).isDisabled(), true);

    const tenant = await newTenant(t);
    const { page } = await open(`${base}/dashboard`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /.+/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Choose a project' }).isVisible(), false);
  });
});
