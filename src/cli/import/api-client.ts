/**
 * The HTTP calls the importer makes, through the public API only (the same calls a third-party
 * app would make, as the "import multiple messages" guide describes). Network errors, 429 and
 * 5xx are retried with backoff; other statuses are returned to the caller to decide.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiResponse {
  status: number;
  readonly body: any;
}

export class ServerUnavailableError extends Error {}

export interface ApiClientOptions {
  baseUrl: string;
  authorization: string;
  retries?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
}

export class ApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async call(method: string, path: string, body?: unknown, auth = true): Promise<ApiResponse> {
    const retries = this.options.retries ?? 5;
    let delay = this.options.retryDelayMs ?? 1000;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      try {
        const response = await fetch(this.baseUrl + path, {
          method,
          headers: {
            ...(auth && { authorization: this.options.authorization }),
            ...(payload !== undefined && { 'content-type': 'application/json' }),
          },
          body: payload,
          signal: this.options.signal,
        });
        const text = await response.text();
        if (response.status !== 429 && response.status < 500) return answer(response.status, text);
        problem = `${method} ${path} answered HTTP ${response.status} ${text.slice(0, 200)}`;
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        const cause = (error as Error).cause;
        problem = `cannot reach ${this.baseUrl} (${cause instanceof Error ? cause.message : (error as Error).message})`;
      }
      if (attempt >= retries) {
        throw new ServerUnavailableError(`${problem}; gave up after ${attempt + 1} attempt${attempt ? 's' : ''}`);
      }
      await sleep(delay, undefined, { signal: this.options.signal });
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

/** The body is parsed when read: a batch's answer (a thousand stored messages) rarely is. */
function answer(status: number, text: string): ApiResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    get body() {
      parsed ??= { value: text ? safeJson(text) : undefined };
      return parsed.value;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** "HTTP 422: <the server's message>", from any of the error bodies Tiledesk uses. */
export function describeFailure(response: ApiResponse): string {
  const body = response.body;
  if (body && typeof body === 'object') {
    const detail =
      body.msg ??
      body.message ??
      body.error ??
      (Array.isArray(body.errors)
        ? body.errors
            .map((e: unknown) => (typeof e === 'string' ? e : ((e as any)?.msg ?? JSON.stringify(e))))
            .join('; ')
        : body);
    return `HTTP ${response.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
  }
  return `HTTP ${response.status}: ${String(body ?? '')}`;
}
