/**
 * The embed snippet the console's settings show, on a customer's page of another origin with a
 * strict CSP of its own: the launcher appears, opens the widget in an iframe on Parley's origin,
 * and a visitor's message there reaches the project. Page styles do not reach the launcher.
 * Then the whole path a customer installs it for: a template bot answers with buttons, the
 * visitor asks for a human, and an agent in the console answers live.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, FrameLocator } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { buildWebApps, launchBrowser, openPage, signIn } from './helpers/browser.js';
import { addIntent, createBot, routeToBot } from './helpers/bot-engine.js';
import { waitUntil } from './helpers/webhook-receiver.js';

describe('the embed script on another site', () => {
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

  /** A customer's page, on its own origin, with the snippet and a hostile stylesheet. */
  async function customerSite(snippet: string): Promise<string> {
    const site = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.setHeader(
        'content-security-policy',
        `default-src 'self'; img-src data:; script-src ${base}; frame-src ${base}`,
      );
      response.end(
        `<!doctype html><html><head><link rel="icon" href="data:,"><title>Shop</title></head>` +
          `<body><h1>A shop</h1>${snippet}</body></html>`,
      );
    });
    sites.push(site);
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    // "localhost" is another origin than Parley's 127.0.0.1.
    return `http://localhost:${(site.address() as AddressInfo).port}/`;
  }

  /** What the server and the widget hold, for a failure to say (a wait that timed out says nothing). */
  async function whatIsHeld(tenant: Tenant, widget: FrameLocator, said: string[]): Promise<string> {
    const listed = await t.http('GET', `/${tenant.projectId}/requests?status=all`, { headers: tenant.owner.basic });
    const held: string[] = [];
    for (const request of listed.body.requests ?? []) {
      held.push(`${request.request_id} status ${request.status} participants ${request.participants?.join(',')}`);
      const messages = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
        headers: tenant.owner.basic,
      });
      for (const m of messages.body as Array<{ sender: string; text: string; createdAt: string }>) {
        held.push(`  ${m.createdAt} ${m.sender}: ${m.text}`);
      }
    }
    const jobs = await t.database.db
      .selectFrom('jobs')
      .select(['kind', 'status', 'attempts', 'last_error', 'run_at'])
      .where('project_id', '=', tenant.projectId)
      .execute();
    const shown = await widget.locator('body').innerText();
    return [
      `The server holds:\n${held.join('\n')}`,
      `Jobs: ${JSON.stringify(jobs)}`,
      `The widget shows:\n${shown}`,
      `Its console said:\n${said.join('\n')}`,
    ].join('\n');
  }

  it('adds a launcher that opens the widget, and the visitor’s message reaches the project', async () => {
    const tenant = await newTenant(t);
    const snippet = `<script src="${base}/widget.js" data-project="${tenant.projectId}" async></script>`;
    const script = await t.http('GET', '/widget.js');
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /^application\/javascript/);
    assert.equal(script.headers['cross-origin-resource-policy'], 'cross-origin');

    const visitor = await openPage(browser);
    const { page } = visitor;
    await page.goto(await customerSite(snippet));
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.click();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    const widget = page.frameLocator('iframe[title="Chat"]');
    await widget.getByLabel('Your message').fill('Hello from the shop');
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.getByText('Hello from the shop').waitFor();

    const requests = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
    assert.equal(requests.body.requests.length, 1);
    assert.equal(requests.body.requests[0].first_text, 'Hello from the shop');
    await launcher.click();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('iframe[title="Chat"]').isVisible(), false);
    assert.deepEqual(visitor.errors, []);
    await visitor.close();
  });
  it('from the snippet: a template bot’s buttons, a hand-over, and an agent answering live from the console', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Helper', type: 'internal', template: 'handoff' });
    await addIntent(t, tenant, bot._id, {
      question: 'Where is my order?',
      answer: ['Let me see.', '* 👨🏻‍🦰 I want an agent', '* Track it https://shop.example.com/track'].join('\n'),
    });
    await routeToBot(t, tenant, bot._id);

    const agent = await openPage(browser);
    await signIn(agent.page, base, tenant.owner, `#/${tenant.projectId}/inbox`);
    await agent.page.getByRole('heading', { name: 'Inbox' }).waitFor();

    const visitor = await openPage(browser);
    const { page } = visitor;
    const said: string[] = [];
    page.on('console', (message) => said.push(`${message.type()}: ${message.text()}`));
    await page.goto(
      await customerSite(`<script src="${base}/widget.js" data-project="${tenant.projectId}" async></script>`),
    );
    await page.getByRole('button', { name: /Chat with us/ }).click();
    const widget = page.frameLocator('iframe[title="Chat"]');
    await widget.getByLabel('Your message').fill('Where is my order?');
    await widget.getByRole('button', { name: 'Send' }).click();
    const answers = widget.getByRole('list', { name: 'Answers to choose from' });
    try {
      await answers.waitFor();
    } catch (error) {
      throw new Error(`The bot's buttons never showed.\n${await whatIsHeld(tenant, widget, said)}`, { cause: error });
    }
    assert.equal(
      await widget.getByRole('link', { name: /Track it/ }).getAttribute('href'),
      'https://shop.example.com/track',
    );
    await answers.getByRole('button', { name: '👨🏻‍🦰 I want an agent' }).click();

    // The bot hands over: the conversation reaches the available agent's inbox, live.
    let requestId = '';
    await waitUntil('the agent in the conversation', async () => {
      const listed = await t.http('GET', `/${tenant.projectId}/requests`, { headers: tenant.owner.basic });
      const request = listed.body.requests[0];
      requestId = request?.request_id ?? '';
      return request?.participantsAgents?.includes(tenant.owner.id) === true;
    });
    await agent.page.locator(`.inbox-row[data-request="${requestId}"]`).click();
    const composer = agent.page.getByLabel('Reply to the visitor');
    await composer.fill('It ships today.');
    await composer.press('Enter');
    await widget.getByText('It ships today.').waitFor();

    assert.deepEqual(visitor.errors, []);
    assert.deepEqual(agent.errors, []);
    await visitor.close();
    await agent.close();
  });
});
