/**
 * The console's Analytics page in a real headless Chromium, against a project with a history
 * seeded in the past (days before today, in UTC, the browser's zone here): signs in, picks the
 * project, checks the charts are drawn and the per-agent table and tiles say what the history
 * says, narrows the window to 7 days, exports both CSV files and reads them, switches to Italian
 * and narrows to one agent. The console is built first when its build is missing or stale
 * (scripts/build-web.mjs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant, type TestUser } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';
import { assertAccessible, buildWebApps, launchBrowser } from './helpers/browser.js';

const MIN = 60_000;

interface Seeded {
  daysAgo: number;
  agents: Array<'ada' | 'bruno'>;
  bot?: boolean;
  firstResponse?: number;
  duration?: number;
  rating?: number;
  /** Messages exchanged (the visitor's and the answers), from the conversation's start. */
  messages: number;
}

/**
 * The history, at 10:00 UTC that many days ago. Last 30 days: Ada has r1, r3, r5 (first response
 * 60 s on average, duration 36.7 min, rating 3.67); Bruno r2, r5 (105 s, 15 min, 2.5). Last 7
 * days: Ada r1, r3 (45 s, 45 min, 4.5); Bruno r2 (2 min, 10 min, 3). r4 a bot served alone.
 */
const HISTORY: Seeded[] = [
  { daysAgo: 1, agents: ['ada'], firstResponse: MIN, duration: 30 * MIN, rating: 5, messages: 6 },
  { daysAgo: 2, agents: ['bruno'], firstResponse: 2 * MIN, duration: 10 * MIN, rating: 3, messages: 4 },
  { daysAgo: 3, agents: ['ada'], firstResponse: 30_000, duration: 60 * MIN, rating: 4, messages: 8 },
  { daysAgo: 4, agents: [], bot: true, rating: 5, messages: 3 },
  { daysAgo: 20, agents: ['ada', 'bruno'], firstResponse: 90_000, duration: 20 * MIN, rating: 2, messages: 5 },
  { daysAgo: 60, agents: ['bruno'], firstResponse: 10_000, duration: 5 * MIN, rating: 1, messages: 2 },
];

describe('the console in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;
  let ada: TestUser;
  let bruno: TestUser;

  async function seed(): Promise<void> {
    tenant = await newTenant(t);
    ada = await addMember(t, tenant, 'agent');
    bruno = await addMember(t, tenant, 'agent');
    for (const [user, firstname, lastname] of [
      [ada, 'Ada', 'Rossi'],
      [bruno, 'Bruno', 'Bianchi'],
    ] as const) {
      await t.database.db.updateTable('users').set({ firstname, lastname }).where('id', '=', user.id).execute();
    }
    const ids = { ada: ada.id, bruno: bruno.id };
    const today = new Date().toISOString().slice(0, 10);
    for (const seeded of HISTORY) {
      const { request_id } = await createRequest(t, tenant);
      const at = new Date(Date.parse(`${today}T10:00:00Z`) - seeded.daysAgo * 86_400_000);
      const later = (ms: number | undefined) => (ms === undefined ? null : new Date(at.getTime() + ms));
      const agents = seeded.agents.map((key) => ids[key]);
      // Times of the past, which the API has no way to set.
      await t.database.db
        .updateTable('requests')
        .set({
          created_at: at,
          participants: seeded.bot ? ['bot_0123'] : agents,
          participants_agents: agents,
          has_bot: seeded.bot ?? false,
          status: 1000,
          waiting_time: seeded.firstResponse ?? null,
          first_response_at: later(seeded.firstResponse),
          closed_at: later(seeded.duration),
          rating: seeded.rating ?? null,
        })
        .where('request_id', '=', request_id)
        .execute();
      // The conversation's messages, a minute apart (dated by their clienttimestamp).
      const imported = await t.http('POST', `/${tenant.projectId}/requests/${request_id}/messages/multi`, {
        headers: tenant.owner.basic,
        body: Array.from({ length: seeded.messages }, (_, i) => ({
          sender: i % 2 === 0 ? 'visitor' : (agents[0] ?? 'bot_0123'),
          text: `message ${i + 1}`,
          attributes: { clienttimestamp: at.getTime() + i * MIN },
        })),
      });
      assert.equal(imported.status, 200, imported.text);
    }
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

  /** The per-agent table as text, one array of cells per row. */
  async function agentRows(page: Page): Promise<string[][]> {
    return page
      .locator('table.agents tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));
  }

  async function downloaded(page: Page, button: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  it('shows a project analytics, narrows the window, exports CSV, speaks Italian, filters by agent', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'UTC',
      acceptDownloads: true,
      viewport: { width: 1280, height: 1000 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: tenant.project.name }).click();
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    assert.match(page.url(), new RegExp(`#/${tenant.projectId}/analytics$`));

    // Last 30 days (the default): five conversations, one served by a bot.
    const table = page.locator('table.agents');
    await table.waitFor();
    assert.equal(await page.locator('canvas[role="img"]').count(), 4);
    const tiles = page.locator('.tiles');
    assert.match(await tiles.innerText(), /Conversations\s+5\s+Served by a bot\s+1\s+Messages\s+26\s/);
    assert.deepEqual(await agentRows(page), [
      ['Ada Rossi', '3', '60 s', '36.7 min', '3.67'],
      ['Bruno Bianchi', '2', '1.8 min', '15 min', '2.5'],
    ]);
    // The charts are drawn: a canvas Chart.js drew nothing on is a tiny, uniform image.
    const picture = await page.locator('canvas').first().screenshot();
    assert.ok(picture.length > 5_000, `the first chart looks blank (${picture.length} bytes)`);
    await assertAccessible(page, 'the analytics page');
    if (process.env.PARLEY_WRITE_DOCS === '1') {
      await page.screenshot({
        path: new URL('../docs/images/console-analytics.png', import.meta.url).pathname,
        fullPage: true,
      });
    }

    // The last 7 days.
    await page.getByLabel('Period').selectOption('7');
    await page.locator('.tile', { hasText: /^Conversations4$/ }).waitFor();
    assert.deepEqual(await agentRows(page), [
      ['Ada Rossi', '2', '45 s', '45 min', '4.5'],
      ['Bruno Bianchi', '1', '2 min', '10 min', '3'],
    ]);

    const agents = await downloaded(page, 'Export agents (CSV)');
    assert.match(agents.name, /^parley-agents-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(
      agents.text,
      '\uFEFF"Agent";"Agent id";"Conversations";"Average first response (s)";"Average duration (s)";"Average rating"\n' +
        `"Ada Rossi";"${ada.id}";"2";"45";"2700";"4.5"\n` +
        `"Bruno Bianchi";"${bruno.id}";"1";"120";"600";"3"\n`,
    );
    const days = await downloaded(page, 'Export days (CSV)');
    const lines = days.text.replace('\uFEFF', '').trimEnd().split('\n');
    assert.equal(lines[0], '"Day";"Conversations";"Served by a bot";"Agents only";"Messages"');
    assert.equal(lines.length, 1 + 7, 'a header and one line per day');
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    assert.ok(lines.includes(`"${daysAgo(4)}";"1";"1";"0";"3"`), days.text);
    assert.ok(lines.includes(`"${daysAgo(3)}";"1";"0";"1";"8"`), days.text);

    // Italian: the labels, and numbers written the Italian way.
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('heading', { name: 'Statistiche' }).waitFor();
    assert.deepEqual(await agentRows(page), [
      ['Ada Rossi', '2', '45 s', '45 min', '4,5'],
      ['Bruno Bianchi', '1', '2 min', '10 min', '3'],
    ]);
    assert.equal(await page.getByRole('button', { name: 'Esporta gli operatori (CSV)' }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'it');

    // One agent's conversations: Bruno's (in the last 7 days, only r2).
    await page.getByLabel('Operatore').selectOption({ label: 'Bruno Bianchi' });
    await page.locator('.tile', { hasText: /^Conversazioni1$/ }).waitFor();
    assert.deepEqual(await agentRows(page), [['Bruno Bianchi', '1', '2 min', '10 min', '3']]);
    // The choice is kept: a reload stays in Italian (and signed in).
    await page.reload();
    await page.getByRole('heading', { name: 'Statistiche' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('tells an agent that analytics are for admins', async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(`${base}/console/#/${tenant.projectId}/analytics`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Analytics are for the owners and administrators' }).waitFor();
    assert.equal(await page.locator('canvas').count(), 0);
    await context.close();
  });

  it('serves the console under the strict policy, and its bundles for good', async () => {
    const page = await t.http('GET', '/console/');
    assert.equal(page.status, 200);
    const policy = String(page.headers['content-security-policy']);
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, /style-src 'self'(;|$)/);
    const bundle = /src="\/console\/(assets\/[^"]+\.js)"/.exec(page.text);
    assert.ok(bundle, page.text);
    const script = await t.http('GET', `/console/${bundle[1]}`);
    assert.equal(script.status, 200);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await t.http('GET', '/console')).status, 302);
  });
});
