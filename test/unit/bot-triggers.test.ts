/**
 * Which events of a transaction ask a bot for a turn (bot-triggers.ts, Tiledesk's botEvent rules):
 * a visitor's message in a conversation served by a bot, and the greeting when a visitor's first
 * message opens one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainEvent } from '../../src/platform/events/event-bus.js';
import type { MessageWire } from '../../src/modules/conversations/messages.schema.js';
import type { RequestWire } from '../../src/modules/conversations/requests.schema.js';
import { turnTriggers } from '../../src/modules/bot-engine/bot-triggers.js';

const REQUEST_ID = 'support-group-p1-abc';

/** The parts of a request's wire JSON that the rules read. */
function request(participantsBots: string[], status = 200): RequestWire {
  return { request_id: REQUEST_ID, participantsBots, status } as Partial<RequestWire> as RequestWire;
}

function message(text: string, fields: Partial<MessageWire> = {}): MessageWire {
  return {
    sender: 'visitor-1',
    recipient: REQUEST_ID,
    text,
    request: request(['b1']),
    ...fields,
  } as Partial<MessageWire> as MessageWire;
}

const created = (payload: RequestWire): DomainEvent => ({ name: 'request.create', projectId: 'p1', payload });
const posted = (payload: MessageWire): DomainEvent => ({ name: 'message.create', projectId: 'p1', payload });
const asked = (payload: MessageWire) => ({
  projectId: 'p1',
  requestId: REQUEST_ID,
  botId: 'b1',
  kind: 'message',
  message: payload,
});
const greeting = { projectId: 'p1', requestId: REQUEST_ID, botId: 'b1', kind: 'start' };

describe('bot turns: a new conversation', () => {
  it("a visitor's first message to a bot: the greeting, then the message", () => {
    const first = message('Hello');
    assert.deepEqual(turnTriggers([created(request(['b1'])), posted(first)]), [greeting, asked(first)]);
  });

  it('a first message that is \\start or /start itself: no second greeting', () => {
    for (const text of ['\\start', ' /start ']) {
      const first = message(text);
      assert.deepEqual(turnTriggers([created(request(['b1'])), posted(first)]), [asked(first)], text);
    }
  });

  it('a conversation created without a message (POST /requests, imports) is not greeted', () => {
    assert.deepEqual(turnTriggers([created(request(['b1']))]), []);
  });

  it('a conversation without a bot asks nothing', () => {
    const first = message('Hello', { request: request([]) });
    assert.deepEqual(turnTriggers([created(request([])), posted(first)]), []);
  });
});

describe('bot turns: messages', () => {
  it("the conversation's last bot is the one asked", () => {
    const payload = message('Hi', { request: request(['b0', 'b1']) });
    assert.deepEqual(turnTriggers([posted(payload)]), [asked(payload)]);
  });

  it('not for messages of that bot itself, with or without the bot_ prefix', () => {
    assert.deepEqual(turnTriggers([posted(message('Answer', { sender: 'bot_b1' }))]), []);
    assert.deepEqual(turnTriggers([posted(message('Answer', { sender: 'b1' }))]), []);
  });

  it('another bot in the conversation does ask it', () => {
    const payload = message('From the other bot', { sender: 'bot_b0' });
    assert.deepEqual(turnTriggers([posted(payload)]), [asked(payload)]);
  });

  it('not for system messages, except \\start and /start', () => {
    assert.deepEqual(turnTriggers([posted(message('Chat reopened', { sender: 'system' }))]), []);
    const start = message('/start', { sender: 'system' });
    assert.deepEqual(turnTriggers([posted(start)]), [asked(start)]);
  });

  it('not for texts with \\agent or \\close anywhere: those are for the server', () => {
    for (const text of ['\\agent', 'please \\close this', 'I want a human \\agent now']) {
      assert.deepEqual(turnTriggers([posted(message(text))]), [], text);
    }
  });

  it('not for direct messages, messages without their request, or closed conversations', () => {
    assert.deepEqual(turnTriggers([posted(message('Hi', { channel_type: 'direct' }))]), []);
    assert.deepEqual(turnTriggers([posted(message('Hi', { request: undefined }))]), []);
    assert.deepEqual(turnTriggers([posted(message('Hi', { request: request(['b1'], 1000) }))]), []);
    assert.deepEqual(
      turnTriggers([created(request(['b1'], 1000)), posted(message('Hi', { request: request(['b1'], 1000) }))]),
      [],
    );
  });

  it('other events ask nothing; the turns keep the order of the events', () => {
    const one = message('one');
    const two = message('two');
    const events: DomainEvent[] = [
      posted(one),
      { name: 'request.update', projectId: 'p1', payload: request(['b1']) },
      posted(two),
    ];
    assert.deepEqual(turnTriggers(events), [asked(one), asked(two)]);
  });
});
