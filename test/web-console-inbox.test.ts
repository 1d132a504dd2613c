/**
 * The console's Inbox in a real headless Chromium, signed in as an agent of a project with
 * conversations in every state (assigned to her, waiting, served by a bot, closed): the views
 * list the right ones with the right counts; a conversation that arrives while the page is open
 * appears at once, marked new, with the counts moved; search finds a conversation by a word of
 * one of its messages; the department and tag filters narrow the list; a conversation closed
 * through the API moves to Closed live; the availability switch changes what the server holds;
 * the keyboard opens a conversation; after the connection was down while things changed, the
 * list is right again; a phone-width screen shows one pane at a time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant, type TestUser } from './helpers/factories.js';
import { createBot, createDepartment, newRequestId, ownerOffline, setMember } from './helpers/conversations.js';
import { assertAccessible, buildWebApps, docsScreenshot, launchBrowser, openPage, signIn } from './helpers/browser.js';

describe('the console inbox in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;
  let ada: TestUser & { projectUserId: string };
  let sales: string;
  const ids: Record<string, string> = {};

  /** A visitor writes first (as the widget does): the conversation is created and routed. */
  async function visitorWrites(name: string, text: string, departmentid?: string): Promise<string> {
    const visitor = await anonymous(t, tenant.projectId, name);
    const requestId = newRequestId(tenant.projectId);
    const response = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
      body: { text, senderFullname: name, ...(departmentid && { departmentid }) },
    });
    assert.equal(response.status, 200, response.text);
    return requestId;
  }

  async function requestOf(requestId: string) {
    const response = await t.http('GET', `/${tenant.projectId}/requests/${requestId}`, { headers: tenant.owner.basic });
    assert.equal(response.status, 200, response.text);
    return response.body as { status: number; participants: string[]; hasBot: boolean };
  }

  async function seed(): Promise<void> {
    tenant = await newTenant(t);
    ada = await addMember(t, tenant, 'agent');
    await t.database.db
      .updateTable('users')
      .set({ firstname: 'Ada', lastname: 'Rossi' })
      .where('id', '=', ada.id)
      .execute();
    await ownerOffline(t, tenant);
    await setMember(t, tenant, ada.projectUserId, { user_available: true });
    sales = (await createDepartment(t, tenant, { name: 'Sales', routing: 'assigned' }))._id;
    const bot = await createBot(t, tenant, 'Helper bot');
    const botDesk = (await createDepartment(t, tenant, { name: 'Bot desk', routing: 'assigned', id_bot: bot.id }))._id;
    const tag = await t.http('POST', `/${tenant.projectId}/tags`, {
      headers: tenant.owner.basic,
      body: { tag: 'vip' },
    });
    assert.equal(tag.status, 200, tag.text);

    // Ada available: routed to her.
    ids.maria = await visitorWrites('Maria Verdi', 'Hello, I need a quote', sales);
    ids.luca = await visitorWrites('Luca Neri', 'My parcel is lost');
    const followUp = await t.http('POST', `/${tenant.projectId}/requests/${ids.luca}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'The zeppelin delivery is late', sender: ada.id },
    });
    assert.equal(followUp.status, 200, followUp.text);
    const tagged = await t.http('PUT', `/${tenant.projectId}/requests/${ids.luca}/tag`, {
      headers: tenant.owner.basic,
      body: [{ tag: 'vip' }],
    });
    assert.equal(tagged.status, 200, tagged.text);
    ids.olga = await visitorWrites('Olga Blu', 'Already solved, thanks');
    const closed = await t.http('PUT', `/${tenant.projectId}/requests/${ids.olga}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(closed.status, 200, closed.text);
    // A bot's department: the bot serves it.
    ids.bruno = await visitorWrites('Bruno Gialli', 'What are your opening hours?', botDesk);
    // Nobody available: it waits in the pool.
    await setMember(t, tenant, ada.projectUserId, { user_available: false });
    ids.carla = await visitorWrites('Carla Viola', 'Is anyone there?');

    assert.deepEqual((await requestOf(ids.maria)).participants, [ada.id]);
    assert.equal((await requestOf(ids.carla)).status, 100);
    assert.equal((await requestOf(ids.bruno)).hasBot, true);
  }

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    await seed();
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  /** The visitor names of the rows shown, top to bottom. */
  const names = (page: Page) => page.locator('.inbox-row .inbox-name').allInnerTexts();

  /** The count a view's button shows, once it shows `expected` (counts follow frames shortly). */
  async function expectCount(page: Page, view: string, expected: number): Promise<void> {
    await page.locator(`button[data-view="${view}"] .inbox-count[data-count="${expected}"]`).waitFor();
  }

  /** Polls `check` until it holds (the page follows the server shortly, not at once). */
  async function eventually(check: () => Promise<boolean>, what: () => Promise<string> | string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`still not so after 15 s: ${await what()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the rows shown are those of `expected` (in any order). */
  async function expectRows(page: Page, expected: string[]): Promise<void> {
    const wanted = JSON.stringify([...expected].sort());
    await eventually(
      async () => JSON.stringify((await names(page)).sort()) === wanted,
      async () => `rows ${JSON.stringify(await names(page))}, wanted ${wanted}`,
    );
  }

  async function openView(page: Page, view: string, expected: string[]): Promise<void> {
    await page.locator(`button[data-view="${view}"]`).click();
    await expectRows(page, expected);
  }

  it('lists the views live, searches, filters, switches availability and opens by keyboard', async () => {
    const { page, errors, close } = await openPage(browser);
    // The console's WebSocket goes through here, so the test can cut it and hold it down.
    let cut = false;
    const held: WebSocketRoute[] = [];
    const live: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    await page.routeWebSocket(/token=/, (socket) => {
      if (cut) held.push(socket);
      else live.push({ page: socket, server: socket.connectToServer() });
    });
    await signIn(page, base, ada, `#/${tenant.projectId}/inbox`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();

    // The views and their counts, as an agent sees them.
    for (const [view, count] of [
      ['mine', 2],
      ['unassigned', 1],
      ['open', 4],
      ['bot', 1],
      ['closed', 1],
    ] as const)
      await expectCount(page, view, count);
    await openView(page, 'mine', ['Luca Neri', 'Maria Verdi']);
    await openView(page, 'unassigned', ['Carla Viola']);
    await openView(page, 'bot', ['Bruno Gialli']);
    await openView(page, 'closed', ['Olga Blu']);
    await openView(page, 'open', ['Bruno Gialli', 'Carla Viola', 'Luca Neri', 'Maria Verdi']);
    const luca = page.locator('.inbox-row', { hasText: 'Luca Neri' });
    assert.match(await luca.innerText(), /The zeppelin delivery is late/);
    assert.match(await luca.innerText(), /Ada Rossi/);
    assert.match(await page.locator('.inbox-row', { hasText: 'Maria Verdi' }).innerText(), /Sales/);
    assert.match(await page.locator('.inbox-row', { hasText: 'Carla Viola' }).innerText(), /Waiting/);
    assert.equal(await page.locator('.inbox-unread').count(), 0, 'what came before the first visit is read');
    await assertAccessible(page, 'the inbox');
    await docsScreenshot(page, 'console-inbox');

    // Availability: the header's switch changes the server's state.
    const availability = page.getByLabel('Availability');
    assert.equal(await availability.inputValue(), 'unavailable');
    await availability.selectOption('available');
    await page.locator('.availability select:not([disabled])').waitFor();
    const membership = await t.http('GET', `/${tenant.projectId}/project_users/users/${ada.id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(membership.body[0].user_available, true);
    // A save that fails says so and puts the previous choice back.
    const saveUrl = `${base}/${tenant.projectId}/project_users`;
    await page.route(saveUrl, (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 500, json: { msg: 'Out of order' } })
        : route.fallback(),
    );
    await availability.selectOption('busy');
    await page.getByText('Your availability was not saved: Out of order').waitFor();
    assert.equal(await availability.inputValue(), 'available');
    await page.unroute(saveUrl);
    // The browser logs the failed response; nothing else may have been.
    const failedSave = errors.findIndex((error) => error.includes('status of 500'));
    assert.ok(failedSave >= 0, errors.join('\n'));
    errors.splice(failedSave, 1);

    // A new conversation while the page is open: routed to Ada, it appears live, marked new.
    await openView(page, 'mine', ['Luca Neri', 'Maria Verdi']);
    ids.dario = await visitorWrites('Dario Rosa', 'Can you call me back?');
    await page.locator('.inbox-row', { hasText: 'Dario Rosa' }).locator('.inbox-unread').waitFor();
    await expectCount(page, 'mine', 3);
    await expectCount(page, 'open', 5);
    await page.getByText('New conversation for you: Dario Rosa').waitFor();

    // Search by a word of a message (not of the first text).
    await page.getByLabel('Search', { exact: true }).fill('zeppelin');
    await expectRows(page, ['Luca Neri']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await openView(page, 'mine', ['Dario Rosa', 'Luca Neri', 'Maria Verdi']);

    // Filters narrow the list (and the counts).
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Department').selectOption({ label: 'Sales' });
    await openView(page, 'mine', ['Maria Verdi']);
    await expectCount(page, 'open', 1);
    await page.getByLabel('Department').selectOption('');
    await page.getByLabel('Tag').selectOption('vip');
    await openView(page, 'mine', ['Luca Neri']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await openView(page, 'mine', ['Dario Rosa', 'Luca Neri', 'Maria Verdi']);

    // Closed through the API: it leaves Mine and joins Closed, live.
    const closing = await t.http('PUT', `/${tenant.projectId}/requests/${ids.maria}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(closing.status, 200, closing.text);
    await expectRows(page, ['Dario Rosa', 'Luca Neri']);
    await expectCount(page, 'mine', 2);
    await expectCount(page, 'closed', 2);
    await openView(page, 'closed', ['Maria Verdi', 'Olga Blu']);

    // The keyboard: j moves to the first row, j to the second, Enter opens it.
    await openView(page, 'mine', ['Dario Rosa', 'Luca Neri']);
    const second = await page.locator('.inbox-row').nth(1).getAttribute('data-request');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/${tenant.projectId}/inbox/${second}$`));
    assert.equal(await page.locator('.inbox-row[aria-current="page"]').getAttribute('data-request'), second);
    // `/` goes to the search, `?` shows the shortcuts.
    await page.keyboard.press('/');
    await page.locator('input[type="search"]:focus').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByText('Next conversation').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Shortcuts' }).getAttribute('aria-expanded'), 'true');

    // Opening Dario's conversation reads it: its marker goes.
    await page.locator('.inbox-row', { hasText: 'Dario Rosa' }).click();
    await eventually(
      async () => (await page.locator('.inbox-unread').count()) === 0,
      () => 'a row still marked new',
    );

    // The connection drops and stays down while a conversation arrives and another closes: once
    // it is back, the list and counts are right without a reload.
    cut = true;
    for (const socket of live.splice(0)) {
      await socket.server.close();
      await socket.page.close();
    }
    ids.elena = await visitorWrites('Elena Grigi', 'Hello again');
    const closingLuca = await t.http('PUT', `/${tenant.projectId}/requests/${ids.luca}/close`, {
      headers: tenant.owner.basic,
    });
    assert.equal(closingLuca.status, 200, closingLuca.text);
    cut = false;
    for (const socket of held.splice(0)) await socket.close();
    await openView(page, 'mine', ['Dario Rosa', 'Elena Grigi']);
    assert.equal(live.length, 1, 'the console connected again');
    await expectCount(page, 'closed', 3);
    await page.locator('.inbox-row', { hasText: 'Elena Grigi' }).locator('.inbox-unread').waitFor();

    // A phone: the conversation alone, with a way back to the list.
    await page.setViewportSize({ width: 375, height: 800 });
    assert.equal(await page.locator('.inbox-list-pane').isVisible(), false);
    await page.getByRole('link', { name: '← All conversations' }).click();
    await page.locator('.inbox-row').first().waitFor();
    assert.equal(await page.locator('.inbox-conversation-pane').isVisible(), false);
    await assertAccessible(page, 'the inbox on a phone');

    // Italian: the views, statuses and times in the user's language.
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('button', { name: /^Mie/ }).waitFor();
    await page.getByRole('button', { name: 'Filtri' }).waitFor();
    assert.equal(await page.getByLabel('Disponibilità').inputValue(), 'available');

    assert.deepEqual(errors, []);
    await close();
  });
});
