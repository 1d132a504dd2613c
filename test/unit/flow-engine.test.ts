/**
 * Flow bots (flow-engine.ts): how a block's actions become messages, jumps, waits and variables.
 * The bot's blocks are plain data here (what the intents table holds); findIntent looks them up
 * the way the engine's caller does (intent_id, _id or display name). Web requests call out and
 * are tested over HTTP in bot-engine-flows.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyBaseLogger } from 'fastify';
import type { IntentRow } from '../../src/platform/db/tables.js';
import { runFlow } from '../../src/modules/bot-engine/flow-engine.js';
import type { Variables } from '../../src/modules/bot-engine/flow-values.js';

function block(intent_id: string, actions: unknown, intent_display_name = intent_id): IntentRow {
  const now = new Date('2024-01-01T00:00:00Z');
  return {
    id: `id-${intent_id}`,
    project_id: 'p1',
    bot_id: 'b1',
    intent_id,
    intent_display_name,
    question: null,
    answer: null,
    reply: null,
    webhook_enabled: false,
    enabled: true,
    topic: 'default',
    status: 'live',
    language: 'en',
    form: null,
    actions: actions as unknown[],
    attributes: null,
    agents_available: false,
    trashed: false,
    trashed_at: null,
    created_by: 'u1',
    created_at: now,
    updated_at: now,
    search: '',
  };
}

/** A logger that keeps the warnings, so tests can see what the engine skipped. */
function warningsLog() {
  const warnings: string[] = [];
  const ignore = () => undefined;
  const log = {
    level: 'warn',
    fatal: ignore,
    error: ignore,
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    warn: (first: unknown, message?: string) => warnings.push(typeof first === 'string' ? first : String(message)),
    child: () => log,
  };
  return { log: log as unknown as FastifyBaseLogger, warnings };
}

async function run(blocks: IntentRow[], variables: Variables = {}, actionIndex = 0) {
  const { log, warnings } = warningsLog();
  const findIntent = async (reference: string) =>
    blocks.find((b) => [b.intent_id, b.id, b.intent_display_name].includes(reference));
  const outcome = await runFlow(blocks[0], actionIndex, variables, {
    findIntent,
    log,
    webRequest: { timeoutMs: 1000, maxResponseBytes: 1000, allowPrivate: false, log },
  });
  return { ...outcome, variables, warnings };
}

const say = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  message: { type: 'text', text, ...extra },
});
const reply = (...commands: unknown[]) => ({ _tdActionType: 'reply', attributes: { commands } });
const texts = (outcome: { messages: Array<{ text?: string }> }) => outcome.messages.map((m) => m.text);

describe('flow engine: replies', () => {
  it('one message command: its text (filled), type and the commands, under the block name', async () => {
    const wait = { type: 'wait', time: 500 };
    const outcome = await run([block('welcome', [reply(wait, say('Hi {{name}} '))])], { name: 'Ada' });
    assert.deepEqual(outcome.messages, [
      {
        text: 'Hi Ada',
        type: 'text',
        attributes: { commands: [wait, say('Hi Ada')], intentName: 'welcome' },
      },
    ]);
    assert.equal(outcome.resume, undefined);
  });

  it("several message commands: their texts joined by a blank line, without the last one's type", async () => {
    const outcome = await run([block('b', [reply(say('One'), { type: 'wait', time: 1 }, say('Two'))])]);
    assert.equal(outcome.messages.length, 1);
    assert.equal(outcome.messages[0].text, 'One\n\nTwo');
    assert.equal(outcome.messages[0].type, undefined);
  });

  it("an image: its metadata with the src filled; the reply's other attributes are kept", async () => {
    const image = say('', { type: 'image', metadata: { src: 'https://img.example/{{id}}.png', width: 10 } });
    const action = { _tdActionType: 'reply', attributes: { disableInputMessage: true, commands: [image] } };
    const outcome = await run([block('b', [action])], { id: 7 });
    assert.deepEqual(outcome.messages, [
      {
        text: undefined,
        type: 'image',
        metadata: { src: 'https://img.example/7.png', width: 10 },
        attributes: {
          disableInputMessage: true,
          commands: [
            { ...image, message: { ...image.message, metadata: { src: 'https://img.example/7.png', width: 10 } } },
          ],
          intentName: 'b',
        },
      },
    ]);
  });

  it("the last message's buttons, filled, are the message's attachment", async () => {
    const buttons = [
      { type: 'action', value: 'Order {{order}}', action: '#next', show_echo: true },
      { type: 'url', value: 'Track', link: 'https://track.example/{{order}}', target: 'blank' },
    ];
    const outcome = await run(
      [block('b', [reply(say('Pick', { attributes: { attachment: { type: 'template', buttons } } }))])],
      { order: 42 },
    );
    assert.deepEqual(outcome.messages[0].attributes?.attachment, {
      type: 'template',
      buttons: [
        { type: 'action', value: 'Order 42', action: '#next', show_echo: true },
        { type: 'url', value: 'Track', link: 'https://track.example/42', target: 'blank' },
      ],
    });
  });

  it("without message commands, the action's own text (filled, trimmed); without either, no text", async () => {
    const outcome = await run(
      [block('b', [{ _tdActionType: 'reply', text: ' Hello {{name}} ' }, { _tdActionType: 'reply' }])],
      { name: 'Ada' },
    );
    assert.deepEqual(outcome.messages, [
      { text: 'Hello Ada', attributes: { commands: [], intentName: 'b' } },
      { text: undefined, attributes: { commands: [], intentName: 'b' } },
    ]);
  });
});

describe('flow engine: jumps', () => {
  it('an intent action continues with that block; the rest of the first block is not run', async () => {
    const outcome = await run([
      block('start', [reply(say('one')), { _tdActionType: 'intent', intentName: '#next' }, reply(say('never'))]),
      block('next', [reply(say('two'))]),
    ]);
    assert.deepEqual(texts(outcome), ['one', 'two']);
    assert.equal(outcome.messages[1].attributes?.intentName, 'next');
  });

  it('a block is found by intent id, _id or display name; JSON after the name sets variables', async () => {
    const outcome = await run(
      [
        block('start', [{ _tdActionType: 'intent', intentName: ' #id-second{"score": 10, "name": "Bo"} ' }]),
        block('second', [reply(say('{{name}} {{score}}')), { _tdActionType: 'intent', intentName: 'Third one' }]),
        block('third', [reply(say('end'))], 'Third one'),
      ],
      { name: 'Ada' },
    );
    assert.deepEqual(texts(outcome), ['Bo 10', 'end']);
    assert.deepEqual(outcome.variables, { name: 'Bo', score: 10 });
  });

  it('parameters that are not JSON are ignored; the jump still happens', async () => {
    const outcome = await run([
      block('start', [{ _tdActionType: 'intent', intentName: '#next{not json}' }]),
      block('next', [reply(say('here'))]),
    ]);
    assert.deepEqual(texts(outcome), ['here']);
    assert.deepEqual(outcome.variables, {});
  });

  it('an unknown block stops the flow, with a warning', async () => {
    const outcome = await run([
      block('start', [{ _tdActionType: 'intent', intentName: '#gone' }, reply(say('never'))]),
    ]);
    assert.deepEqual(outcome.messages, []);
    assert.deepEqual(outcome.warnings, ['flow: the block to continue with does not exist; flow stopped']);
  });

  it('a loop stops after 100 actions in one turn', async () => {
    const outcome = await run([block('loop', [reply(say('again')), { _tdActionType: 'intent', intentName: '#loop' }])]);
    assert.equal(outcome.messages.length, 50);
    assert.deepEqual(outcome.warnings, ['flow: more than 100 actions in one turn; flow stopped']);
  });
});

describe('flow engine: handoff, close and wait', () => {
  it('agent hands off with an info message and the block goes on', async () => {
    const outcome = await run([block('b', [{ _tdActionType: 'agent' }, reply(say('An agent is coming'))])]);
    assert.deepEqual(outcome.messages[0], { text: '\\agent', attributes: { subtype: 'info' } });
    assert.deepEqual(texts(outcome), ['\\agent', 'An agent is coming']);
  });

  it('close closes with an info message and ends the flow', async () => {
    const outcome = await run([block('b', [reply(say('Bye')), { _tdActionType: 'close' }, reply(say('never'))])]);
    assert.deepEqual(outcome.messages, [
      { text: 'Bye', type: 'text', attributes: { commands: [say('Bye')], intentName: 'b' } },
      { text: '\\close', attributes: { subtype: 'info' } },
    ]);
  });

  it('wait ends the turn: the rest of the block resumes later, from the next action', async () => {
    const blocks = [block('b', [reply(say('one')), { _tdActionType: 'wait', millis: 2000 }, reply(say('two'))])];
    const first = await run(blocks);
    assert.deepEqual(texts(first), ['one']);
    assert.deepEqual(first.resume, { intentId: 'id-b', actionIndex: 2, delayMs: 2000 });
    const resumed = await run(blocks, {}, first.resume!.actionIndex);
    assert.deepEqual(texts(resumed), ['two']);
    assert.equal(resumed.resume, undefined);
  });

  it('a wait is 500 ms without a number, at least 0 and at most 10 minutes', async () => {
    const delay = async (millis: unknown) =>
      (await run([block('b', [{ _tdActionType: 'wait', millis }])])).resume?.delayMs;
    assert.equal(await delay(undefined), 500);
    assert.equal(await delay('2000'), 500);
    assert.equal(await delay(-5), 0);
    assert.equal(await delay(3_600_000), 600_000);
  });

  it('a resume index past the end of the block does nothing', async () => {
    const outcome = await run([block('b', [reply(say('one'))])], {}, 5);
    assert.deepEqual(outcome.messages, []);
  });
});

describe('flow engine: variables and conditions', () => {
  const setTotal = {
    _tdActionType: 'setattribute',
    destination: ' total ',
    operation: { operands: [{ value: 'price', isVariable: true }, { value: '2' }], operators: ['multiplyAsNumber'] },
  };
  const condition = (operator: string, value: string) => ({
    _tdActionType: 'jsoncondition',
    groups: [
      {
        type: 'expression',
        conditions: [{ type: 'condition', operand1: 'total', operator, operand2: { type: 'const', value } }],
      },
    ],
    trueIntent: '#big',
    falseIntent: '#small',
  });
  const branches = [block('big', [reply(say('big {{total}}'))]), block('small', [reply(say('small {{total}}'))])];

  it('setattribute stores the value under the trimmed destination; later actions see it', async () => {
    const outcome = await run([block('b', [setTotal, condition('greaterThan', '10')]), ...branches], { price: 6 });
    assert.deepEqual(texts(outcome), ['big 12']);
    assert.deepEqual(outcome.variables, { price: 6, total: 12 });
  });

  it('a false condition takes falseIntent', async () => {
    const outcome = await run([block('b', [setTotal, condition('greaterThan', '20')]), ...branches], { price: 6 });
    assert.deepEqual(texts(outcome), ['small 12']);
  });

  it('a condition not understood is false and sets flowError', async () => {
    const outcome = await run([block('b', [setTotal, condition('matches', '1')]), ...branches], { price: 6 });
    assert.deepEqual(texts(outcome), ['small 12']);
    assert.equal(outcome.variables.flowError, 'An error occurred evaluating condition');
    assert.deepEqual(outcome.warnings, ['flow: condition not understood, taken as false']);
  });

  it('without the branch it needs, the block goes on', async () => {
    const onlyTrue = { ...condition('greaterThan', '20'), falseIntent: '' };
    const outcome = await run([block('b', [setTotal, onlyTrue, reply(say('after'))]), ...branches], { price: 6 });
    assert.deepEqual(texts(outcome), ['after']);
  });

  it('a setattribute without a destination, or with an operation it cannot read, changes nothing', async () => {
    const noDestination = { ...setTotal, destination: '  ' };
    const unknownFunction = { ...setTotal, operation: { operands: [{ value: 'x', function: 'sinAsNumber' }] } };
    const outcome = await run([block('b', [noDestination, unknownFunction])], { price: 6 });
    assert.deepEqual(outcome.variables, { price: 6 });
    assert.deepEqual(outcome.warnings, [
      'flow: setattribute without a destination skipped',
      'flow: setattribute not understood, skipped',
    ]);
  });

  it('unknown actions, and a block without actions, are skipped', async () => {
    const outcome = await run([block('b', [{ _tdActionType: 'askgpt' }, null, reply(say('still here'))])]);
    assert.deepEqual(texts(outcome), ['still here']);
    assert.deepEqual(outcome.warnings, ['flow: unsupported action skipped', 'flow: unsupported action skipped']);
    assert.deepEqual((await run([block('b', null)])).messages, []);
  });
});
