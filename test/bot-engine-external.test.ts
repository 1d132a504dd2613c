/**
 * External bots (reference §5.6): every visitor message is delivered to the bot's URL - durably,
 * in order, retried while the bot is down - and the bot answers through the REST API with the
 * token it receives. A bot that stays down, or may not be called, hands the conversation over.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { ownerOffline } from './helpers/conversations.js';
import { waitUntil } from './helpers/webhook-receiver.js';
import {
  closedPort,
  createBot,
  routeToBot,
  startBotServer,
  startConversation,
  type BotServer,
  type Conversation,
} from './helpers/bot-engine.js';

async function externalBot(t: TestApp, tenant: Tenant, url: string) {
  const bot = await createBot(t, tenant, { name: 'Outside', type: 'external', url });
  await routeToBot(t, tenant, bot._id);
  return bot;
}

/** Waits until the bot has left the conversation (handed over) and returns the request. */
async function handedOver(chat: Conversation) {
  return waitUntil('the handover', async () => {
    const request = await chat.request();
    return request.participantsBots.length === 0 ? request : undefined;
  });
}

describe('external bots', () => {
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

  it('delivers each visitor message; the bot answers with the token it received', async () => {
    const tenant = await newTenant(t);
    const bot = await externalBot(t, tenant, `${server.url}/bot/${tenant.projectId}`);
    const mine = () => server.calls.filter((call) => call.url === `/bot/${tenant.projectId}`);
    const chat = await startConversation(t, tenant);

    await chat.say('hi');
    const [call] = await waitUntil('the delivery', () => mine().length >= 1 && mine());
    assert.equal(call.method, 'POST');
    assert.equal(call.headers['content-type'], 'application/json');
    assert.equal(typeof call.body.timestamp, 'number');
    assert.equal(call.body.payload.text, 'hi');
    assert.equal(call.body.payload.sender, chat.visitor.id);
    assert.equal(call.body.payload.request.request_id, chat.requestId);
    assert.deepEqual(call.body.payload.request.participantsBots, [bot._id]);
    assert.equal(call.body.payload.request.snapshot, undefined);
    assert.equal(call.body.hook._id, bot._id);
    assert.equal(call.body.hook.name, 'Outside');
    assert.equal(call.body.hook.secret, undefined);
    const claims = JSON.parse(Buffer.from(call.body.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, 'bot');
    assert.equal(claims.aud, `https://tiledesk.com/bots/${bot._id}`);

    const asBot = { authorization: `JWT ${call.body.token}` };
    const url = `/${tenant.projectId}/requests/${chat.requestId}/messages`;
    const answer = await t.http('POST', url, { headers: asBot, body: { text: 'Hello from outside' } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.sender, `bot_${bot._id}`);
    assert.equal(answer.body.senderFullname, 'Outside');
    assert.ok((await chat.messages()).some((m) => m.text === 'Hello from outside' && m.sender === `bot_${bot._id}`));

    // The bot's own message is not delivered back to it; the next visitor message is.
    await chat.say('second');
    const calls = await waitUntil('the second delivery', () => mine().length >= 2 && mine());
    assert.deepEqual(
      calls.map((c) => c.body.payload.text),
      ['hi', 'second'],
    );

    // The token is the bot's, in its own project only.
    const other = await newTenant(t);
    const otherChat = await startConversation(t, other);
    await otherChat.say('elsewhere');
    const foreign = await t.http('POST', `/${other.projectId}/requests/${otherChat.requestId}/messages`, {
      headers: asBot,
      body: { text: 'intruding' },
    });
    assert.equal(foreign.status, 403);
    assert.ok(!(await otherChat.messages()).some((m) => m.text === 'intruding'));
  });

  it('does not deliver imported history', async () => {
    const tenant = await newTenant(t);
    await externalBot(t, tenant, `${server.url}/import/${tenant.projectId}`);
    const mine = () => server.calls.filter((call) => call.url === `/import/${tenant.projectId}`);
    const chat = await startConversation(t, tenant);
    await chat.say('first');
    await waitUntil('the first delivery', () => mine().length >= 1);

    const imported = await t.http('POST', `/${tenant.projectId}/requests/${chat.requestId}/messages/multi`, {
      headers: tenant.owner.basic,
      body: [
        { text: 'old one', sender: chat.visitor.id },
        { text: 'old two', sender: chat.visitor.id },
      ],
    });
    assert.equal(imported.status, 200, imported.text);
    // Deliveries of a conversation go in order: once 'live' arrived, nothing imported is pending.
    await chat.say('live');
    await waitUntil('the live delivery', () => mine().length >= 2);
    assert.deepEqual(
      mine().map((c) => c.body.payload.text),
      ['first', 'live'],
    );
  });

  it('keeps deliveries while the bot is down and delivers each message once, in order, when it is back', async () => {
    const patient = await startTestApp({ BOT_MAX_ATTEMPTS: '100' }, { sameDatabaseAs: t });
    const port = await closedPort();
    let bot: BotServer | undefined;
    try {
      const tenant = await newTenant(patient);
      await externalBot(patient, tenant, `http://127.0.0.1:${port}/bot`);
      const chat = await startConversation(patient, tenant);
      await chat.say('one');
      await chat.say('two');
      await chat.say('three');

      // The bot is down: the first delivery fails and is retried.
      await waitUntil('a retried delivery', async () => {
        const jobs = await patient.database.db
          .selectFrom('jobs')
          .select('attempts')
          .where('kind', '=', 'bot.deliver')
          .where('project_id', '=', tenant.projectId)
          .execute();
        return jobs.some((job) => job.attempts >= 2);
      });
      bot = await startBotServer(port);
      const live = bot;
      await waitUntil('three deliveries', () => live.calls.length >= 3);
      await chat.say('four');
      await waitUntil('the fourth delivery', () => live.calls.length >= 4);
      assert.deepEqual(
        live.calls.map((c) => c.body.payload.text),
        ['one', 'two', 'three', 'four'],
      );
      assert.deepEqual((await chat.request()).participantsBots.length, 1);
    } finally {
      await bot?.close();
      await patient.close();
    }
  });

  it('hands the conversation over when the bot stays down: to an available agent, else to the pool', async () => {
    const impatient = await startTestApp({ BOT_MAX_ATTEMPTS: '2' }, { sameDatabaseAs: t });
    try {
      const url = `http://127.0.0.1:${await closedPort()}/bot`;
      const staffed = await newTenant(impatient);
      await externalBot(impatient, staffed, url);
      const unstaffed = await newTenant(impatient);
      await ownerOffline(impatient, unstaffed);
      await externalBot(impatient, unstaffed, url);

      const toAgent = await startConversation(impatient, staffed);
      await toAgent.say('anyone there?');
      const assigned = await handedOver(toAgent);
      assert.equal(assigned.status, 200);
      assert.deepEqual(assigned.participants, [staffed.owner.id]);
      const notice = (await toAgent.messages()).find((m) => m.attributes?.messagelabel?.key === 'BOT_NOT_RESPONDING');
      assert.equal(notice?.sender, 'system');
      assert.equal(notice?.attributes.subtype, 'info');

      const toPool = await startConversation(impatient, unstaffed);
      await toPool.say('anyone there?');
      const pooled = await handedOver(toPool);
      assert.equal(pooled.status, 100);
      assert.deepEqual(pooled.participants, []);
    } finally {
      await impatient.close();
    }
  });
});

describe('external bots without private outbound', () => {
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

  it('refuses to deliver to a private address and hands the conversation over at once', async () => {
    const tenant = await newTenant(t);
    await externalBot(t, tenant, `${server.url}/bot`);
    const chat = await startConversation(t, tenant);
    await chat.say('hello?');
    const request = await handedOver(chat);
    assert.equal(request.status, 200);
    assert.deepEqual(request.participants, [tenant.owner.id]);
    assert.ok((await chat.messages()).some((m) => m.attributes?.messagelabel?.key === 'BOT_NOT_RESPONDING'));
    assert.equal(server.calls.length, 0);
  });
});
