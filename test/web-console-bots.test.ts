/**
 * The console's Bots screens in a real headless Chromium, as a project's owner: creates a bot
 * from the `example` template and finds its intents listed; rewrites an answer with a button and
 * an image and watches the live preview draw them, saves and reads the answer back from the
 * server; adds an intent with two questions; asks both in the test chat (a real guest
 * conversation with the bot, closed on leaving); exports the bot as JSON, imports the file as a
 * new bot, deletes that one after the confirmation, and forks the first into another project. Accessibility checked on both screens.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { intentsOf } from './helpers/bots.js';
import { multipartBody } from './helpers/multipart.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import { parseAnswer as serverParse } from '../src/modules/bot-engine/microlanguage.js';
import { templateIntents } from '../src/modules/bots/bots.templates.js';
import { parseAnswer as previewParse } from '../web/console/src/bots/answer-microlanguage.js';
import { assertAccessible, buildWebApps, docsScreenshot, launchBrowser, openPage, signIn } from './helpers/browser.js';
import { pngBytes } from './helpers/png.js';

/** The server's reading of an answer, in the preview's terms (command taken out as faq-engine.ts does). */
function asServerReadsIt(answer: string) {
  const parsed = serverParse(answer);
  const command = (['close', 'agent'] as const).find((name) => parsed.text.includes(`\\${name}`));
  const metadata = (parsed.metadata ?? {}) as { src?: string; width?: number; height?: number; type?: string };
  return {
    text: command ? parsed.text.replace(`\\${command}`, '').trim() : parsed.text,
    buttons: (parsed.buttons ?? []).map((button) => ({
      kind: button.type === 'url' ? 'link' : button.type,
      label: button.value,
      ...(button.link !== undefined && { link: button.link, target: button.target }),
      ...(button.action !== undefined && { action: button.action }),
    })),
    ...(parsed.type !== 'text' && {
      media: {
        kind: parsed.type,
        src: metadata.src,
        ...(metadata.type === 'video' && { video: true }),
        ...(metadata.width !== undefined && { width: metadata.width }),
        ...(metadata.height !== undefined && { height: metadata.height }),
      },
    }),
    ...(parsed.webhook !== undefined && { webhook: parsed.webhook }),
    ...(command && { command }),
  };
}

describe('the console: bots', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let tenant: Tenant;

  before(async () => {
    buildWebApps();
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    tenant = await newTenant(t);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function uploadedImageUrl(): Promise<string> {
    const form = await multipartBody({}, { file: { content: pngBytes(), filename: 'logo.png', type: 'image/png' } });
    const response = await t.http('POST', `/${tenant.projectId}/files/chat`, {
      headers: { ...tenant.owner.basic, ...form.headers },
      payload: form.payload,
    });
    assert.equal(response.status, 201, response.text);
    return `${base}/files?path=${encodeURIComponent(response.body.filename)}`;
  }

  async function botsOnServer(): Promise<Array<{ _id: string; name: string }>> {
    const response = await t.http('GET', `/${tenant.projectId}/faq_kb`, { headers: tenant.owner.basic });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  it('previews answers as the bot engine reads them', () => {
    const templates = [
      ...templateIntents('internal', 'chatbot', 'example'),
      ...templateIntents('internal', 'chatbot', 'handoff'),
    ];
    const answers = [
      ...templates.map((intent) => intent.answer ?? ''),
      'Hi\n* Parent < https://example.com/a\n* Self > https://example.com/b\n* Quiz tdIntent:quiz{"points": 10}',
      '* Echo tdActionShowEcho:go\n* Quiet tdIntentNoEcho:stop\n*not a button',
      'tdImage,w200 h100:https://example.com/i.png\nSized',
      '\\image:300-200:https://example.com/old.png',
      'tdVideo:https://www.youtube.com/watch?v=abc123',
      'Asking\n\\webhook:https://example.com/hook',
      'Bye \\close and \\agent',
    ];
    for (const answer of answers) {
      const preview = JSON.parse(JSON.stringify(previewParse(answer)));
      assert.deepEqual(preview, asServerReadsIt(answer), answer);
    }
  });

  it('creates, edits with a live preview, tries, exports, imports, deletes and forks a bot', async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, base, tenant.owner, `#/${tenant.projectId}/bots`);
    await page.getByRole('heading', { name: 'Bots', level: 2 }).waitFor();
    await page.getByText('No bots yet').waitFor();

    // From the example template: the new bot's page lists the template's intents.
    await page.getByRole('button', { name: 'New bot' }).click();
    await page.getByLabel('Name').fill('Helper');
    assert.equal(await page.getByLabel('Start from').inputValue(), 'example');
    await page.getByRole('button', { name: 'Create the bot' }).click();
    await page.getByRole('heading', { name: 'Helper', level: 2 }).waitFor();
    const botId = /#\/[^/]+\/bots\/([0-9a-f]{24})$/.exec(page.url())?.[1];
    assert.ok(botId, page.url());
    const templated = await intentsOf(t, tenant, botId);
    assert.ok(templated.length > 5, 'the example template has intents');
    await page.getByRole('heading', { name: `Intents (${templated.length})` }).waitFor();
    assert.equal(await page.locator('.intent-item').count(), templated.length);
    await page.locator('.intent-name', { hasText: 'agent_handoff' }).waitFor();

    // The answer to "Hello", rewritten with a link button, an action button and an image.
    const hello = templated.find((intent) => intent.question === 'Hello');
    assert.ok(hello);
    const image = await uploadedImageUrl();
    const answer = `Nice to meet you!\ntdImage:${image}\n* Read the docs https://example.com/docs\n* Back to start tdAction:start`;
    await page.getByRole('button', { name: `Edit ${hello.intent_display_name}` }).click();
    const form = page.locator('.intent-form');
    await form.getByLabel('Answer', { exact: true }).fill(answer);
    const preview = form.locator('.answer-preview');
    await preview.locator('.bubble', { hasText: 'Nice to meet you!' }).waitFor();
    assert.deepEqual(await preview.locator('.answer-button').allInnerTexts(), ['Read the docs ↗', 'Back to start']);
    assert.equal(await preview.locator('a.answer-button').getAttribute('href'), 'https://example.com/docs');
    const previewImage = preview.locator('img.answer-image');
    assert.equal(await previewImage.getAttribute('src'), image);
    await waitUntil('the preview image loaded', () =>
      previewImage.evaluate((element) => ((element as { naturalWidth: number }).naturalWidth === 2 ? true : undefined)),
    );
    // Nothing of the microlanguage reaches the visitor as text.
    assert.doesNotMatch(await preview.innerText(), /tdImage|tdAction|\*/);
    await assertAccessible(page, 'the intent editor with its preview');
    await form.getByRole('button', { name: 'Save the intent' }).click();
    await form.waitFor({ state: 'detached' });
    const saved = (await intentsOf(t, tenant, botId)).find((intent) => intent._id === hello._id);
    assert.equal(saved?.answer, answer);

    // A new intent with two questions.
    await page.getByRole('button', { name: 'Add an intent' }).click();
    const added = page.locator('.intent-form');
    await added.getByLabel('Name', { exact: true }).fill('opening_hours');
    await added.getByLabel('Questions', { exact: true }).fill('When are you open?\n\nOpening hours\n');
    await added.getByLabel('Answer', { exact: true }).fill('We are open from 9 to 18.');
    await added.getByRole('button', { name: 'Save the intent' }).click();
    await added.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: `Intents (${templated.length + 1})` }).waitFor();
    const opening = (await intentsOf(t, tenant, botId)).find((i) => i.intent_display_name === 'opening_hours');
    assert.equal(opening?.question, 'When are you open?\nOpening hours');
    await assertAccessible(page, 'a bot page');
    // A refused save (a name the bot already has) says why and changes nothing.
    await page.getByRole('button', { name: 'Add an intent' }).click();
    const duplicate = page.locator('.intent-form');
    await duplicate.getByLabel('Name', { exact: true }).fill('opening_hours');
    await duplicate.getByLabel('Answer', { exact: true }).fill('Twice?');
    await duplicate.getByRole('button', { name: 'Save the intent' }).click();
    await page.getByRole('alert').filter({ hasText: 'The intent was not saved' }).waitFor();
    assert.equal(await duplicate.getByLabel('Answer', { exact: true }).inputValue(), 'Twice?');
    assert.equal(await duplicate.getByRole('button', { name: 'Save the intent' }).isEnabled(), true);
    await duplicate.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: `Intents (${templated.length + 1})` }).waitFor();
    assert.equal((await intentsOf(t, tenant, botId)).length, templated.length + 1);
    // The browser reports the refused call itself; nothing else may have gone wrong.
    assert.ok(errors.splice(0).every((error) => /status of 409/.test(error)));

    // The test chat: the bot answers as visitors see it.
    const chat = page.locator('.test-chat');
    await chat.getByLabel('Your message').fill('Hello');
    await chat.getByRole('button', { name: 'Send' }).click();
    /** Waits for the bot's answer; if it never shows, says what the server and the page hold. */
    async function botAnswers(text: string) {
      const answer = chat.locator('.from-bot', { hasText: text });
      try {
        await answer.waitFor();
      } catch (error) {
        const found = await t.http('GET', `/${tenant.projectId}/requests?participant=bot_${botId}`, {
          headers: tenant.owner.basic,
        });
        const held = [];
        for (const request of found.body.requests ?? []) {
          const messages = await t.http('GET', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
            headers: tenant.owner.basic,
          });
          held.push(...(messages.body as Array<{ sender: string; text: string }>).map((m) => `${m.sender}: ${m.text}`));
        }
        const shown = await chat.locator('.chat-log').innerText();
        throw new Error(`"${text}" not shown. The server holds:\n${held.join('\n')}\nThe page shows:\n${shown}`, {
          cause: error,
        });
      }
      return answer;
    }
    const answered = await botAnswers('Nice to meet you!');
    assert.deepEqual(await answered.locator('.answer-button').allInnerTexts(), ['Read the docs ↗', 'Back to start']);
    assert.equal(await answered.locator('img.answer-image').getAttribute('src'), image);
    await chat.getByLabel('Your message').fill('Opening hours');
    await chat.getByRole('button', { name: 'Send' }).click();
    await botAnswers('We are open from 9 to 18.');
    const conversations = await t.http('GET', `/${tenant.projectId}/requests?participant=bot_${botId}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(conversations.status, 200, conversations.text);
    const [conversation] = conversations.body.requests;
    assert.deepEqual(conversation.participants, [`bot_${botId}`]);

    // Export: the file holds the bot's intents as the server keeps them.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.bot-files').getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'helper.json');
    const filePath = await download.path();
    const file = JSON.parse(await readFile(filePath, 'utf8'));
    assert.equal(file.name, 'Helper');
    assert.equal(file.intents.length, templated.length + 1);
    assert.ok(file.intents.some((intent: { answer?: string }) => intent.answer === answer));

    // Leaving the bot closes the test conversation.
    await page.getByRole('link', { name: '← All bots' }).click();
    await page.getByRole('heading', { name: 'Bots', level: 2 }).waitFor();
    await waitUntil('the test conversation closed', async () => {
      const response = await t.http('GET', `/${tenant.projectId}/requests/${conversation.request_id}`, {
        headers: tenant.owner.basic,
      });
      return response.body.status === 1000 ? true : undefined;
    });
    await page.getByText(`Intents: ${templated.length + 1}`).waitFor();

    // Import the file as a new bot.
    await page.getByLabel('Import a bot (JSON)').setInputFiles(filePath);
    await page.locator('.bot-card').nth(1).waitFor();
    const bots = await botsOnServer();
    assert.equal(bots.length, 2);
    const imported = bots.find((bot) => bot._id !== botId);
    assert.ok(imported);
    assert.equal(imported.name, 'Helper');
    assert.equal((await intentsOf(t, tenant, imported._id)).length, templated.length + 1);
    await assertAccessible(page, 'the bot list');
    await docsScreenshot(page, 'console-bots');

    // Delete the imported one, after the confirmation.
    const card = page.locator('.bot-card', { has: page.locator(`a[href$="/bots/${imported._id}"]`) });
    await card.getByRole('button', { name: 'Delete Helper' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Helper”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete the bot' }).click();
    await card.waitFor({ state: 'detached' });
    // The card goes at once (the list rolls back if the server refuses): the server's answer is the toast.
    await page.getByRole('status').filter({ hasText: 'Bot “Helper” deleted.' }).waitFor();
    const gone = await t.http('GET', `/${tenant.projectId}/faq_kb/${imported._id}`, { headers: tenant.owner.basic });
    assert.equal(gone.status, 404);
    assert.deepEqual(
      (await botsOnServer()).map((bot) => bot._id),
      [botId],
    );

    // Fork the bot into another project of the owner's: a copy with all its intents.
    const other = await t.http('POST', '/projects', { headers: tenant.owner.basic, body: { name: 'Second shop' } });
    assert.equal(other.status, 200, other.text);
    await page.getByRole('button', { name: 'Fork Helper' }).click();
    await page.getByLabel('Copy into project').selectOption({ label: 'Second shop' });
    await page.locator('.fork-form').getByRole('button', { name: 'Fork' }).click();
    await page.getByText('“Helper” copied into Second shop.').waitFor();
    const forked = await t.http('GET', `/${other.body._id}/faq_kb`, { headers: tenant.owner.basic });
    assert.equal(forked.status, 200, forked.text);
    assert.deepEqual(
      forked.body.map((bot: { name: string }) => bot.name),
      ['Helper'],
    );
    const forkedIntents = await t.http('GET', `/${other.body._id}/faq?id_faq_kb=${forked.body[0]._id}`, {
      headers: tenant.owner.basic,
    });
    assert.equal(forkedIntents.body.length, templated.length + 1);

    assert.deepEqual(errors, []);
    await close();
  });
});
