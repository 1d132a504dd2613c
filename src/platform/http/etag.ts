/**
 * Conditional GETs for public reads a client repeats on every page view (the widget's
 * translations). A weak ETag of the body, in the form Express (Tiledesk's server) puts on its
 * responses; `Cache-Control: no-cache`, so browsers and proxies revalidate rather than guess a
 * freshness (a change shows at once, whichever instance made it); and a 304 without a body when
 * If-None-Match names the current tag. The body is still computed: only the transfer is saved.
 */
import { createHash } from 'node:crypto';
import type { onSendAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';

/** The 304 a route with `conditionalGet` declares beside its 200. */
export const NOT_MODIFIED = { 304: Type.Null({ description: 'Not modified: If-None-Match names the current ETag.' }) };

/** Express's weak ETag: the body's length in bytes and SHA-1. */
function etagOf(body: string | Buffer): string {
  const digest = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return `W/"${Buffer.byteLength(body).toString(16)}-${digest}"`;
}

/** Whether If-None-Match (`*` or a list of tags, weak or strong) names `tag` (weak comparison). */
function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(tag));
}

/**
 * A route's onSend hook: tags a 200's body, and answers 304 when the client holds it already. The
 * body is a string, or its bytes when it is large (lazy-schemas.ts).
 */
export const conditionalGet: onSendAsyncHookHandler = async (request, reply, payload) => {
  if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
  const tag = etagOf(payload);
  reply.header('etag', tag).header('cache-control', 'no-cache');
  if (!matches(request.headers['if-none-match'], tag)) return payload;
  reply.code(304);
  return '';
};
