/**
 * Internal bots (reference §5.6): the `example` and `handoff` templates and a bot with its own
 * intents answer visitors - greeting, exact and full-text matches, fallback, the microlanguage
 * (buttons, images, frames, videos, actions) - and hand conversations to humans or close them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { ownerOffline } from './helpers/conversations.js';
import { addIntent, createBot, routeToBot, startBotServer, startConversation } from './helpers/bot-engine.js';

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
  it('handoff template with nobody available: greets once for /start, falls back with buttons, pools the request', async () => {
    const tenant = await newTenant(t);
    await ownerOffline(t, tenant);
    const bot = await createBot(t, tenant, { name: 'Handoff', type: 'internal', template: 'handoff' });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    // A conversation opened by the client's own /start is greeted once, not twice.
    await chat.say('/start');
    await chat.say('Hi there');
    const [hello, fallback] = await chat.waitFor(2, sender);
    assert.equal(hello.text, 'Hello');
    assert.equal(fallback.attributes.intent_info.is_fallback, true);
    assert.equal(fallback.attributes.attachment.buttons[0].action, 'start');

    await chat.say('Back to start', { attributes: { action: 'start' } });
    const again = (await chat.waitFor(3, sender))[2];
    assert.equal(again.text, 'Hello');

    await chat.say(HANDOFF);
    const [, , , command, rest] = await chat.waitFor(5, sender);
    assert.equal(command.text, '\\agent');
    assert.equal(rest.text, 'We are looking for an operator..');
    const request = await chat.request();
    assert.equal(request.status, 100);
    assert.deepEqual(request.participants, []);
    assert.deepEqual(request.participantsBots, []);
    assert.equal((await chat.messages()).filter((m) => m.text === 'Hello').length, 2);
  });

  it('a bot of its own: any question line matches, url/action buttons and sized images, \\close, built-in fallback', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Shop', type: 'internal', template: 'empty' });
    await addIntent(t, tenant, bot._id, {
      intent_display_name: 'price',
      question: 'How much?\nWhat is the price?\nPricing',
      answer: [
        'It costs 10€',
        '* Buy now https://shop.example/buy',
        '* Parent < https://shop.example/p',
        '* Self > https://shop.example/s',
        '* Echo tdActionShowEcho:more',
        '* Jump tdIntent:more',
      ].join('\n'),
    });
    await addIntent(t, tenant, bot._id, {
      intent_display_name: 'more',
      question: 'More',
      answer: 'tdImage,w200 h100:https://img.example/a.png\nA picture',
    });
    await addIntent(t, tenant, bot._id, {
      intent_display_name: 'done',
      question: 'close please',
      answer: 'Bye!\\close',
    });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    // No start intent: no greeting, the first message is answered.
    await chat.say('What is the price?');
    const [price] = await chat.waitFor(1, sender);
    assert.equal(price.text, 'It costs 10€');
    assert.deepEqual(price.attributes.attachment.buttons, [
      { type: 'url', value: 'Buy now', link: 'https://shop.example/buy', target: 'blank' },
      { type: 'url', value: 'Parent', link: 'https://shop.example/p', target: 'parent' },
      { type: 'url', value: 'Self', link: 'https://shop.example/s', target: 'self' },
      { type: 'action', value: 'Echo', action: 'more', show_echo: true },
      { type: 'action', value: 'Jump', action: 'more', show_echo: true },
    ]);

    await chat.say('Echo', { attributes: { action: 'more' } });
    const picture = (await chat.waitFor(2, sender))[1];
    assert.equal(picture.type, 'image');
    assert.equal(picture.text, 'A picture');
    assert.deepEqual(picture.metadata, { src: 'https://img.example/a.png', width: 200, height: 100 });

    await chat.say('zzz qqq');
    const fallback = (await chat.waitFor(3, sender))[2];
    assert.equal(fallback.text, 'I did not find an answer in the knowledge base. \n Please reformulate your question?');
    assert.equal(fallback.attributes.intent_info.is_fallback, true);
    assert.equal(fallback.attributes._answerid, undefined);

    await chat.say('close please');
    const [, , , command, bye] = await chat.waitFor(5, sender);
    assert.equal(command.text, '\\close');
    assert.equal(bye.text, 'Bye!');
    assert.equal((await chat.request()).status, 1000);
  });

  it('webhook fulfilment: the webhook answer replaces the reply; a failing webhook leaves the intent answer', async () => {
    const tenant = await newTenant(t);
    const server = await startBotServer();
    try {
      server.answer = (call) =>
        call.body?.payload?.intent?.intent_display_name === 'order'
          ? { body: { text: 'Your order is shipped\n* Track https://track.example/1', attributes: { source: 'hook' } } }
          : { status: 500 };
      const bot = await createBot(t, tenant, {
        name: 'Orders',
        type: 'internal',
        template: 'empty',
        webhook_enabled: true,
        webhook_url: `${server.url}/fulfil`,
      });
      await addIntent(t, tenant, bot._id, {
        intent_display_name: 'order',
        question: 'order status',
        answer: 'Checking...',
        webhook_enabled: true,
      });
      await addIntent(t, tenant, bot._id, { intent_display_name: 'plain', question: 'plain', answer: 'Plain answer' });
      await addIntent(t, tenant, bot._id, {
        intent_display_name: 'broken',
        question: 'broken',
        answer: 'Standard answer',
        webhook_enabled: true,
      });
      await routeToBot(t, tenant, bot._id);
      const chat = await startConversation(t, tenant);
      const sender = `bot_${bot._id}`;

      await chat.say('order status');
      const [shipped] = await chat.waitFor(1, sender);
      assert.equal(shipped.text, 'Your order is shipped');
      assert.equal(shipped.attributes.source, 'hook');
      assert.deepEqual(shipped.attributes.attachment.buttons, [
        { type: 'url', value: 'Track', link: 'https://track.example/1', target: 'blank' },
      ]);
      const [call] = server.calls;
      assert.equal(call.url, '/fulfil');
      assert.equal(call.body.payload.text, 'Checking...');
      assert.equal(call.body.payload.message.text, 'order status');
      assert.equal(call.body.payload.bot._id, bot._id);
      assert.equal(call.body.payload.bot.secret, undefined);
      const claims = JSON.parse(Buffer.from(call.body.token.split('.')[1], 'base64url').toString());
      assert.equal(claims.sub, 'bot');
      assert.equal(claims.aud, `https://tiledesk.com/bots/${bot._id}`);

      await chat.say('plain');
      await chat.say('broken');
      const [, plain, broken] = await chat.waitFor(3, sender);
      assert.equal(plain.text, 'Plain answer');
      assert.equal(broken.text, 'Standard answer');
      assert.equal(server.calls.length, 2);
    } finally {
      await server.close();
    }
  });

  it('ignores its own messages, system messages, commands and imported history (unless ?notify=true)', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Echo', type: 'internal', template: 'empty' });
    await addIntent(t, tenant, bot._id, { question: 'ping', answer: 'pong' });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;
    const url = `/${tenant.projectId}/requests/${chat.requestId}/messages`;
    const pongs = async () => (await chat.messages()).filter((m) => m.sender === sender && m.text === 'pong').length;

    await chat.say('ping');
    await chat.waitFor(1, sender);

    const jwt = await t.http('GET', `/${tenant.projectId}/bots/${bot._id}/jwt`, { headers: tenant.owner.basic });
    const asBot = await t.http('POST', url, {
      headers: { authorization: `JWT ${jwt.body.jwt}` },
      body: { text: 'ping' },
    });
    assert.equal(asBot.status, 200, asBot.text);
    assert.equal(asBot.body.sender, sender);
    const imported = await t.http('POST', `${url}/multi`, {
      headers: tenant.owner.basic,
      body: [
        { text: 'ping', sender: chat.visitor.id },
        { text: 'ping', sender: chat.visitor.id },
      ],
    });
    assert.equal(imported.status, 200, imported.text);

    // Turns are answered in order: once this answer is there, none of the above was answered.
    await chat.say('ping');
    await chat.waitFor(3, sender);
    assert.equal(await pongs(), 2);

    const notified = await t.http('POST', `${url}/multi`, {
      headers: tenant.owner.basic,
      query: { notify: 'true' },
      body: [{ text: 'ping', sender: chat.visitor.id }],
    });
    assert.equal(notified.status, 200, notified.text);
    await chat.waitFor(4, sender);
    assert.equal(await pongs(), 3);

    // "Chat closed" and "Chat reopened" come from system: not for the bot.
    const requestUrl = `/${tenant.projectId}/requests/${chat.requestId}`;
    assert.equal((await t.http('PUT', `${requestUrl}/close`, { headers: tenant.owner.basic })).status, 200);
    assert.equal((await t.http('PUT', `${requestUrl}/reopen`, { headers: tenant.owner.basic })).status, 200);
    assert.ok((await chat.messages()).some((m) => m.sender === 'system' && m.text === 'Chat reopened'));
    await chat.say('ping');
    await chat.waitFor(5, sender);
    assert.equal(await pongs(), 4);

    // A visitor's \agent is a command for the server: the bot hands off and does not answer it.
    await chat.say('please \\agent');
    const request = await chat.request();
    assert.deepEqual(request.participantsBots, []);
    assert.deepEqual(request.participants, [tenant.owner.id]);
    await t.context.jobs.runDue();
    assert.equal((await chat.messages()).filter((m) => m.sender === sender).length, 5);
  });

  it('never answers with the intents of another project', async () => {
    const a = await newTenant(t);
    const b = await newTenant(t);
    const foreignBot = await createBot(t, a, { name: 'A', type: 'internal', template: 'empty' });
    const foreign = await addIntent(t, a, foreignBot._id, {
      intent_display_name: 'secret',
      question: 'secret',
      answer: 'A secret of project A',
    });
    const bot = await createBot(t, b, { name: 'B', type: 'internal', template: 'empty' });
    await routeToBot(t, b, bot._id);
    const chat = await startConversation(t, b);

    await chat.say('secret', { attributes: { action: foreign._id } });
    await chat.say('secret', { attributes: { action: foreign.intent_id } });
    const answers = await chat.waitFor(2, `bot_${bot._id}`);
    for (const answer of answers) {
      assert.equal(answer.attributes.intent_info.is_fallback, true);
      assert.notEqual(answer.text, 'A secret of project A');
    }
  });
});
