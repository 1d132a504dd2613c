/**
 * The pages emails lead to, in a real headless Chromium: a verification link verifies, a reset
 * link sets a new password (asked for from the page itself), and the outbox viewer (/dev/mail/)
 * shows a project's emails as their recipients see them. Links come from emails that went
 * through a real SMTP server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, signup, uniqueEmail } from './helpers/factories.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** What links in emails start with; the pages are reached at the test server's address instead. */
const PUBLIC_URL = 'http://parley.test';

describe('account pages and the outbox in a browser', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let base: string;
  let browser: Browser;

  before(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL });
    base = await t.listen();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await t.close();
    await smtp.close();
  });

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url.replace(PUBLIC_URL, base));
    return { page, errors };
  }

  it('follows a verification link', async () => {
    const user = await signup(t, { email: uniqueEmail('page-verify') });
    const email = await smtp.waitFor((e) => e.to.includes(user.email), 'verification email');
    const { page, errors } = await open(linkIn(email, `${PUBLIC_URL}/account/#/verify/`));
    await page
      .getByRole('status')
      .filter({ hasText: `${user.email} is verified` })
      .waitFor();
    assert.equal((await t.http('GET', '/users', { headers: user.jwt })).body.emailverified, true);

    // The same link again explains itself.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'This link does not work' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('asks for a reset link, then follows it to a new password', async () => {
    const user = await signup(t, { email: uniqueEmail('page-reset') });
    const forgot = await open(`${base}/account/`);
    await forgot.page.locator('#forgot').getByLabel('Email').fill(user.email);
    await forgot.page.getByRole('button', { name: 'Email me a link' }).click();
    await forgot.page.getByRole('status').filter({ hasText: 'a link is on its way' }).waitFor();

    const email = await smtp.waitFor((e) => e.to.includes(user.email) && e.text.includes('resetpsw'), 'reset email');
    const { page, errors } = await open(linkIn(email, `${PUBLIC_URL}/account/#/resetpsw/`));
    await page.getByText(`For ${user.email}.`).waitFor();
    await page.getByLabel('New password').fill('brand-new-password');
    await page.getByLabel('Repeat it').fill('brand-new-password');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    const signin = await t.http('POST', '/auth/signin', {
      body: { email: user.email, password: 'brand-new-password' },
    });
    assert.equal(signin.status, 200);
    assert.deepEqual(errors, []);
  });

  it('shows the outbox of a project to its owner, each email as sent', async () => {
    const tenant = await newTenant(t);
    const invited = uniqueEmail('page-invited');
    const invite = await t.http('POST', `/${tenant.projectId}/project_users/invite`, {
      headers: tenant.owner.basic,
      body: { email: invited, role: 'agent' },
    });
    assert.equal(invite.status, 200);
    await smtp.waitFor((e) => e.to.includes(invited), 'invitation');

    const { page, errors } = await open(`${base}/dev/mail/`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Email', { exact: true }).fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('#emails tr', { hasText: invited });
    await row.waitFor();
    assert.match(await row.innerText(), /beenInvitedNewUser[\s\S]*sent/);
    await row.click();
    const frame = page.frameLocator('#html');
    await frame.getByText(tenant.project.name).first().waitFor();
    // The email's own scripts could not run: the frame is sandboxed.
    assert.equal(await page.locator('#html').getAttribute('sandbox'), '');
    // The README's picture of the page, taken again with the generated docs (PARLEY_WRITE_DOCS=1).
    if (process.env.PARLEY_WRITE_DOCS === '1') {
      await page.screenshot({ path: new URL('../docs/images/outbox.png', import.meta.url).pathname });
    }
    assert.deepEqual(errors, []);
  });
});
