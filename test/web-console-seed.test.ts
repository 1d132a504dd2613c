/**
 * The two paths a new Parley user walks first, in a real headless Chromium:
 * - the seed document's tutorial (docs seeds/000): a visitor signs in anonymously, the admin
 *   creates the request and imports its history with `/messages/multi` and past
 *   `clienttimestamp`s; the conversation appears live in the owner's inbox, assigned to them,
 *   with its original times and order, and the owner answers it;
 * - the first run: sign up on the console, create a project, follow the getting-started card to
 *   the widget, write as a visitor, and answer from the inbox; the visitor sees the answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant, uniqueEmail } from './helpers/factories.js';
import { assertAccessible, buildWebApps, docsScreenshot, launchBrowser, openPage, signIn } from './helpers/browser.js';

describe('the seed tutorial and the first run, in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  it('shows an imported conversation live in the inbox, with its original times, and answers it', async () => {
    const tenant = await newTenant(t);
    const owner = await openPage(browser);
    const { page } = owner;
    await signIn(page, base, tenant.owner, `#/${tenant.projectId}/inbox`);
    const views = page.getByRole('group', { name: 'Views' });
    await views.getByRole('button', { name: /^Mine/ }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // The tutorial's three calls, as written (with this server in place of the hosted API).
    const john = await anonymous(t, tenant.projectId, 'John');
    const created = await t.http('POST', `/${tenant.projectId}/requests/`, {
      headers: tenant.owner.basic,
      body: { sender: john.id, first_text: 'How can i restore my password' },
    });
    assert.equal(created.status, 200, created.text);
    const requestId = created.body.request_id as string;
    assert.match(requestId, new RegExp(`^support-group-${tenant.projectId}-[0-9a-f]{32}$`));
    const imported = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages/multi`, {
      headers: tenant.owner.basic,
      body: [
        { sender: john.id, text: 'How can i restore my password', attributes: { clienttimestamp: 1665584701710 } },
        {
          sender: 'chatbot1',
          text: 'You can find it here https://tiledesk.com',
          attributes: { clienttimestamp: 1665584701711 },
        },
      ],
    });
    assert.equal(imported.status, 200, imported.text);

    // Live in the inbox, assigned to the owner (available by default), without a reload.
    // The row previews the last message, dated by it (years ago).
    const row = page.locator('.inbox-row', { hasText: 'You can find it here' });
    await row.waitFor();
    assert.match(await row.innerText(), /yr\. ago/);
    await row.click();
    await page.waitForURL(new RegExp(`#/${tenant.projectId}/inbox/${requestId}$`));
    const log = page.getByRole('log', { name: 'Messages' });
    const question = log.locator('li.message', { hasText: 'How can i restore my password' });
    const answer = log.locator('li.message', { hasText: 'You can find it here' });
    await answer.waitFor();
    // Their original times (12 October 2022), in order.
    assert.equal(await question.locator('time').getAttribute('datetime'), new Date(1665584701710).toISOString());
    assert.equal(await answer.locator('time').getAttribute('datetime'), new Date(1665584701711).toISOString());
    assert.match(await answer.locator('time').innerText(), /Oct 12, 2022/);
    const texts = await log.locator('li.message .message-text').allInnerTexts();
    assert.ok(
      texts.indexOf('How can i restore my password') < texts.findIndex((text) => text.startsWith('You can find it')),
      texts.join(' | '),
    );
    assert.equal(
      await answer.getByRole('link', { name: 'https://tiledesk.com' }).getAttribute('href'),
      'https://tiledesk.com/',
    );

    // The owner answers; the server holds the answer as theirs.
    const composer = page.getByLabel('Reply to the visitor');
    await composer.fill('Hello John, I have sent you a reset link.');
    await composer.press('Enter');
    await log.locator('li.message', { hasText: 'I have sent you a reset link' }).waitFor();
    const messages = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: john.headers,
    });
    assert.equal(messages.status, 200, messages.text);
    const reply = (messages.body as Array<{ text: string; sender: string }>).find((message) =>
      message.text.includes('reset link'),
    );
    assert.equal(reply?.sender, tenant.owner.id);
    await assertAccessible(page, 'the inbox with a conversation open');
    await docsScreenshot(page, 'console-seed-flow');
    assert.deepEqual(owner.errors, []);
    await owner.close();
  });

  it('takes a new owner from sign-up to a live test conversation', async () => {
    const owner = await openPage(browser);
    const { page } = owner;
    const email = uniqueEmail('first-run');
    await page.goto(`${base}/console/`);
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-password-1');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('heading', { name: 'Choose a project' }).waitFor();
    await assertAccessible(page, 'the projects screen');
    await page.getByLabel('New project name').fill('Acme support');
    await page.getByRole('button', { name: 'Create a project' }).click();
    await page.getByRole('heading', { name: 'Your project Acme support is ready' }).waitFor();

    // The widget, opened from the card, in a visitor's own browser.
    const widgetHref = await page.getByRole('link', { name: 'Open the widget' }).getAttribute('href');
    assert.ok(widgetHref);
    const visitor = await openPage(browser);
    await visitor.page.goto(new URL(widgetHref, base).toString());
    await visitor.page.getByLabel('Your message').fill('Hi, is anybody there?');
    await visitor.page.getByRole('button', { name: 'Send' }).click();
    await visitor.page.locator('#messages li', { hasText: 'Hi, is anybody there?' }).waitFor();

    await page.getByRole('link', { name: 'Open the inbox' }).click();
    const row = page.locator('.inbox-row', { hasText: 'Hi, is anybody there?' });
    await row.waitFor();
    await row.click();
    const composer = page.getByLabel('Reply to the visitor');
    await composer.fill('Hello! Grace here.');
    await composer.press('Enter');
    await visitor.page.locator('#messages li', { hasText: 'Hello! Grace here.' }).waitFor();
    assert.deepEqual([...owner.errors, ...visitor.errors], []);
    await visitor.close();
    await owner.close();
  });
});
