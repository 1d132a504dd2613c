/**
 * The console's Contacts, Canned responses and Webhooks screens in a real headless Chromium, as a
 * project's owner: contacts seeded by visitors' conversations are listed, searched, edited
 * (details, an attribute, a tag), sorted, exported as CSV and deleted, with their conversations
 * linked; a canned response is created, edited and deleted; a webhook subscription receives a
 * signed delivery that its log then shows. After each change the server is asked what it holds; a refused save
 * shows an error and puts the screen back as it was. An agent is told webhooks are for admins.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant } from './helpers/factories.js';
import { createRequest, newRequestId } from './helpers/conversations.js';
import { startReceiver, waitUntil, type Receiver } from './helpers/webhook-receiver.js';
import {
  assertAccessible,
  buildWebApps,
  docsScreenshot,
  launchBrowser,
  openPage,
  signIn,
  type ConsolePage,
} from './helpers/browser.js';

/** The visitors whose conversations make the project's contacts. */
const VISITORS = [
  { name: 'Ada Lovelace', email: 'ada@example.test', attributes: { plan: 'free' } },
  { name: 'Grace Hopper', email: 'grace@example.test', attributes: { plan: 'pro' } },
  { name: 'Alan Turing', email: 'alan@example.test', attributes: { plan: 'free' } },
];

/** The console logs each refused call; the refusals a test provokes on purpose are expected. */
const REFUSED = 'status of 503';

describe('the console: contacts, canned responses and webhooks', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;
  /** Grace's conversation. */
  let graceRequest: string;
  const opened: ConsolePage[] = [];

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    tenant = await newTenant(t);
    for (const visitor of VISITORS) {
      // A visitor's first message opens a conversation, and makes them a contact.
      const person = await anonymous(t, tenant.projectId, visitor.name.split(' ')[0]);
      const requestId = newRequestId(tenant.projectId);
      const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: person.headers,
        body: {
          text: `Hello from ${visitor.name}`,
          senderFullname: visitor.name,
          email: visitor.email,
          attributes: visitor.attributes,
        },
      });
      assert.equal(sent.status, 200, sent.text);
      if (visitor.name === 'Grace Hopper') graceRequest = requestId;
    }
  });
  after(async () => {
    for (const console of opened) await console.close();
    await browser?.close();
    await t.close();
  });

  async function ownerPage(section: string): Promise<ConsolePage> {
    const console = await openPage(browser);
    opened.push(console);
    await signIn(console.page, base, tenant.owner, `#/${tenant.projectId}/${section}`);
    return console;
  }

  /** Answers every matching call with a 503, until the returned function is called. */
  async function refuse(page: Page, pattern: RegExp, method: string): Promise<() => Promise<void>> {
    const handler = (route: import('playwright-core').Route) =>
      route.request().method() === method
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"msg":"Service unavailable"}' })
        : route.continue();
    await page.route(pattern, handler);
    return () => page.unroute(pattern, handler);
  }

  function unexpected(errors: string[]): string[] {
    return errors.filter((error) => !error.includes(REFUSED));
  }

  async function lead(email: string) {
    const found = await t.http('GET', `/${tenant.projectId}/leads`, {
      headers: tenant.owner.basic,
      query: { email },
    });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.leads.length, 1, found.text);
    return found.body.leads[0];
  }

  it('lists, searches, edits, tags and exports contacts, with their conversations', async () => {
    const { page, errors } = await ownerPage('contacts');
    const rows = page.locator('.contacts-table tbody tr');
    await rows.filter({ hasText: 'Grace Hopper' }).waitFor();
    assert.equal(await rows.count(), 3);
    for (const visitor of VISITORS) assert.equal(await rows.filter({ hasText: visitor.email }).count(), 1);
    await assertAccessible(page, 'the contacts list');
    await docsScreenshot(page, 'console-contacts');

    // The CSV export, through the API with the token.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'leads.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv.split('\r\n')[0]!, /^"?_id"?;"?lead_id"?;"?fullname"?;"?email"?/);
    for (const visitor of VISITORS) assert.ok(csv.includes(visitor.email), csv);

    // The full-text search narrows the list (prefixes match).
    await page.getByLabel('Search contacts').fill('grac');
    await rows.filter({ hasText: 'Ada Lovelace' }).waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { name: 'Grace Hopper', level: 2 }).waitFor();

    // Her conversation, linked to the inbox.
    const conversation = page.getByRole('link', { name: 'Hello from Grace Hopper' });
    await conversation.waitFor();
    assert.equal(
      await conversation.getAttribute('href'),
      `#/${tenant.projectId}/inbox/${encodeURIComponent(graceRequest)}`,
    );

    // Name, email, an attribute changed and one added: saved together.
    await page.getByLabel('Name', { exact: true }).fill('Grace B. Hopper');
    await page.getByLabel('Email', { exact: true }).fill('grace@navy.test');
    assert.equal(await page.getByLabel('Name of attribute 1').inputValue(), 'plan');
    await page.getByLabel('Value of attribute 1').fill('enterprise');
    await page.getByRole('button', { name: 'Add an attribute' }).click();
    await page.getByLabel('Name of attribute 2').fill('team');
    await page.getByLabel('Value of attribute 2').fill('compilers');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact saved.' }).waitFor();
    await page.getByRole('heading', { name: 'Grace B. Hopper', level: 2 }).waitFor();
    const saved = await lead('grace@navy.test');
    assert.equal(saved.fullname, 'Grace B. Hopper');
    assert.deepEqual(saved.attributes, { plan: 'enterprise', team: 'compilers' });

    // A tag, saved at once.
    await page.getByLabel('New tag').fill('vip');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('button', { name: 'Remove tag vip' }).waitFor();
    await waitUntil('the tag on the server', async () => (await lead('grace@navy.test')).tags.includes('vip'));

    // A refused save: an error, and the contact as the server has it.
    const allow = await refuse(page, /\/leads\/[0-9a-f]{24}$/, 'PUT');
    await page.getByLabel('Name', { exact: true }).fill('Broken name');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'The change was not saved: Service unavailable' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).waitFor({ state: 'visible' });
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Grace B. Hopper');
    await page.getByRole('heading', { name: 'Grace B. Hopper', level: 2 }).waitFor();
    assert.equal((await lead('grace@navy.test')).fullname, 'Grace B. Hopper');
    await allow();
    await assertAccessible(page, 'a contact');

    // Back to the list, by name; a contact deleted after a confirmation leaves it.
    await page.getByRole('link', { name: 'All contacts' }).click();
    await page.getByLabel('Order').selectOption({ label: 'Name, A to Z' });
    await waitUntil('the list by name', async () => (await rows.first().innerText()).startsWith('Ada Lovelace'));
    assert.match(await rows.nth(1).innerText(), /^Alan Turing/);
    const alan = await lead('alan@example.test');
    await page.getByRole('link', { name: 'Alan Turing' }).click();
    await page.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Alan Turing deleted.' }).waitFor();
    await rows.filter({ hasText: 'Grace B. Hopper' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'Alan Turing' }).count(), 0);
    const deleted = await t.http('GET', `/${tenant.projectId}/leads/${alan._id}`, { headers: tenant.owner.basic });
    assert.equal(deleted.body.status, 1000, deleted.text);
    assert.deepEqual(unexpected(errors), []);
  });

  it('creates a shared canned response, edits it and deletes it', async () => {
    const { page, errors } = await ownerPage('canned');
    await page.getByText('No canned responses yet.').waitFor();
    await page.getByRole('button', { name: 'New response' }).click();
    await page.getByLabel('Title').fill('Greeting');
    await page.getByLabel('Text').fill('Hello');
    await page.getByRole('button', { name: /^Insert \$recipient_name/ }).click();
    assert.equal(await page.getByLabel('Text').inputValue(), 'Hello $recipient_name');
    // An owner's responses are the team's unless unticked.
    assert.equal(await page.getByLabel('Shared with the whole team').isChecked(), true);
    await assertAccessible(page, 'the canned response form');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Greeting' }).waitFor();

    const list = async () => {
      const response = await t.http('GET', `/${tenant.projectId}/canned`, { headers: tenant.owner.basic });
      assert.equal(response.status, 200, response.text);
      return response.body as Array<{ _id: string; title: string; text: string; shared: boolean }>;
    };
    const [created] = await list();
    assert.deepEqual(
      { title: created?.title, text: created?.text, shared: created?.shared },
      { title: 'Greeting', text: 'Hello $recipient_name', shared: true },
    );
    await assertAccessible(page, 'the canned responses');

    await page.getByRole('button', { name: 'Edit Greeting' }).click();
    await page.getByLabel('Text').fill('Good morning $recipient_name, I am $agent_name.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Good morning $recipient_name, I am $agent_name.').waitFor();
    await waitUntil('the edit on the server', async () => (await list())[0]?.text.startsWith('Good morning'));

    await page.getByRole('button', { name: 'Delete Greeting' }).click();
    await page.getByRole('button', { name: 'Yes, delete “Greeting”' }).click();
    await page.getByText('No canned responses yet.').waitFor();
    // The list drops it at once (and puts it back if the server refuses): the server may still be at it.
    await waitUntil('the deletion on the server', async () => (await list()).length === 0);
    assert.deepEqual(errors, []);
  });

  it('subscribes a webhook, shows the secret once, logs the delivery, and rolls back a refused change', async () => {
    const receiver: Receiver = await startReceiver();
    try {
      const { page, errors } = await ownerPage('webhooks');
      await page.getByText('No subscriptions yet.').waitFor();
      await page.getByLabel('Event').fill('request.create');
      await page.getByLabel('Target URL').fill(receiver.url);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      const secret = (await page.locator('.secret-value').innerText()).trim();
      assert.ok(secret.length >= 16, secret);
      const subscriptions = await t.http('GET', `/${tenant.projectId}/subscriptions`, { headers: tenant.owner.basic });
      assert.deepEqual(
        subscriptions.body.map((s: { event: string; target: string }) => [s.event, s.target]),
        [['request.create', receiver.url]],
      );

      // An event: a delivery, signed with the secret the page showed, then shown in the log.
      await createRequest(t, tenant, { first_text: 'A new conversation' });
      const call = await waitUntil('the delivery', () => receiver.calls[0]);
      const timestamp = String(call.headers['x-parley-timestamp']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${call.raw}`).digest('hex')}`;
      assert.equal(call.headers['x-parley-signature'], expected);
      const log = page.locator('table.deliveries tbody tr');
      await waitUntil('the delivery in the log', async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return (await log.filter({ hasText: 'Delivered' }).count()) === 1;
      });
      const row = await log.first().innerText();
      assert.match(row, /request\.create/);
      assert.ok(row.includes(receiver.url), row);
      await page.getByRole('button', { name: 'I have kept it' }).click();
      await assertAccessible(page, 'the webhooks');

      // A refused change: an error, and the subscription as the server has it.
      const allow = await refuse(page, /\/subscriptions\/[0-9a-f]{24}$/, 'PUT');
      await page.getByRole('button', { name: `Switch off request.create → ${receiver.url}` }).click();
      await page.getByRole('alert').filter({ hasText: 'The subscription was not saved' }).waitFor();
      await page.getByRole('button', { name: `Switch off request.create → ${receiver.url}` }).waitFor();
      assert.equal(await page.locator('.subscription .badge').innerText(), 'On');
      await allow();
      const stored = await t.http('GET', `/${tenant.projectId}/subscriptions`, { headers: tenant.owner.basic });
      assert.equal(stored.body[0].enabled, true);
      assert.deepEqual(unexpected(errors), []);
    } finally {
      await receiver.close();
    }
  });

  it('tells an agent that webhooks are for admins', async () => {
    const agent = await addMember(t, tenant, 'agent');
    const console = await openPage(browser);
    opened.push(console);
    await signIn(console.page, base, agent, `#/${tenant.projectId}/webhooks`);
    await console.page
      .getByRole('alert')
      .filter({ hasText: 'Webhooks are for the owners and administrators' })
      .waitFor();
    assert.equal(await console.page.getByLabel('Target URL').count(), 0);
    assert.deepEqual(
      console.errors.filter((error) => !error.includes('status of 403')),
      [],
    );
  });
});
