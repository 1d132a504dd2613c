/**
 * Internal bots (reference §5.6): the `example` and `handoff` templates and a bot with its own
 * intents answer visitors - greeting, exact and full-text matches, fallback, the microlanguage
 * (buttons, images, frames, videos, actions) - and hand conversations to humans or close them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { membershipOf, ownerOffline } from './helpers/conversations.js';
import { addIntent, createBot, routeToBot, startConversation, type Message } from './helpers/bot-engine.js';

const HANDOFF = '👨🏻‍🦰 I want an agent';

describe('internal bots', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('example template: greets, answers exact and full-text matches, parses the microlanguage, falls back', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Example', type: 'internal', template: 'example' });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    await chat.say('Hello');
    const [greeting, hello] = await chat.waitFor(2, sender);
    assert.equal(greeting.senderFullname, 'Example');
    assert.equal(
      greeting.text,
      "Hello 👋. I'm a bot 🤖.\n\nChoose one of the options below or write a message to reach our staff.",
    );
    assert.deepEqual(greeting.attributes.attachment, {
      type: 'template',
      buttons: [
        { type: 'text', value: 'Who are you?' },
        { type: 'text', value: 'Where are you?' },
        { type: 'text', value: 'What can you do?' },
        { type: 'text', value: HANDOFF },
      ],
    });
    assert.equal(greeting.attributes.intent_info.intent_name, 'start');
    assert.equal(hello.text, 'Hello');
    assert.equal(hello.attributes.intent_info.is_fallback, false);
    assert.equal(hello.attributes.intent_info.confidence, 100);
    assert.equal(hello.attributes.intent_info.question_payload.text, 'Hello');
    assert.equal(hello.attributes.intent_info.question_payload.request, undefined);
    assert.match(hello.attributes._answerid, /^[0-9a-f]{24}$/);
    assert.equal(hello.attributes._raw_message, 'Hello');

    await chat.say('What can you do?');
    const [, , can] = await chat.waitFor(3, sender);
    assert.deepEqual(can.attributes.attachment.buttons[2], {
      type: 'action',
      value: 'Sample Action',
      action: 'action1',
      show_echo: false,
    });

    // A button with an action names its intent, whatever the text says.
    await chat.say('Sample Action', { attributes: { action: 'action1' } });
    const [, , , action] = await chat.waitFor(4, sender);
    assert.equal(action.text, 'Hello 👋 Would you like to take a closer look at our offer?');
    assert.deepEqual(
      action.attributes.attachment.buttons.map((b: any) => [b.value, b.action]),
      [
        ['Yes, please', 'yes_action'],
        ['No', 'no_action'],
      ],
    );

    await chat.say('Sample Image');
    const image = (await chat.waitFor(5, sender))[4];
    assert.equal(image.type, 'image');
    assert.equal(image.metadata.src, 'https://tiledesk.com/wp-content/uploads/2022/07/tiledesk_v2.png');
    assert.equal(image.text, '');

    await chat.say('Sample Video');
    const video = (await chat.waitFor(6, sender))[5];
    assert.equal(video.type, 'frame');
    assert.deepEqual(video.metadata, { src: 'https://www.youtube.com/embed/EngW7tLk6R8', type: 'video' });

    await chat.say('Where are you?');
    const frame = (await chat.waitFor(7, sender))[6];
    assert.equal(frame.type, 'frame');
    assert.equal(frame.text, 'We are here ❤️');
    assert.match(frame.metadata.src, /^https:\/\/www\.google\.com\/maps\/embed/);

    // Full text: "images" is stemmed like the question "Sample Image".
    await chat.say('show me some images');
    const searched = (await chat.waitFor(8, sender))[7];
    assert.equal(searched.type, 'image');
    assert.ok(searched.attributes.intent_info.confidence > 0 && searched.attributes.intent_info.confidence < 100);

    await chat.say('xyzzy plugh');
    const fallback = (await chat.waitFor(9, sender))[8];
    assert.equal(fallback.text, 'I can not provide an adequate answer. Write a new question or talk to a human agent.');
    assert.deepEqual(fallback.attributes.attachment.buttons, [
      { type: 'action', value: 'Back to start', action: 'start', show_echo: false },
      { type: 'url', value: 'See the docs', link: 'https://docs.tiledesk.com/', target: 'blank' },
      { type: 'text', value: HANDOFF },
    ]);
    assert.equal(fallback.attributes.intent_info.is_fallback, true);
    assert.equal(fallback.attributes.intent_info.intent_name, 'DEFAULT_FALLBACK');
    assert.equal(fallback.attributes.intent_info.confidence, 0);
  });

  it('hands the conversation to an available agent on \\agent: the bot leaves, the agent joins', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Example', type: 'internal', template: 'example' });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    await chat.say(HANDOFF);
    const [, command, rest] = await chat.waitFor(3, sender);
    assert.equal(command.text, '\\agent');
    assert.deepEqual(command.attributes, { subtype: 'info' });
    assert.equal(rest.text, 'We are looking for an operator..');
    const request = await chat.request();
    assert.equal(request.status, 200);
    assert.deepEqual(request.participants, [tenant.owner.id]);
    assert.deepEqual(request.participantsBots, []);
    assert.equal(request.hasBot, false);

    // The bot no longer answers: the next message is the agent's to answer.
    const before = (await chat.messages()).filter((m) => m.sender === sender).length;
    await chat.say('Hello');
    await t.context.jobs.runDue();
    await t.context.events.drain();
    assert.equal((await chat.messages()).filter((m) => m.sender === sender).length, before);
  });
});

export type { Message };
export { membershipOf, ownerOffline, addIntent };
