/**
 * The API as the console calls it: openapi-fetch over the types generated from the server's own
 * OpenAPI document (schema.d.ts, see scripts/generate-api-client.mjs), so a path, a parameter or
 * a response field the server does not have fails the type check. The session's token goes in
 * the Authorization header; a 401 ends the session.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../../shared/api-schema';
import { session, endSession } from '../session';

export const api = createClient<paths>({
  baseUrl: location.origin,
  // The token is the only credential; without this a 401's Basic challenge opens a login prompt.
  credentials: 'omit',
});

api.use({
  onRequest({ request }) {
    const token = session.value?.token;
    if (token) request.headers.set('authorization', token);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && session.value) endSession();
    return response;
  },
});

/** A failed call, with the server's message when it gave one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The data of an openapi-fetch result, or an ApiError with the server's message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error === undefined && result.data !== undefined) return result.data;
  const body = (result.error ?? {}) as { msg?: unknown; message?: unknown; error?: unknown };
  const message = [body.msg, body.message, body.error].find((value) => typeof value === 'string');
  throw new ApiError((message as string | undefined) ?? `HTTP ${result.response.status}`, result.response.status);
}
