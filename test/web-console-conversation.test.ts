/**
 * The console's conversation view in a real headless Chromium. A visitor (an anonymous guest,
 * through the API) writes; the agent sees it live, answers with a canned response picked with
 * `/`, sends a picture, writes a private note and tags the conversation; the server then holds
 * all of it, and the visitor's view of it has no note. The agent transfers the conversation to a
 * second agent, who (in a second browser context) sees it as theirs. Typing shows both ways. An imported history shows
 * in its original times and order, with its buttons (and the one chosen), notices and pages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, type Tenant, type TestUser } from './helpers/factories.js';
import { createRequest, getRequest, messagesOf, newRequestId } from './helpers/conversations.js';
import { assertAccessible, buildWebApps, docsScreenshot, launchBrowser, openPage, signIn } from './helpers/browser.js';

/** A 1x1 PNG. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('the console conversation view', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;
  let ada: TestUser;
  let bruno: TestUser;

  async function name(user: TestUser, firstname: string, lastname: string) {
    await t.database.db.updateTable('users').set({ firstname, lastname }).where('id', '=', user.id).execute();
  }

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    tenant = await newTenant(t);
    ada = await addMember(t, tenant, 'agent');
    bruno = await addMember(t, tenant, 'agent');
    await name(ada, 'Ada', 'Rossi');
    await name(bruno, 'Bruno', 'Bianchi');
    const canned = await t.http('POST', `/${tenant.projectId}/canned`, {
      headers: tenant.owner.basic,
      body: { title: 'Greeting', text: 'Hello $recipient_name, I am $agent_name.', shared: true },
    });
    assert.equal(canned.status, 200, canned.text);
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  const conversationHash = (requestId: string) => `#/${tenant.projectId}/inbox/${requestId}`;
  const timeline = (page: Page) => page.getByRole('log', { name: 'Messages' });

  it('follows a visitor live, answers with a canned response, a picture, a note and a tag, then transfers', async () => {
    const visitor = await anonymous(t, tenant.projectId, 'Vera');
    // The visitor's first message opens the conversation, as the widget does.
    const requestId = newRequestId(tenant.projectId);
    const say = async (text: string, opening: Record<string, unknown> = {}) => {
      const sent = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages`, {
        headers: visitor.headers,
        body: { text, ...opening },
      });
      assert.equal(sent.status, 200, sent.text);
    };
    await say('Hello, my order https://shop.example.com/order/42 is late', {
      senderFullname: 'Vera Verdi',
      email: 'vera@example.com',
      sourcePage: 'https://shop.example.com/cart',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
      language: 'it',
      attributes: { plan: 'gold' },
    });
    const assigned = await t.http('PUT', `/${tenant.projectId}/requests/${requestId}/participants`, {
      headers: tenant.owner.basic,
      body: [ada.id],
    });
    assert.equal(assigned.status, 200, assigned.text);

    const agent = await openPage(browser);
    const { page } = agent;
    await signIn(page, base, ada, conversationHash(requestId));
    await page.getByRole('heading', { name: 'Conversation with Vera Verdi' }).waitFor();
    const log = timeline(page);
    await log.locator('.message-text', { hasText: 'Hello, my order' }).waitFor();
    // Only http(s) addresses are links, and the text stays text.
    assert.equal(
      await log.getByRole('link', { name: 'https://shop.example.com/order/42' }).getAttribute('href'),
      'https://shop.example.com/order/42',
    );

    // Live: the visitor writes again.
    await say('Are you there? <b>not bold</b>');
    await log.getByText('Are you there? <b>not bold</b>').waitFor();
    assert.equal(await log.locator('b').count(), 0);

    // The visitor typing shows, and goes when they stop.
    const visitorTyping = async (typing: boolean) => {
      const signalled = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/typing`, {
        headers: visitor.headers,
        body: { typing },
      });
      assert.equal(signalled.status, 200, signalled.text);
    };
    await visitorTyping(true);
    const typingLine = page.getByText(/^Vera.* is typing…$/);
    await typingLine.waitFor();
    await visitorTyping(false);
    await typingLine.waitFor({ state: 'detached' });

    // The visitor panel: the lead, where they came from.
    const panel = page.getByRole('complementary');
    assert.equal(await panel.getByLabel('Name', { exact: true }).inputValue(), 'Vera Verdi');
    assert.equal(await panel.getByLabel('Email', { exact: true }).inputValue(), 'vera@example.com');
    await panel.getByText('Chrome 120 · Windows').waitFor();
    await panel.getByRole('link', { name: 'https://shop.example.com/cart' }).waitFor();
    await page.getByRole('region', { name: 'Where they came from' }).getByText('gold').waitFor();

    // A canned response through `/`, its placeholders filled.
    const composer = page.getByLabel('Reply to the visitor');
    const typingPosted = (typing: boolean) =>
      page.waitForRequest(
        (request) =>
          request.url().endsWith('/typing') && (request.postDataJSON() as { typing: boolean }).typing === typing,
      );
    const startedTyping = typingPosted(true);
    await composer.pressSequentially('/gree');
    await startedTyping;
    const options = page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option');
    await options.first().waitFor();
    assert.equal(await options.count(), 1);
    await composer.press('Enter');
    assert.equal(await composer.inputValue(), 'Hello Vera Verdi, I am Ada Rossi.');
    const stoppedTyping = typingPosted(false);
    await composer.press('Enter');
    await stoppedTyping;
    await log.getByText('Hello Vera Verdi, I am Ada Rossi.').waitFor();
    assert.equal(await composer.inputValue(), '');
    // Esc closes the list, Shift+Enter is a new line.
    await composer.pressSequentially('/nothing');
    const none = page.getByText('No canned response matches.');
    await none.waitFor();
    await composer.press('Escape');
    await none.waitFor({ state: 'detached' });
    await composer.fill('');

    // A picture.
    await page.getByLabel('Attach a file').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL });
    const picture = log.getByRole('img', { name: 'pixel.png' });
    await picture.waitFor();
    assert.ok(
      await picture.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth === 1;
      }),
    );

    // A private note.
    await page.getByLabel('Private note', { exact: true }).check();
    const noteBox = page.getByLabel('Private note for the team');
    await noteBox.fill('Vera is a gold customer');
    await noteBox.press('Enter');
    await log.locator('.message-note', { hasText: 'Vera is a gold customer' }).waitFor();
    await page.getByLabel('Private note', { exact: true }).uncheck();

    // A tag.
    const tags = page.getByRole('region', { name: 'Tags', exact: true });
    await tags.getByLabel('New tag').fill('billing');
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByRole('button', { name: 'Remove the tag billing' }).waitFor();

    await assertAccessible(page, 'the conversation view');
    await page.evaluate('window.scrollTo(0, 0)');
    await docsScreenshot(page, 'console-conversation');

    // What the server now holds.
    const messages = await messagesOf(t, tenant, requestId);
    const texts = messages.map((message) => message.text);
    assert.ok(texts.includes('Hello Vera Verdi, I am Ada Rossi.'), texts.join(' | '));
    const answer = messages.find((message) => message.text === 'Hello Vera Verdi, I am Ada Rossi.')!;
    assert.equal(answer.sender, ada.id);
    const image = messages.find((message) => (message as { type?: string }).type === 'image') as
      { metadata: { src: string; name: string; type: string; width: number } } | undefined;
    assert.ok(image, 'an image message');
    assert.equal(image.metadata.name, 'pixel.png');
    assert.equal(image.metadata.type, 'image/png');
    assert.equal(image.metadata.width, 1);
    const file = await t.http('GET', new URL(image.metadata.src).pathname + new URL(image.metadata.src).search);
    assert.equal(file.status, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.ok(!texts.some((text) => text?.includes('gold customer')), 'a note is not a message');
    const stored = await getRequest(t, tenant, requestId);
    assert.deepEqual(
      stored.notes.map((note: { text: string; createdBy: string }) => [note.text, note.createdBy]),
      [['Vera is a gold customer', ada.id]],
    );
    assert.deepEqual(
      stored.tags.map((tag: { tag: string }) => tag.tag),
      ['billing'],
    );
    // The visitor sees neither the note nor the tags.
    const seen = await t.http('GET', `/${tenant.projectId}/requests/me`, { headers: visitor.headers });
    assert.equal(seen.status, 200, seen.text);
    assert.ok(seen.text.includes(requestId) && !seen.text.includes('gold customer') && !seen.text.includes('billing'));
    const theirs = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
      headers: visitor.headers,
    });
    assert.equal(theirs.status, 200, theirs.text);
    assert.ok(theirs.text.includes('Hello Vera Verdi') && !theirs.text.includes('gold customer'));

    // Ada transfers the conversation to Bruno, who sees it as his.
    await page.getByLabel('Transfer to').selectOption({ label: 'Bruno Bianchi' });
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await page.locator('.served-by', { hasText: 'Bruno Bianchi' }).waitFor();
    const other = await openPage(browser);
    await signIn(other.page, base, bruno, conversationHash(requestId));
    await other.page.locator('.served-by', { hasText: /^Bruno Bianchi$/ }).waitFor();
    await other.page.getByRole('button', { name: 'Leave' }).waitFor();
    await timeline(other.page).getByText('Vera is a gold customer').waitFor();
    assert.deepEqual((await getRequest(t, tenant, requestId)).participants, [bruno.id]);

    assert.deepEqual(agent.errors, []);
    assert.deepEqual(other.errors, []);
    await agent.close();
    await other.close();
  });

  it('shows an imported history in its own times and order, with buttons, notices and earlier pages', async () => {
    const earlier = await createRequest(t, tenant, { first_text: 'An earlier question' });
    const request = await createRequest(t, tenant, { first_text: 'Old question' });
    const requestId: string = request.request_id;
    const start = Date.parse('2025-03-01T09:00:00Z');
    const minute = 60_000;
    const filler = Array.from({ length: 52 }, (_, i) => ({
      sender: i % 2 === 0 ? 'visitor-1' : ada.id,
      senderFullname: i % 2 === 0 ? 'Old visitor' : 'Ada Rossi',
      text: `old message ${i + 1}`,
      attributes: { clienttimestamp: start + i * minute },
    }));
    const later = start + 60 * minute;
    const imported = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages/multi`, {
      headers: tenant.owner.basic,
      body: [
        ...filler,
        {
          sender: 'bot_0123',
          senderFullname: 'Helper bot',
          text: 'What do you need?',
          attributes: {
            clienttimestamp: later,
            attachment: {
              type: 'template',
              buttons: [
                { type: 'text', value: 'Billing' },
                { type: 'url', value: 'Docs', link: 'https://docs.example.com' },
                { type: 'url', value: 'Evil', link: 'javascript:alert(1)' },
              ],
            },
          },
        },
        {
          sender: 'visitor-1',
          senderFullname: 'Old visitor',
          text: 'Billing',
          attributes: { clienttimestamp: later + minute },
        },
        {
          sender: 'system',
          senderFullname: 'Bot',
          text: 'Chat closed',
          attributes: {
            clienttimestamp: later + 2 * minute,
            subtype: 'info/support',
            messagelabel: { key: 'CHAT_CLOSED' },
          },
        },
      ],
    });
    assert.equal(imported.status, 200, imported.text);
    const rated = await t.http('PATCH', `/${tenant.projectId}/requests/${requestId}/rating`, {
      headers: tenant.owner.basic,
      body: { rating: 4, rating_message: 'Quick and kind' },
    });
    assert.equal(rated.status, 200, rated.text);

    const owner = await openPage(browser, { viewport: { width: 375, height: 800 } });
    const { page } = owner;
    // The history's reads: the newest page, then older ones only as the agent scrolls up.
    const reads: URLSearchParams[] = [];
    page.on('request', (sent) => {
      const url = new URL(sent.url());
      if (url.pathname.endsWith(`/requests/${requestId}/messages`) && sent.method() === 'GET') {
        reads.push(url.searchParams);
      }
    });
    await signIn(page, base, tenant.owner, conversationHash(requestId));
    const log = timeline(page);
    await log.getByText('What do you need?').waitFor();

    // The newest page first (50 of 55), in order, each at its own time.
    const shown = () => log.locator('li.message').count();
    assert.equal(await shown(), 50);
    assert.deepEqual(
      reads.map((query) => [query.get('last'), query.get('limit'), query.has('before')]),
      [['true', '50', false]],
    );
    const times = await log
      .locator('li.message time')
      .evaluateAll((list) => list.map((time) => time.getAttribute('datetime')));
    assert.equal(times.at(-1), new Date(later + 2 * minute).toISOString());
    assert.deepEqual([...times].sort(), times, 'oldest first');
    await log.getByText('Conversation closed').waitFor();
    await page.getByText('4 out of 5').waitFor();
    await page.getByText('Quick and kind').waitFor();
    assert.equal(await log.locator('li.message-info').count(), 1);
    // The buttons, the one the visitor chose, and no link for a javascript: address.
    const buttons = log.getByRole('list', { name: 'Buttons offered to the visitor' });
    await buttons.locator('li.chosen', { hasText: 'Billing' }).waitFor();
    assert.equal(await buttons.getByRole('link', { name: 'Docs' }).getAttribute('href'), 'https://docs.example.com/');
    assert.equal(await buttons.getByRole('link', { name: 'Evil' }).count(), 0);

    // Earlier messages, read from the server as the agent scrolls up; what was at the top stays in view.
    await log.getByRole('button', { name: 'Earlier messages' }).waitFor();
    assert.equal(await log.getByText('Start of the conversation').count(), 0);
    await log.evaluate((element) => element.scrollTo({ top: 0 }));
    await log.getByText('old message 1', { exact: true }).waitFor();
    assert.equal(await shown(), 55);
    assert.equal(reads.length, 2);
    assert.ok(reads[1]!.get('before'), 'the second read is the page before the first');
    const inView = await log.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const item = [...element.querySelectorAll('li.message')].find((li) => li.textContent?.includes('old message 6'));
      const at = item!.getBoundingClientRect();
      return at.bottom > box.top && at.top < box.bottom;
    });
    assert.ok(inView, 'the message that was at the top is still on screen');
    assert.ok((await log.evaluate((element) => element.scrollTop)) > 0, 'not thrown to the top');
    await log.getByText('Start of the conversation').waitFor();
    assert.equal(await log.getByRole('button', { name: 'Earlier messages' }).count(), 0);
    const first = log.locator('li.message').first();
    assert.equal(await first.locator('time').getAttribute('datetime'), new Date(start).toISOString());
    assert.match(await first.locator('time').innerText(), /Mar 1, 2025/);

    // On a phone the visitor panel folds away.
    const toggle = page.getByRole('button', { name: 'Show the visitor' });
    assert.equal(await page.getByLabel('Phone').isVisible(), false);
    await toggle.click();
    await page.getByLabel('Phone').waitFor();
    // The visitor's other conversation, a link to it.
    const previous = page.getByRole('region', { name: 'Other conversations' }).getByRole('link');
    await previous.first().waitFor();
    assert.deepEqual(await previous.allInnerTexts(), ['An earlier question']);
    assert.equal(await previous.getAttribute('href'), conversationHash(earlier.request_id));
    await assertAccessible(page, 'the conversation view on a phone');

    // A contact save that fails puts the previous value back and says so; one that works is kept.
    const phone = page.getByLabel('Phone');
    await page.route('**/leads/*', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"msg":"try later"}' })
        : route.fallback(),
    );
    await phone.fill('+39 555 0100');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('alert').filter({ hasText: 'try later' }).waitFor();
    assert.equal(await phone.inputValue(), '');
    await page.unrouteAll();
    await phone.fill('+39 555 0100');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByText('Contact saved.').waitFor();
    const lead = (await getRequest(t, tenant, requestId)).lead;
    assert.equal(lead.phone, '+39 555 0100');

    // The transcript, then closing and reopening.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download transcript (CSV)' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.includes('old message 1') && csv.includes('What do you need?'), csv.slice(0, 300));
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('button', { name: 'Close', exact: true }).waitFor();
    await log.getByText('Conversation reopened').waitFor();
    assert.equal((await getRequest(t, tenant, requestId)).status < 1000, true);

    // Alt+R comes back to the composer.
    await page.keyboard.press('Alt+KeyR');
    assert.equal(await page.evaluate('document.activeElement.id'), 'conversation-composer');

    // In Italian.
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('heading', { name: /^Conversazione con / }).waitFor();
    await page.getByRole('button', { name: 'Scarica la trascrizione (CSV)' }).waitFor();

    // The failed save's own 503 is the only error the page logged.
    assert.deepEqual(
      owner.errors.filter((error) => !error.includes('status of 503')),
      [],
    );
    await owner.close();
  });
});
