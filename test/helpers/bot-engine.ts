/**
 * Helpers for the bot-engine tests: answering bots routed from the default department, visitors
 * talking to them, and a programmable HTTP server standing in for a bot's endpoints.
 */
import assert from 'node:assert/strict';
import type { TestApp } from './test-app.js';
import { anonymous, type Tenant } from './factories.js';
import { createBot as createBotOverHttp } from './bots.js';
import { defaultDepartment, newRequestId, updateDepartment } from './conversations.js';
import { startReceiver, waitUntil, type ReceivedCall, type Receiver } from './webhook-receiver.js';

export interface Message {
  _id: string;
  text?: string;
  type: string;
  sender: string;
  senderFullname: string;
  attributes?: any;
  metadata?: any;
  createdAt: string;
}

export async function createBot(t: TestApp, tenant: Tenant, body: Record<string, unknown>) {
  return (await createBotOverHttp(t, tenant, body, 'bots')) as { _id: string; name: string; secret: string };
}

export async function addIntent(t: TestApp, tenant: Tenant, botId: string, body: Record<string, unknown>) {
  const response = await t.http('POST', `/${tenant.projectId}/intents`, {
    headers: tenant.owner.basic,
    body: { id_faq_kb: botId, ...body },
  });
  assert.equal(response.status, 200, response.text);
  return response.body as { _id: string; intent_id: string; intent_display_name: string };
}

/** New conversations of the project go to `botId` (the default department's bot). */
export async function routeToBot(t: TestApp, tenant: Tenant, botId: string) {
  const department = await defaultDepartment(t, tenant);
  await updateDepartment(t, tenant, department._id, { id_bot: botId });
}

export interface Conversation {
  requestId: string;
  visitor: Awaited<ReturnType<typeof anonymous>>;
  /** The visitor writes (the first message creates the conversation). */
  say(text: string, extra?: Record<string, unknown>): Promise<Message>;
  messages(): Promise<Message[]>;
  /** Waits until the conversation holds `count` messages from `sender` (default: any bot). */
  waitFor(count: number, sender?: string): Promise<Message[]>;
  request(): Promise<any>;
}

export async function startConversation(t: TestApp, tenant: Tenant): Promise<Conversation> {
  const visitor = await anonymous(t, tenant.projectId, 'Ada');
  const requestId = newRequestId(tenant.projectId);
  const url = `/${tenant.projectId}/requests/${requestId}`;
  const conversation: Conversation = {
    requestId,
    visitor,
    async say(text, extra = {}) {
      const response = await t.http('POST', `${url}/messages`, { headers: visitor.headers, body: { text, ...extra } });
      assert.equal(response.status, 200, response.text);
      return response.body;
    },
    async messages() {
      const response = await t.http('GET', `${url}/messages`, { headers: tenant.owner.basic });
      assert.equal(response.status, 200, response.text);
      return response.body;
    },
    async waitFor(count, sender) {
      const from = (m: Message) => (sender ? m.sender === sender : m.sender.startsWith('bot_'));
      return waitUntil(`${count} messages from ${sender ?? 'the bot'}`, async () => {
        const mine = (await conversation.messages()).filter(from);
        return mine.length >= count ? mine : undefined;
      });
    },
    async request() {
      const response = await t.http('GET', url, { headers: tenant.owner.basic });
      assert.equal(response.status, 200, response.text);
      return response.body;
    },
  };
  return conversation;
}

export type BotCall = ReceivedCall;

/** A bot's endpoint: a receiver at the server's root that answers as `answer` says. */
export interface BotServer extends Omit<Receiver, 'respond'> {
  /** What to answer (default 200 `{}`). */
  answer: (call: BotCall, index: number) => { status?: number; body?: unknown };
}

/** A bot's endpoint on 127.0.0.1 (`port` 0 = any free port). */
export async function startBotServer(port = 0): Promise<BotServer> {
  const receiver = await startReceiver(port, (call, index) => bot.answer(call as BotCall, index));
  const bot: BotServer = { ...receiver, url: `http://127.0.0.1:${receiver.port}`, answer: () => ({}) };
  return bot;
}

/** A port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = await startBotServer();
  await server.close();
  return server.port;
}
