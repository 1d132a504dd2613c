/**
 * The console's settings and team screens in a real headless Chromium, as a project's owner:
 * renames the project, sets office hours (a time zone, Monday 9-17), changes the widget, the
 * upload types and the project secret, copies the embed snippet, sees a save the server fails
 * roll back; invites someone, resends and revokes the invitation, changes a member's role and
 * chat limit, sees a refused role change roll back, creates a group and a pooled department
 * routing to it. Both screens pass axe and fit a phone's width. After each step the server is
 * asked what it holds. An agent opening the same screens is told they are for admins.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, uniqueEmail, type Tenant, type TestUser } from './helpers/factories.js';
import { assertAccessible, buildWebApps, docsScreenshot, launchBrowser, openPage, signIn } from './helpers/browser.js';

describe('the console settings and team screens', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;
  let ada: TestUser & { projectUserId: string };
  let bruno: TestUser & { projectUserId: string };

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    tenant = await newTenant(t);
    ada = await addMember(t, tenant, 'agent');
    bruno = await addMember(t, tenant, 'agent');
    for (const [user, firstname, lastname] of [
      [ada, 'Ada', 'Rossi'],
      [bruno, 'Bruno', 'Bianchi'],
    ] as const) {
      await t.database.db.updateTable('users').set({ firstname, lastname }).where('id', '=', user.id).execute();
    }
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** GET as the owner, asserting it worked. */
  async function held(path: string): Promise<any> {
    const response = await t.http('GET', path, { headers: tenant.owner.basic });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  /**
   * Clears the notices away (for the screenshots of the docs). A notice also leaves by itself
   * after a few seconds: one that went between the count and the click is not waited for.
   */
  async function dismissToasts(page: Page): Promise<void> {
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    while ((await dismiss.count()) > 0) {
      await dismiss
        .first()
        .click({ timeout: 2000 })
        .catch(async (error: unknown) => {
          if ((await dismiss.count()) > 0) throw error;
        });
    }
  }

  /**
   * The screen fits a phone's width: nothing in it is wider than 375 px but what scrolls in its
   * own box (the members' table). The console's header, shared by every screen, is not checked.
   */
  async function assertFitsPhone(page: Page, what: string): Promise<void> {
    await page.setViewportSize({ width: 375, height: 800 });
    const wide = await page
      .locator('main *')
      .evaluateAll((elements) =>
        elements
          .filter((element) => element.getBoundingClientRect().right > 375 && !element.closest('.table-scroll'))
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
      );
    assert.deepEqual(wide, [], `${what} on a phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const toast = (page: Page, text: string | RegExp) =>
    page.locator('.toast').filter({ hasText: text }).first().waitFor();

  it('lets the owner rename the project, set office hours, the widget, upload types and the secret', async () => {
    const { page, errors, close } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await signIn(page, base, tenant.owner, `#/${tenant.projectId}/settings`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();

    await page.getByLabel('Project name').fill('Renamed project');
    await page.getByRole('button', { name: 'Save name' }).click();
    await toast(page, 'Project name saved.');

    await page.getByLabel('Use office hours').check();
    await page.getByLabel('Time zone').selectOption('Europe/Rome');
    const monday = page.getByRole('group', { name: 'Monday' });
    await monday.getByRole('button', { name: 'Add hours on Monday' }).click();
    await monday.getByLabel('From').fill('09:00');
    await monday.getByLabel('To').fill('17:00');
    await page.getByRole('button', { name: 'Save office hours' }).click();
    await toast(page, 'Office hours saved.');

    await page.getByLabel('Greeting title').fill('Welcome to Renamed');
    await page.getByLabel('Position on the page').selectOption('left');
    await page.getByRole('button', { name: 'Save widget' }).click();
    await toast(page, 'Widget saved.');

    await page.getByLabel('File types the team may send').fill('.PDF, png');
    await page.getByRole('button', { name: 'Save file types' }).click();
    await toast(page, 'File types saved.');

    // A save the server fails: the notice says why and the form shows the saved name again.
    const projectUrl = `${base}/projects/${tenant.projectId}`;
    await page.route(projectUrl, (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"msg":"Database unavailable"}' })
        : route.fallback(),
    );
    await page.getByLabel('Project name').fill('Never saved');
    await page.getByRole('button', { name: 'Save name' }).click();
    await toast(page, 'Not saved: Database unavailable');
    assert.equal(await page.getByLabel('Project name').inputValue(), 'Renamed project');
    await page.unroute(projectUrl);

    const project = await held(`/projects/${tenant.projectId}`);
    assert.equal(project.name, 'Renamed project');
    assert.equal(project.activeOperatingHours, true);
    assert.deepEqual(JSON.parse(project.operatingHours), {
      '1': [{ start: '09:00', end: '17:00' }],
      tzname: 'Europe/Rome',
    });
    assert.equal(project.widget.wellcomeTitle, 'Welcome to Renamed');
    assert.equal(project.widget.align, 'left');
    assert.equal(project.settings.allowed_upload_extentions, '.pdf,.png');

    // The embed snippet: shown, and copied as shown.
    const snippet = `<script src="${base}/widget.js" data-project="${tenant.projectId}" async></script>`;
    assert.equal(await page.getByLabel('Embed code').inputValue(), snippet);
    await page.getByRole('button', { name: 'Copy' }).click();
    await toast(page, 'Copied to the clipboard.');
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), snippet);

    // A new project secret, after a confirmation; it signs test tokens on the server.
    await page.getByRole('button', { name: 'Make a new secret…' }).click();
    await page.getByRole('button', { name: 'Make a new secret', exact: true }).click();
    await toast(page, 'New secret made.');
    const secret = await page.getByLabel('New secret').inputValue();
    assert.match(secret, /^\S{20,}$/);

    await assertAccessible(page, 'the settings page');
    await assertFitsPhone(page, 'the settings page');
    await dismissToasts(page);
    await docsScreenshot(page, 'console-settings', { fullPage: true });
    // The failed save's 500 is the one error the browser logged.
    assert.deepEqual(
      errors.filter((error) => !/status of 500/.test(error)),
      [],
    );
    await close();
  });

  it('lets the owner invite and revoke, change roles and limits, and set up departments and groups', async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, base, tenant.owner, `#/${tenant.projectId}/team/invitations`);
    const views = page.getByRole('navigation', { name: 'Team views' });

    // An address without an account: the invitation waits, and is revoked.
    const newcomer = uniqueEmail('newcomer');
    await page.getByLabel('Email address').fill(newcomer);
    await page.getByLabel('Role').selectOption('agent');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('listitem').filter({ hasText: newcomer }).waitFor();
    let pending = await held(`/${tenant.projectId}/pendinginvitations`);
    assert.deepEqual(
      pending.map((invitation: any) => [invitation.email, invitation.role]),
      [[newcomer, 'agent']],
    );
    await page.getByRole('button', { name: `Resend the invitation to ${newcomer}` }).click();
    await toast(page, `Invitation sent again to ${newcomer}.`);
    await page.getByRole('button', { name: `Revoke the invitation of ${newcomer}` }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('No pending invitations.').waitFor();
    pending = await held(`/${tenant.projectId}/pendinginvitations`);
    assert.deepEqual(pending, []);

    // Members: Ada becomes an admin with a limit of 3 chats.
    await views.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Role of Ada Rossi').selectOption('admin');
    await toast(page, 'Ada Rossi’s role saved.');
    await page.getByLabel('Chat limit of Ada Rossi').fill('3');
    await page.getByLabel('Chat limit of Ada Rossi').press('Tab');
    await toast(page, 'Ada Rossi’s chat limit saved.');
    const adaHeld = await held(`/${tenant.projectId}/project_users/${ada.projectUserId}`);
    assert.equal(adaHeld.role, 'admin');
    assert.equal(adaHeld.max_assigned_chat, 3);
    await assertAccessible(page, 'the team members');
    await assertFitsPhone(page, 'the team members');
    await dismissToasts(page);
    await docsScreenshot(page, 'console-team');

    // A save the server refuses (Bruno was removed meanwhile) says so and rolls back.
    const removed = await t.http('DELETE', `/${tenant.projectId}/project_users/${bruno.projectUserId}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(removed.status, 200, removed.text);
    const brunoRole = page.getByLabel('Role of Bruno Bianchi');
    await brunoRole.selectOption('supervisor');
    await toast(page, /^Not saved: /);
    assert.equal(await brunoRole.inputValue(), 'agent');
    assert.equal(await brunoRole.isEnabled(), true);

    // A group with Ada in it.
    await views.getByRole('link', { name: 'Groups' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Night shift');
    await page.getByRole('checkbox', { name: 'Ada Rossi' }).check();
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Night shift' }).waitFor();
    const groups = await held(`/${tenant.projectId}/groups`);
    assert.deepEqual(
      groups.map((group: any) => [group.name, group.members]),
      [['Night shift', [ada.id]]],
    );
    await assertAccessible(page, 'the team groups');

    // A department with pooled routing, for the group's agents only.
    await views.getByRole('link', { name: 'Departments' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Sales');
    await page.getByRole('radio', { name: /^Pooled/ }).check();
    await page.getByLabel('Only the agents of the group').selectOption({ label: 'Night shift' });
    await page.getByRole('button', { name: 'Create department' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Sales' }).waitFor();
    const departments = await held(`/${tenant.projectId}/departments/allstatus`);
    const sales = departments.find((department: any) => department.name === 'Sales');
    assert.equal(sales?.routing, 'pooled');
    assert.equal(sales?.id_group, groups[0]._id);
    await assertAccessible(page, 'the team departments');

    // The refused save's 404 is the one error the browser logged.
    assert.deepEqual(
      errors.filter((error) => !/status of 404/.test(error)),
      [],
    );
    await close();
  });

  it('tells an agent that settings and team are for admins', async () => {
    const agent = await addMember(t, tenant, 'agent');
    const { page, errors, close } = await openPage(browser);
    await signIn(page, base, agent, `#/${tenant.projectId}/settings`);
    await page.getByText('This page is for the project’s owners and admins.').waitFor();
    assert.equal(await page.getByLabel('Project name').count(), 0);
    await assertAccessible(page, 'the settings page of an agent');

    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team' }).waitFor();
    await page.getByText('This page is for the project’s owners and admins.').waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    assert.deepEqual(errors, []);
    await close();
  });
});
