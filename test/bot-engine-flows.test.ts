/**
 * Flow bots (`tilebot`): the `blank` template greets and falls back; a flow of our own uses
 * set-attribute, conditions, web requests (through the SSRF-guarded client), intent jumps,
 * buttons, waits, handoff and close, and skips what it does not support.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import {
  addIntent,
  createBot,
  routeToBot,
  startBotServer,
  startConversation,
  type BotServer,
} from './helpers/bot-engine.js';

/** A Design Studio reply block: a short pause, then the message. */
function reply(text: string, message: Record<string, unknown> = {}) {
  return {
    _tdActionType: 'reply',
    text,
    attributes: {
      commands: [
        { type: 'wait', time: 500 },
        { type: 'message', message: { type: 'text', text, ...message } },
      ],
    },
  };
}

const condition = (operand1: string, operator: string, value: string) => ({
  type: 'condition',
  operand1,
  operator,
  operand2: { type: 'const', value },
});

const set = (destination: string, operands: unknown[], operators?: string[]) => ({
  _tdActionType: 'setattribute',
  destination,
  operation: { operands, ...(operators && { operators }) },
});

/** A flow with every supported kind of action; the weather service is `server`. */
async function flowBot(t: TestApp, tenant: Tenant, server: BotServer) {
  const bot = await createBot(t, tenant, { name: 'Flow', type: 'tilebot', template: 'empty' });
  const intent = (body: Record<string, unknown>) => addIntent(t, tenant, bot._id, body);
  await intent({
    intent_display_name: 'start',
    question: '\\start',
    actions: [
      set('greeting', [{ value: 'Welcome {{userFullname}}', isVariable: false }]),
      reply('{{greeting}}! Ask me about the weather.', {
        attributes: {
          attachment: {
            type: 'template',
            buttons: [
              { type: 'action', value: 'Weather', action: '#weather-id' },
              { type: 'text', value: 'count' },
            ],
          },
        },
      }),
    ],
  });
  await intent({
    intent_display_name: 'weather',
    intent_id: 'weather-id',
    question: 'weather',
    actions: [
      set('city', [{ value: 'Rome', isVariable: false }]),
      {
        _tdActionType: 'webrequestv2',
        method: 'GET',
        url: `${server.url}/weather?city={{city}}`,
        headersString: { 'x-bot': '{{chatbot_name}}' },
        bodyType: 'none',
        assignResultTo: 'forecast',
        assignStatusTo: 'status',
        assignErrorTo: 'error',
        trueIntent: '#show',
        falseIntent: '#broken',
      },
    ],
  });
  await intent({
    intent_display_name: 'show',
    intent_id: 'show',
    actions: [reply('It is {{forecast.sky}} in {{forecast.city}} ({{status}})')],
  });
  await intent({
    intent_display_name: 'broken',
    intent_id: 'broken',
    actions: [reply('Weather service down ({{status}}): {{error}}')],
  });
  await intent({
    intent_display_name: 'count',
    question: 'count',
    actions: [
      {
        _tdActionType: 'jsoncondition',
        groups: [{ type: 'expression', conditions: [condition('visits', 'isUndefined', '')] }],
        trueIntent: '#init',
        falseIntent: '#inc',
      },
    ],
  });
  await intent({
    intent_display_name: 'init',
    intent_id: 'init',
    actions: [set('visits', [{ value: '1', isVariable: false, function: 'convertToNumber' }]), reply('first visit')],
  });
  await intent({
    intent_display_name: 'inc',
    intent_id: 'inc',
    actions: [
      set(
        'visits',
        [
          { value: 'visits', isVariable: true },
          { value: '1', isVariable: false },
        ],
        ['addAsNumber'],
      ),
      {
        _tdActionType: 'jsoncondition',
        groups: [
          {
            type: 'expression',
            conditions: [
              condition('visits', 'greaterThanOrEqual', '3'),
              { type: 'operator', operator: 'AND' },
              condition('lastUserText', 'equalAsStrings', 'count'),
            ],
          },
        ],
        trueIntent: '#many',
        falseIntent: '#few',
      },
    ],
  });
  await intent({ intent_display_name: 'many', intent_id: 'many', actions: [reply('{{visits}} visits, that is many')] });
  await intent({ intent_display_name: 'few', intent_id: 'few', actions: [reply('{{visits}} visits')] });
  await intent({
    intent_display_name: 'pause',
    question: 'pause',
    actions: [reply('one'), { _tdActionType: 'wait', millis: 100 }, reply('two')],
  });
  await intent({
    intent_display_name: 'magic',
    question: 'magic',
    actions: [{ _tdActionType: 'askgptv2', question: 'anything' }, reply('after magic')],
  });
  await intent({
    intent_display_name: 'human',
    question: 'human',
    actions: [reply('Connecting you'), { _tdActionType: 'agent' }],
  });
  await intent({
    intent_display_name: 'bye',
    question: 'bye',
    actions: [reply('Bye'), { _tdActionType: 'close' }, reply('never sent')],
  });
  await intent({ intent_display_name: 'defaultFallback', actions: [reply('fallback: {{lastUserText}}')] });
  await routeToBot(t, tenant, bot._id);
  return bot;
}

describe('flow bots', () => {
  let t: TestApp;
  let server: BotServer;
  before(async () => {
    t = await startTestApp();
    server = await startBotServer();
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('blank template: greets a conversation started with a message, then falls back', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Blank', type: 'tilebot', template: 'blank' });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);

    await chat.say('hello');
    const [welcome, fallback] = await chat.waitFor(2, `bot_${bot._id}`);
    assert.equal(welcome.text, 'Hi, how can I help you?');
    assert.equal(welcome.attributes.intentName, 'welcome');
    assert.deepEqual(welcome.attributes.commands, [
      { type: 'wait', time: 500 },
      { type: 'message', message: { type: 'text', text: 'Hi, how can I help you?' } },
    ]);
    assert.equal(fallback.text, "I didn't understand. Can you rephrase your question?");
    assert.equal(fallback.attributes.intentName, 'defaultFallback');
  });

  it('blank template: a conversation created without a message (POST /requests) is greeted on \\start', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Blank', type: 'tilebot', template: 'blank' });
    await routeToBot(t, tenant, bot._id);
    const request = await createRequest(t, tenant, { first_text: 'from the API' });
    assert.deepEqual(request.participantsBots, [bot._id]);
    const url = `/${tenant.projectId}/requests/${request.request_id}/messages`;

    for (const text of ['\\start', 'hello']) {
      const sent = await t.http('POST', url, { headers: tenant.owner.basic, body: { text } });
      assert.equal(sent.status, 200, sent.text);
    }
    // Turns are answered in order: once 'hello' is answered, every earlier turn was.
    const messages = await waitUntil('the answer to hello', async () => {
      const response = await t.http('GET', url, { headers: tenant.owner.basic });
      return response.body.length >= 4 ? response.body : undefined;
    });
    const from = (sender: string) => messages.filter((m: any) => m.sender === sender).map((m: any) => m.text);
    assert.equal(messages.length, 4);
    assert.deepEqual(from(`bot_${bot._id}`), [
      'Hi, how can I help you?',
      "I didn't understand. Can you rephrase your question?",
    ]);
  });

  it('runs set-attribute, conditions, web requests, jumps, buttons and waits; skips unknown actions', async () => {
    const tenant = await newTenant(t);
    server.answer = (call, index) =>
      call.url.startsWith('/weather') && index === 0
        ? { body: { city: 'Rome', sky: 'sunny' } }
        : { status: 503, body: { error: 'maintenance' } };
    server.calls.length = 0;
    const bot = await flowBot(t, tenant, server);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;
    const texts = async () => (await chat.messages()).filter((m) => m.sender === sender).map((m) => m.text);

    await chat.say('count');
    const [greeting, first] = await chat.waitFor(2, sender);
    assert.equal(greeting.text, 'Welcome Ada! Ask me about the weather.');
    assert.deepEqual(greeting.attributes.attachment.buttons[0], {
      type: 'action',
      value: 'Weather',
      action: '#weather-id',
    });
    assert.equal(greeting.attributes.commands[1].message.text, 'Welcome Ada! Ask me about the weather.');
    assert.equal(first.text, 'first visit');

    // Variables live across turns: the counter goes on.
    await chat.say('count');
    await chat.say('count');
    await chat.waitFor(4, sender);

    // The button's action names the block; the web request answers 200 the first time.
    await chat.say('Weather', { attributes: { action: '#weather-id' } });
    await chat.waitFor(5, sender);
    const [call] = server.calls;
    assert.equal(call.method, 'GET');
    assert.equal(call.url, '/weather?city=Rome');
    assert.equal(call.headers['x-bot'], 'Flow');

    await chat.say('weather');
    await chat.say('magic');
    await chat.say('pause');
    await chat.say('what else');
    await chat.waitFor(10, sender);
    assert.deepEqual((await texts()).slice(1), [
      'first visit',
      '2 visits',
      '3 visits, that is many',
      'It is sunny in Rome (200)',
      'Weather service down (503): Request failed with status code 503',
      'after magic',
      'one',
      'two',
      'fallback: what else',
    ]);

    await chat.say('human');
    await chat.waitFor(12, sender);
    const [said, command] = (await chat.messages()).filter((m) => m.sender === sender).slice(10);
    assert.equal(said.text, 'Connecting you');
    assert.equal(command.text, '\\agent');
    const request = await chat.request();
    assert.equal(request.status, 200);
    assert.deepEqual(request.participants, [tenant.owner.id]);
    assert.deepEqual(request.participantsBots, []);
  });

  it('skips malformed actions, stops at a missing block or an endless loop, and keeps answering', async () => {
    const tenant = await newTenant(t);
    const bot = await createBot(t, tenant, { name: 'Broken', type: 'tilebot', template: 'empty' });
    const intent = (body: Record<string, unknown>) => addIntent(t, tenant, bot._id, body);
    await intent({
      intent_display_name: 'broken',
      question: 'broken',
      actions: [
        { _tdActionType: 'setattribute' },
        set('x', [{ value: 'a', isVariable: false }], ['addAsNumber']),
        set('y', [{ value: 'a', isVariable: false, function: 'eval' }]),
        { _tdActionType: 'jsoncondition', groups: 'not groups', trueIntent: '#nowhere' },
        {
          _tdActionType: 'jsoncondition',
          groups: [{ type: 'expression', conditions: [condition('x', 'matches', '.*')] }],
        },
        { _tdActionType: 'webrequestv2', method: 'TRACE', url: 'http://example.invalid/', falseIntent: '' },
        { _tdActionType: 'webrequestv2', method: 'GET', url: 'not a url' },
        reply('still here ({{flowError}})'),
      ],
    });
    await intent({
      intent_display_name: 'lost',
      question: 'lost',
      actions: [{ _tdActionType: 'intent', intentName: '#nowhere' }, reply('unreachable')],
    });
    await intent({
      intent_display_name: 'loop',
      intent_id: 'loop',
      question: 'loop',
      actions: [{ _tdActionType: 'intent', intentName: '#loop' }],
    });
    await intent({ intent_display_name: 'ok', question: 'ok', actions: [reply('fine')] });
    await routeToBot(t, tenant, bot._id);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    for (const text of ['broken', 'lost', 'loop', 'ok']) await chat.say(text);
    const answers = await chat.waitFor(2, sender);
    assert.deepEqual(
      answers.map((m) => m.text),
      ['still here (An error occurred evaluating condition)', 'fine'],
    );
  });

  it('close ends the flow and the conversation', async () => {
    const tenant = await newTenant(t);
    const bot = await flowBot(t, tenant, server);
    const chat = await startConversation(t, tenant);
    const sender = `bot_${bot._id}`;

    await chat.say('bye');
    const [, bye, command] = await chat.waitFor(3, sender);
    assert.equal(bye.text, 'Bye');
    assert.equal(command.text, '\\close');
    assert.equal((await chat.request()).status, 1000);
    assert.ok(!(await chat.messages()).some((m) => m.text === 'never sent'));
  });
});

describe('flow bots without private outbound', () => {
  let t: TestApp;
  let server: BotServer;
  before(async () => {
    t = await startTestApp({ ALLOW_PRIVATE_OUTBOUND: 'false' });
    server = await startBotServer();
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('a web request to a private address is refused and takes the false branch', async () => {
    const tenant = await newTenant(t);
    const bot = await flowBot(t, tenant, server);
    const chat = await startConversation(t, tenant);

    await chat.say('weather');
    const [, down] = await chat.waitFor(2, `bot_${bot._id}`);
    assert.match(down.text ?? '', /^Weather service down \(\): refused: 127\.0\.0\.1 is a loopback address/);
    assert.equal(server.calls.length, 0);
  });
});
