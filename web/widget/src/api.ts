/**
 * The API as the chat calls it: openapi-fetch over the types generated from the server's OpenAPI
 * document (web/shared/api-schema.d.ts). The visitor's token goes in the Authorization header.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../shared/api-schema';
import { keepSession, session } from './session';

export const api = createClient<paths>({ baseUrl: location.origin, credentials: 'omit' });

api.use({
  onRequest({ request }) {
    const token = session.value?.token;
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', token);
    return request;
  },
  onResponse({ response, request }) {
    // A token the server no longer takes (expired, or the visitor was removed): the next message
    // signs in afresh rather than failing for good.
    const token = session.value?.token;
    if (response.status === 401 && token && request.headers.get('authorization') === token) keepSession(undefined);
    return response;
  },
});

class ApiError extends Error {
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
