/**
 * The one way Parley calls URLs that customers give it (webhooks, external bots, flows' web
 * requests): POST JSON (any method for web requests) with a deadline for the whole exchange, no
 * redirects (a 3xx is returned as is), a cap on the response size, and an SSRF guard.
 *
 * The guard checks the addresses the connection will actually use: IP literals before
 * connecting, host names inside the socket's DNS lookup, so a name that resolves to a private
 * address (or is re-pointed there after a check, "DNS rebinding") is refused. A refusal is an
 * `OutboundRefusedError`: retrying cannot help.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { forbiddenRange } from './address-ranges.js';

export interface PostJsonOptions {
  /** Deadline for connecting, sending and reading the whole response. */
  timeoutMs: number;
  /** Responses longer than this fail with `OutboundError` (unless `truncate`). */
  maxResponseBytes: number;
  /**
   * Keep the first `maxResponseBytes` of a longer response and stop downloading it, instead of
   * failing (a link preview needs only the page's head).
   */
  truncate?: boolean;
  /** Allow loopback/private/link-local targets (development and tests). */
  allowPrivate: boolean;
  headers?: Record<string, string>;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body is only the response's first `maxResponseBytes` (`truncate`). */
  truncated?: boolean;
}

/** The call failed (network error, timeout, oversized response): a retry may succeed. */
export class OutboundError extends Error {}

/** The target is not allowed (scheme, private address): a retry cannot succeed. */
export class OutboundRefusedError extends Error {}

/** POSTs `body` (serialised JSON, sent byte for byte so callers can sign it) to `target`. */
export function postJson(target: string, body: string, options: PostJsonOptions): Promise<OutboundResponse> {
  return sendRequest(target, 'POST', body, options);
}

/** Headers a caller may not set: the client computes them from the body and the target. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/**
 * Sends a request with any method (a flow's web request); `body`, when given, is JSON sent byte
 * for byte. Same deadline, size cap and SSRF guard as postJson.
 */
export async function sendRequest(
  target: string,
  method: string,
  body: string | undefined,
  options: PostJsonOptions,
): Promise<OutboundResponse> {
  const url = parseTarget(target);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!options.allowPrivate && isIP(host)) refuseIfForbidden(host);

  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const headers: Record<string, string> = payload
    ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
    : {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = client.request(url, {
      method,
      agent: false,
      lookup: options.allowPrivate ? undefined : guardedLookup,
      headers,
    });
    const deadline = setTimeout(() => {
      request.destroy(new OutboundError(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(error instanceof OutboundError || error instanceof OutboundRefusedError ? error : describe(error));
    };

    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean) => {
        clearTimeout(deadline);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(truncated && { truncated }),
        });
      };
      response.on('data', (chunk: Buffer) => {
        if (size + chunk.length > options.maxResponseBytes && options.truncate) {
          chunks.push(chunk.subarray(0, options.maxResponseBytes - size));
          // Resolved first: the errors the socket reports once destroyed change nothing.
          finish(true);
          request.destroy();
          return;
        }
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          request.destroy(new OutboundError(`response larger than ${options.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => finish(false));
    });
    request.end(payload);
  });
}

/** Throws OutboundRefusedError unless `target` is an absolute http(s) URL. */
function parseTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new OutboundRefusedError(`not a valid URL: ${target}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(`only http and https URLs are allowed (got ${url.protocol})`);
  }
  return url;
}

function refuseIfForbidden(address: string): void {
  const range = forbiddenRange(address);
  if (range) throw new OutboundRefusedError(`refused: ${address} is a ${range} address`);
}

/** dns.lookup that fails when any resolved address is forbidden (the socket then never connects). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    try {
      for (const { address } of addresses) refuseIfForbidden(address);
    } catch (refusal) {
      return callback(refusal as NodeJS.ErrnoException, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const [first] = addresses;
    if (!first) {
      // getaddrinfo answers ENOTFOUND rather than an empty list; the same here should that ever change.
      return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    }
    callback(null, first.address, first.family);
  });
};

function describe(error: Error & { code?: string }): OutboundError {
  return new OutboundError(error.code ? `${error.code}: ${error.message}` : error.message);
}
