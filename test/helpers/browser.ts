/**
 * Browser tests of the console: the machine's Chromium through playwright-core, the console built
 * first when its build is missing or stale, a signed-in page per person, and an axe-core check.
 * A page records its errors (uncaught exceptions, console errors): a test ends by asserting none.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** Builds the console when its sources changed (about a second; nothing when they did not). */
export function buildWebApps(): void {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: new URL('../..', import.meta.url) });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface ConsolePage {
  page: Page;
  /** Errors the page threw or logged so far. */
  errors: string[];
  close(): Promise<void>;
}

/** A new browser context and page, English, UTC, a desktop viewport unless told otherwise. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<ConsolePage> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // "Failed to load resource" names no resource: its location does.
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  return { page, errors, close: () => context.close() };
}

/** Signs in on the console's sign-in form and waits for the screen behind it. */
export async function signIn(
  page: Page,
  base: string,
  user: { email: string; password: string },
  hash = '',
): Promise<void> {
  await page.goto(`${base}/console/${hash}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Runs axe-core on the page as it is now and fails on any violation of WCAG 2 A / AA (labels,
 * contrast, roles, focusable names...), listing each with the elements at fault.
 */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's strict CSP (no inline scripts) does
  // not apply to: the console is checked under the policy it is served with.
  if (!(await page.evaluate(() => 'axe' in globalThis)))
    await page.evaluate((axeSource ??= readFileSync(AXE_PATH, 'utf8')));
  const violations = await page.evaluate(async () => {
    // Runs in the page: `globalThis` is its window (the test's type check has no DOM library).
    const page = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<any> };
      document: unknown;
    };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return (result.violations as Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }>).map(
      (violation) =>
        `${violation.id} (${violation.help}): ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
  });
  assert.deepEqual(violations, [], `accessibility of ${what}`);
}

/** Saves a screenshot for the README when PARLEY_WRITE_DOCS=1 (docs/images/<name>.png). */
export async function docsScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.PARLEY_WRITE_DOCS !== '1') return;
  await page.screenshot({ path: new URL(`../../docs/images/${name}.png`, import.meta.url).pathname, ...options });
}
