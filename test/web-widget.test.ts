/**
 * The visitor chat (`/widget/?project=<id>`, web/widget/) opened directly in a real headless
 * Chromium, with the team on the API: a template bot's buttons, asking for a human and an agent's
 * answer, the agent typing, files both ways, a reload that continues the conversation, the home
 * screen of past conversations. Forms, rating and languages: web-widget-forms.test.ts.
 * Every wait is for something on the page or the server; nothing sleeps.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { addIntent, createBot, routeToBot } from './helpers/bot-engine.js';
import { messagesOf } from './helpers/conversations.js';
import { multipartBody } from './helpers/multipart.js';
import { pngBytes } from './helpers/png.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import { TestSocket } from './helpers/ws-client.js';
import {
  assertAccessible,
  buildWebApps,
  docsScreenshot,
  launchBrowser,
  openPage,
  type ConsolePage,
} from './helpers/browser.js';

describe('the visitor chat in a browser', () => {
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

  async function open(tenant: Tenant, options: Parameters<typeof openPage>[1] = {}): Promise<ConsolePage> {
    const opened = await openPage(browser, options);
    pages.push(opened);
    await opened.page.goto(`${base}/widget/?project=${tenant.projectId}`);
    return opened;
  }

  /** The visitor's only conversation, as the team lists it. */
  async function onlyRequest(tenant: Tenant): Promise<any> {
    let requests: any[] = [];
    await waitUntil('the visitor’s conversation', async () => {
      const listed = await t.http('GET', `/${tenant.projectId}/requests?status=all`, { headers: tenant.owner.basic });
      requests = listed.body.requests;
      return requests.length === 1;
    });
    return requests[0];
  }

  /** Waits for `what` on the page; when it never shows, says what the page and the server hold. */
  async function shown(page: Page, tenant: Tenant, what: Locator): Promise<void> {
    await what.waitFor().catch(async (error: Error) => {
      const request = await onlyRequest(tenant);
      const held = await messagesOf(t, tenant, request.request_id);
      const onPage = await page.locator('main').innerText();
      const onServer = JSON.stringify(held.map((message: any) => [message.sender, message.text, message.createdAt]));
      throw new Error(`${error.message}\npage: ${onPage}\nserver: ${onServer}`);
    });
  }

  it('answers with a template bot’s buttons, hands over to a human who answers live; typing shown both ways', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Helper', type: 'internal', template: 'handoff' });
    await addIntent(t, tenant, bot._id, {
      question: 'I need help',
      answer: ['What about?', '* 👨🏻‍🦰 I want an agent', '* Our docs https://docs.example.com/'].join('\n'),
    });
    await routeToBot(t, tenant, bot._id);
    // The size of the launcher's panel (and of the README's screenshot).
    const { page, errors } = await open(tenant, { viewport: { width: 400, height: 640 } });

    await page.getByLabel('Your message').fill('I need help');
    await page.getByRole('button', { name: 'Send' }).click();
    const answers = page.getByRole('list', { name: 'Answers to choose from' });
    await shown(page, tenant, answers);
    assert.equal(await page.getByRole('link', { name: /Our docs/ }).getAttribute('href'), 'https://docs.example.com/');
    assert.equal(await page.getByRole('link', { name: /Our docs/ }).getAttribute('target'), '_blank');
    await docsScreenshot(page, 'widget-conversation');
    await assertAccessible(page, 'the chat with a bot’s buttons');

    await answers.getByRole('button', { name: '👨🏻‍🦰 I want an agent' }).click();
    await page.locator('#messages li.mine', { hasText: 'I want an agent' }).waitFor();
    await shown(page, tenant, page.locator('#messages li', { hasText: 'We are looking for an operator' }));
    const request = await onlyRequest(tenant);
    await waitUntil('the agent in the conversation', async () => {
      const current = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}`, {
        headers: tenant.owner.basic,
      });
      return current.body.participantsAgents?.includes(tenant.owner.id);
    });

    // The agent types: the console repeats the signal every few seconds while they do, and so
    // does this test until the chat shows it (a signal is never stored, so a late subscription
    // misses the first one).
    const typingShown = page.getByRole('status').filter({ hasText: 'is typing' });
    await waitUntil('the agent typing shown', async () => {
      const typing = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/typing`, {
        headers: tenant.owner.basic,
        body: { typing: true },
      });
      assert.equal(typing.status, 200, typing.text);
      return typingShown.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      );
    });

    const answer = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'Hi, I am <b>here</b>: see https://example.com/help.' },
    });
    assert.equal(answer.status, 200, answer.text);
    const reply = page.locator('#messages li.theirs', { hasText: 'I am <b>here</b>' });
    await reply.waitFor();
    assert.equal(await reply.locator('b').count(), 0, 'message text is never HTML');
    assert.equal(await reply.getByRole('link').getAttribute('href'), 'https://example.com/help');
    await page.getByRole('status').filter({ hasText: 'is typing' }).waitFor({ state: 'detached' });

    // The agent sees the visitor typing.
    const agent = await TestSocket.open(TestSocket.url(base, tenant.owner.token));
    try {
      agent.subscribe(`/${tenant.projectId}/requests/${request.request_id}/typing`);
      await agent.next((frame) => frame.action === 'publish');
      await page.getByLabel('Your message').pressSequentially('Thank');
      const typed = await agent.next(
        (frame) => frame.action === 'publish' && frame.payload.method === 'UPDATE' && frame.payload.message.typing,
      );
      assert.notEqual(typed.payload.message.sender, tenant.owner.id);
    } finally {
      agent.close();
    }
    assert.deepEqual(errors, []);
  });

  it('answers a visitor whose WebSocket cannot connect (a proxy refusing upgrades), over HTTP', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Helper', type: 'internal', template: 'handoff' });
    await addIntent(t, tenant, bot._id, { question: 'Opening hours?', answer: 'From 9 to 18.' });
    await routeToBot(t, tenant, bot._id);
    const opened = await openPage(browser);
    pages.push(opened);
    const { page } = opened;
    let refused = 0;
    await page.routeWebSocket(/.*/, (socket) => {
      refused++;
      void socket.close({ code: 1013, reason: 'no upgrades here' });
    });
    await page.goto(`${base}/widget/?project=${tenant.projectId}`);
    await page.getByLabel('Your message').fill('Opening hours?');
    await page.getByRole('button', { name: 'Send' }).click();
    await shown(page, tenant, page.locator('#messages li.mine', { hasText: 'Opening hours?' }));
    await shown(page, tenant, page.locator('#messages li', { hasText: 'From 9 to 18.' }));
    assert.ok(refused > 0, 'the widget never tried its WebSocket');
  });

  it('sends the visitor’s file and shows the agent’s, and continues the conversation after a reload', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open(tenant);
    await page.getByLabel('Your message').fill('Here is the screenshot');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'Here is the screenshot' }).waitFor();

    await page
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: pngBytes() });
    const image = page.getByRole('img', { name: 'screen.png' });
    await image.waitFor();
    await waitUntil('the image loaded', () =>
      image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth > 0),
    );
    const request = await onlyRequest(tenant);
    const sent: any = (await messagesOf(t, tenant, request.request_id)).find(
      (message: any) => message.type === 'image',
    );
    assert.equal(sent?.metadata?.name, 'screen.png');
    assert.match(sent?.metadata?.src, /\/files\?path=/);

    const form = await multipartBody(
      {},
      { file: { content: 'Step 1: ...', filename: 'guide.txt', type: 'text/plain' } },
    );
    const uploaded = await t.http('POST', `/${tenant.projectId}/files/chat`, {
      headers: { ...tenant.owner.basic, ...form.headers },
      payload: form.payload,
    });
    assert.equal(uploaded.status, 201, uploaded.text);
    const src = `${base}/files/download?path=${encodeURIComponent(uploaded.body.filename)}`;
    const file = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'guide.txt', type: 'file', metadata: { src, name: 'guide.txt', type: 'text/plain' } },
    });
    assert.equal(file.status, 200, file.text);
    const download = page.getByRole('link', { name: 'Download guide.txt' });
    await download.waitFor();
    const [saved] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(saved.suggestedFilename(), 'guide.txt');

    await page.reload();
    await page.locator('#messages li.mine', { hasText: 'Here is the screenshot' }).waitFor();
    await page.getByRole('link', { name: 'Download guide.txt' }).waitFor();
    await page.getByLabel('Your message').fill('Still me after a reload');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'Still me after a reload' }).waitFor();
    const again = await onlyRequest(tenant);
    assert.equal(again.request_id, request.request_id, 'the same conversation');

    // A second conversation, then the home screen lists both.
    await page.getByRole('button', { name: 'End the conversation' }).click();
    await page.locator('#messages li', { hasText: 'Chat closed' }).waitFor();
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByLabel('Your message').fill('Another question');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'Another question' }).waitFor();
    await page.getByRole('button', { name: 'Conversations' }).click();
    const list = page.locator('.conversation-list li');
    await list.filter({ hasText: 'Another question' }).waitFor();
    await list.filter({ hasText: 'Here is the screenshot' }).filter({ hasText: 'closed' }).waitFor();
    await assertAccessible(page, 'the home screen');
    await list.filter({ hasText: 'Here is the screenshot' }).getByRole('button').click();
    await page.locator('#messages li.mine', { hasText: 'Still me after a reload' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('works where the browser denies it storage (a site framing it, third-party storage blocked): in memory', async () => {
    const tenant = await newTenant(t);
    const opened = await openPage(browser);
    pages.push(opened);
    const { page, errors } = opened;
    await page.addInitScript({
      content: `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });`,
    });
    await page.goto(`${base}/widget/?project=${tenant.projectId}`);
    await page.getByLabel('Your message').fill('No storage here');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'No storage here' }).waitFor();
    await page.getByLabel('Your message').fill('Still the same conversation');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'Still the same conversation' }).waitFor();
    const request = await onlyRequest(tenant);
    const held = await messagesOf(t, tenant, request.request_id);
    assert.deepEqual(
      held.map((message: any) => message.text),
      ['No storage here', 'Still the same conversation'],
    );
    assert.deepEqual(errors, []);
  });
});
