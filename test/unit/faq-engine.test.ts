/**
 * The pure rules of internal bots around intent matching (faq-engine.ts, intent-matching.ts):
 * how a button's action names an intent, the built-in fallback answer, and how an answer with
 * `\close` or `\agent` is split into the command and the rest.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtInFallback, withCommandFirst } from '../../src/modules/bot-engine/faq-engine.js';
import { actionReference } from '../../src/modules/bot-engine/intent-matching.js';

describe("a button's action as an intent reference", () => {
  it('a name as it is; flows write "#<intent_id>"', () => {
    assert.equal(actionReference('start'), 'start');
    assert.equal(actionReference('#0f8b5a2e-uuid'), '0f8b5a2e-uuid');
  });

  it('a query string is dropped, as Tiledesk does; then spaces', () => {
    assert.equal(actionReference('yes_action?source=button'), 'yes_action');
    assert.equal(actionReference(' #next ?a=1'), 'next');
  });

  it('only one leading # goes; nothing left is an empty reference', () => {
    assert.equal(actionReference('##a'), '#a');
    assert.equal(actionReference('?only=query'), '');
  });
});

describe('the built-in fallback answer', () => {
  const english = 'I did not find an answer in the knowledge base. \n Please reformulate your question?';
  const italian = 'Non sono in grado di fornirti una risposta adeguata. \n Prego riformula la domanda.';

  it('Italian for any "it" language tag, English otherwise', () => {
    assert.equal(builtInFallback('it'), italian);
    assert.equal(builtInFallback('IT-ch'), italian);
    assert.equal(builtInFallback('en-GB'), english);
    assert.equal(builtInFallback('de'), english);
    assert.equal(builtInFallback(undefined), english);
    assert.equal(builtInFallback(42), english);
  });
});

describe('an answer with \\close or \\agent', () => {
  const attributes = { _raw_message: 'raw' };
  const info = (command: string) => ({ text: command, attributes: { subtype: 'info' } });

  it('without a command: the message alone, untouched', () => {
    const message = { text: 'Hello', type: 'text', attributes };
    assert.deepEqual(withCommandFirst(message), [message]);
    assert.deepEqual(withCommandFirst({ type: 'image', metadata: { src: 'x' } }), [
      { type: 'image', metadata: { src: 'x' } },
    ]);
  });

  it('the command alone first, then the rest of the answer, trimmed', () => {
    assert.deepEqual(withCommandFirst({ text: 'We are looking for an operator.. \\agent', type: 'text', attributes }), [
      info('\\agent'),
      { text: 'We are looking for an operator..', type: 'text', attributes },
    ]);
  });

  it('nothing left: the command alone', () => {
    assert.deepEqual(withCommandFirst({ text: ' \\close ', type: 'text', attributes }), [info('\\close')]);
  });

  it('no text left but an image or buttons: they are sent, without text', () => {
    const image = { text: '\\agent', type: 'image', metadata: { src: 'https://img.example/a.png' }, attributes };
    assert.deepEqual(withCommandFirst(image), [info('\\agent'), { ...image, text: undefined }]);
    const buttons = { text: '\\close', type: 'text', attributes: { attachment: { type: 'template', buttons: [] } } };
    assert.deepEqual(withCommandFirst(buttons), [info('\\close'), { ...buttons, text: undefined }]);
  });

  it('\\close wins over \\agent; only the first occurrence is taken out, as in Tiledesk', () => {
    assert.deepEqual(withCommandFirst({ text: 'Bye \\agent \\close', type: 'text' }), [
      info('\\close'),
      { text: 'Bye \\agent', type: 'text' },
    ]);
    assert.deepEqual(withCommandFirst({ text: '\\agent then \\agent', type: 'text' }), [
      info('\\agent'),
      { text: 'then \\agent', type: 'text' },
    ]);
  });
});
