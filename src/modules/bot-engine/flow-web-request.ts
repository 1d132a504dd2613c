/**
 * A flow's web request (`webrequestv2`, and the older `webrequest`): an HTTP call through the
 * outbound client (deadline, size cap, SSRF guard), whose result lands in flow variables and
 * picks the next block (`trueIntent` on a 2xx answer, `falseIntent` otherwise).
 *
 * Shapes (Tiledesk's Design Studio): `{method, url, headersString: {name: value},
 * jsonBody: "<JSON text>", bodyType: "json" | "none", assignResultTo, assignStatusTo,
 * assignErrorTo, trueIntent, falseIntent, settings: {timeout}}`; `webrequest` has
 * `headersString` as JSON text and `assignTo` (set on a 200 answer). Placeholders `{{name}}` are
 * filled in the URL, header values and body. Form-data bodies are not supported (sent empty).
 */
import type { FastifyBaseLogger } from 'fastify';
import { sendRequest } from '../../platform/http/outbound.js';
import { fill, type Variables } from './flow-values.js';

export interface WebRequestSettings {
  timeoutMs: number;
  maxResponseBytes: number;
  allowPrivate: boolean;
  log: FastifyBaseLogger;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

interface WebRequestAction {
  _tdActionType: string;
  method?: unknown;
  url?: unknown;
  headersString?: unknown;
  jsonBody?: unknown;
  bodyType?: unknown;
  assignTo?: unknown;
  assignResultTo?: unknown;
  assignStatusTo?: unknown;
  assignErrorTo?: unknown;
  trueIntent?: unknown;
  falseIntent?: unknown;
  settings?: { timeout?: unknown };
}

const name = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Runs the request, writes its outcome into `variables`; returns the block to continue with, if any. */
export async function runWebRequest(
  action: WebRequestAction,
  variables: Variables,
  settings: WebRequestSettings,
): Promise<string | undefined> {
  const method = typeof action.method === 'string' ? action.method.toUpperCase() : 'GET';
  const url = typeof action.url === 'string' ? fill(action.url, variables) : '';
  const timeout = action.settings?.timeout;
  const timeoutMs =
    typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, settings.timeoutMs) : settings.timeoutMs;

  let outcome: { status?: number; body?: unknown; error?: string };
  if (!METHODS.has(method)) {
    outcome = { error: `unsupported method ${method}` };
  } else {
    try {
      const response = await sendRequest(url, method, bodyOf(action, method, variables, settings.log), {
        timeoutMs,
        maxResponseBytes: settings.maxResponseBytes,
        allowPrivate: settings.allowPrivate,
        headers: headersOf(action, variables, settings.log),
      });
      const ok = response.status >= 200 && response.status < 300;
      outcome = {
        status: response.status,
        body: parsed(response.body),
        ...(!ok && { error: `Request failed with status code ${response.status}` }),
      };
    } catch (error) {
      outcome = { error: (error as Error).message };
    }
  }

  const assign = (target: unknown, value: unknown) => {
    const variable = name(target);
    if (variable && value !== undefined && value !== '') variables[variable] = value;
  };
  if (action._tdActionType === 'webrequest') {
    if (outcome.status === 200) assign(action.assignTo, outcome.body);
  } else {
    assign(action.assignResultTo, outcome.body);
    assign(action.assignStatusTo, outcome.status);
    assign(action.assignErrorTo, outcome.error);
  }
  if (outcome.error) settings.log.info({ url, error: outcome.error }, 'flow web request failed');
  return outcome.error ? name(action.falseIntent) : name(action.trueIntent);
}

function headersOf(action: WebRequestAction, variables: Variables, log: FastifyBaseLogger): Record<string, string> {
  let headers = action.headersString;
  if (typeof headers === 'string') {
    try {
      headers = JSON.parse(fill(headers, variables));
    } catch {
      log.info('flow web request: headersString is not JSON, sent without headers');
      return {};
    }
  }
  if (!headers || typeof headers !== 'object') return {};
  return Object.fromEntries(
    Object.entries(headers as Record<string, unknown>)
      .filter(([, value]) => typeof value === 'string')
      .map(([key, value]) => [key, fill(value as string, variables)]),
  );
}

function bodyOf(action: WebRequestAction, method: string, variables: Variables, log: FastifyBaseLogger) {
  if (method === 'GET' || typeof action.jsonBody !== 'string' || action.jsonBody.trim() === '') return undefined;
  if (action.bodyType !== undefined && action.bodyType !== 'json') return undefined;
  const text = fill(action.jsonBody, variables);
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    log.info('flow web request: jsonBody is not JSON once filled, sent without a body');
    return undefined;
  }
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
