/**
 * A real HTTP server standing in for the outside world (a webhook receiver, an external bot):
 * it records every request and answers as `respond` chooses: a status, or a status and a body.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (signatures are computed over it). */
  raw: string;
  body: any;
  /** The status this call was answered with. */
  status: number;
}

/** A status (the body is then `{ok}`), or a status and a body (default 200 `{}`). */
export type Reply = number | { status?: number; body?: unknown };

export interface Receiver {
  url: string;
  port: number;
  calls: ReceivedCall[];
  /** Chooses the answer to each call (default 200); `index` counts calls from 0. */
  respond: (call: Omit<ReceivedCall, 'status'>, index: number) => Reply;
  close(): Promise<void>;
}

/** Starts a receiver on `port` (0 = any free port) of 127.0.0.1. */
export async function startReceiver(port = 0, respond: Receiver['respond'] = () => 200): Promise<Receiver> {
  const calls: ReceivedCall[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const call = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, raw, body };
      const reply = receiver.respond(call, calls.length);
      const { status = 200, body: answer = {} } =
        typeof reply === 'number' ? { status: reply, body: { ok: reply < 300 } } : reply;
      calls.push({ ...call, status });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${actualPort}/hook`,
    port: actualPort,
    calls,
    respond,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/**
 * Polls `check` until it returns a truthy value and returns it. The deadline only turns a hang
 * into a readable failure; tests never assert on how long something took.
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | false | undefined | Promise<T | false | undefined>,
  deadlineMs = 30_000,
): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
