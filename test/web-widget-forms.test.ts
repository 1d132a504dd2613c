/**
 * The visitor chat's forms in a real headless Chromium: the offline form outside office hours,
 * the pre-chat form (name, email, department), the rating asked when the team closes the
 * conversation, the Italian catalogue, and a phone-sized screen. The team is on the API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { createDepartment, getRequest, updateProject } from './helpers/conversations.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import {
  assertAccessible,
  buildWebApps,
  docsScreenshot,
  launchBrowser,
  openPage,
  type ConsolePage,
} from './helpers/browser.js';

/** What the tests read of the page's window (their type check has no DOM library). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

describe('the visitor chat’s forms in a browser', () => {
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

  async function open(tenant: Tenant, query = '', options: Parameters<typeof openPage>[1] = {}): Promise<ConsolePage> {
    const opened = await openPage(browser, options);
    pages.push(opened);
    await opened.page.goto(`${base}/widget/?project=${tenant.projectId}${query}`);
    return opened;
  }

  async function onlyRequest(tenant: Tenant): Promise<any> {
    let requests: any[] = [];
    await waitUntil('the visitor’s conversation', async () => {
      const listed = await t.http('GET', `/${tenant.projectId}/requests?status=all`, { headers: tenant.owner.basic });
      requests = listed.body.requests;
      return requests.length === 1;
    });
    return requests[0];
  }

  it('offers the offline form outside office hours: the message starts a conversation with the visitor’s email', async () => {
    const tenant = await newTenant(t);
    // Open on no day at all: closed now, whenever the test runs.
    await updateProject(t, tenant, { activeOperatingHours: true, operatingHours: JSON.stringify({ tzname: 'UTC' }) });
    const { page, errors } = await open(tenant, '', { viewport: { width: 400, height: 640 } });
    await page.getByRole('heading', { name: 'We are away' }).waitFor();
    assert.equal(await page.getByLabel('Your message', { exact: true }).count(), 1, 'only the form’s message box');
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Your email').fill('grace@example.com');
    await page.locator('#offline-message').fill('Do you ship to Italy?');
    await docsScreenshot(page, 'widget-offline');
    await assertAccessible(page, 'the offline form');
    await page.getByRole('button', { name: 'Send the message' }).click();
    await page.locator('#messages li.mine', { hasText: 'Do you ship to Italy?' }).waitFor();

    const request = await onlyRequest(tenant);
    assert.equal(request.first_text, 'Do you ship to Italy?');
    const full = await getRequest(t, tenant, request.request_id);
    assert.equal(full.lead?.email, 'grace@example.com');
    assert.equal(full.lead?.fullname, 'Grace Hopper');
    assert.deepEqual(errors, []);
  });

  it('asks the pre-chat form’s name, email and department before the first message', async () => {
    const tenant = await newTenant(t);
    await updateProject(t, tenant, {
      widget: { preChatForm: true, themeColor: '#7a1f5c', wellcomeTitle: 'Acme help' },
    });
    await createDepartment(t, tenant, { name: 'Sales' });
    const billing = await createDepartment(t, tenant, { name: 'Billing' });
    const { page, errors } = await open(tenant);
    await page.getByRole('heading', { name: 'Acme help' }).waitFor();
    await page.getByRole('heading', { name: 'Before we start' }).waitFor();
    await page.getByLabel('Your name').fill('Alan Turing');
    await page.getByLabel('Your email').fill('alan@example.com');
    await page.getByLabel('Who should answer').selectOption({ label: 'Billing' });
    await assertAccessible(page, 'the pre-chat form');
    await page.getByRole('button', { name: 'Start the chat' }).click();
    await page.getByLabel('Your message').fill('My invoice is wrong');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'My invoice is wrong' }).waitFor();

    const request = await onlyRequest(tenant);
    const full = await getRequest(t, tenant, request.request_id);
    assert.equal(full.lead?.email, 'alan@example.com');
    assert.equal(full.lead?.fullname, 'Alan Turing');
    const department = typeof full.department === 'string' ? full.department : full.department?._id;
    assert.equal(department, billing._id);
    // The project's colour is the header's.
    const header = await page
      .locator('header.bar')
      .evaluate((element) => (globalThis as unknown as BrowserWindow).getComputedStyle(element).backgroundColor);
    assert.equal(header, 'rgb(122, 31, 92)');
    assert.deepEqual(errors, []);
  });

  it('asks for a rating when the team closes the conversation, and stores it on the request', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open(tenant, '', { viewport: { width: 400, height: 640 } });
    await page.getByLabel('Your message').fill('Thanks for the help');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li.mine', { hasText: 'Thanks for the help' }).waitFor();
    const request = await onlyRequest(tenant);
    const closed = await t.http('PUT', `/${tenant.projectId}/requests/${request.request_id}/close`, {
      headers: tenant.owner.basic,
      body: {},
    });
    assert.equal(closed.status, 200, closed.text);

    await page.getByRole('group', { name: 'How was this conversation?' }).waitFor();
    // The stars are the radio buttons' labels: the visitor clicks the fourth.
    await page.locator('.scores label').nth(3).click();
    assert.equal(await page.getByLabel('4 out of 5').isChecked(), true);
    await page.getByLabel('A comment (optional)').fill('Quick and kind');
    await docsScreenshot(page, 'widget-rating');
    await assertAccessible(page, 'the rating');
    await page.getByRole('button', { name: 'Send the rating' }).click();
    await page.getByRole('status').filter({ hasText: 'You rated this conversation 4 out of 5' }).waitFor();
    const rated = await getRequest(t, tenant, request.request_id);
    assert.equal(rated.rating, 4);
    assert.equal(rated.rating_message, 'Quick and kind');
    const transcript = page.getByRole('link', { name: 'Download the transcript' });
    assert.equal(
      await transcript.getAttribute('href'),
      `/public/requests/${encodeURIComponent(request.request_id)}/messages.html`,
    );
    assert.deepEqual(errors, []);
  });

  it('speaks Italian with ?lang=it, and fits a phone’s screen', async () => {
    const tenant = await newTenant(t);
    const { page, errors } = await open(tenant, '&lang=it', { viewport: { width: 360, height: 640 }, isMobile: true });
    await page.getByLabel('Il tuo messaggio').fill('Ciao, avete taglie grandi?');
    await page.getByRole('button', { name: 'Invia' }).click();
    await page.locator('#messages li.mine', { hasText: 'Ciao, avete taglie grandi?' }).waitFor();
    assert.match(await page.locator('#messages li.mine .meta').innerText(), /^Tu · /);
    assert.equal(await page.locator('html').getAttribute('lang'), 'it');
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as BrowserWindow).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    assert.equal(overflow, 0, 'nothing wider than the phone');
    const send = await page.getByRole('button', { name: 'Invia' }).boundingBox();
    assert.ok(send && send.x + send.width <= 360, 'the send button is on screen');
    await assertAccessible(page, 'the chat in Italian on a phone');
    assert.deepEqual(errors, []);
  });

  it('uses the labels the project wrote for the language, else its own', async () => {
    const tenant = await newTenant(t);
    const labels = await t.http('POST', `/${tenant.projectId}/labels`, {
      headers: tenant.owner.basic,
      body: { lang: 'en', data: { LABEL_PLACEHOLDER: 'Ask Acme anything' } },
    });
    assert.equal(labels.status, 200, labels.text);
    const english = await open(tenant);
    await english.page.getByPlaceholder('Ask Acme anything').waitFor();
    // The project wrote no Italian: the chat's own Italian, not the project's English.
    const italian = await open(tenant, '&lang=it');
    await italian.page.getByPlaceholder('Scrivi un messaggio').waitFor();
    assert.deepEqual([...english.errors, ...italian.errors], []);
  });
});
