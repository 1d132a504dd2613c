/**
 * Helpers for the bot-engine tests: answering bots routed from the default department, visitors
 * talking to them, and a programmable HTTP server standing in for a bot's endpoints.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app.js';
import { anonymous, type Tenant } from './factories.js';
import { defaultDepartment, newRequestId, updateDepartment } from './conversations.js';
import { waitUntil } from './webhook-receiver.js';

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
  const response = await t.http('POST', `/${tenant.projectId}/bots`, { headers: tenant.owner.basic, body });
  assert.equal(response.status, 200, response.text);
  return response.body as { _id: string; name: string; secret: string };
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

export interface BotCall {
  url: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface BotServer {
  url: string;
  port: number;
  calls: BotCall[];
  /** What to answer (default 200 `{}`). */
  answer: (call: BotCall, index: number) => { status?: number; body?: unknown };
  close(): Promise<void>;
}

/** A bot's endpoint on 127.0.0.1 (`port` 0 = any free port) that answers as `answer` says. */
export async function startBotServer(port = 0): Promise<BotServer> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const call = { url: request.url ?? '', method: request.method ?? '', headers: request.headers, body };
      const { status = 200, body: answer = {} } = bot.answer(call, bot.calls.length);
      bot.calls.push(call);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const bot: BotServer = {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    calls: [],
    answer: () => ({}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return bot;
}

/** A port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = await startBotServer();
  await server.close();
  return server.port;
}
