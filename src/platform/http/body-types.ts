/**
 * Which bodies a state-changing route takes. A page on any site can make a browser POST a form
 * (urlencoded or multipart) or a text/plain body without a CORS preflight, and the browser adds
 * the credentials it holds for Parley (Basic credentials it cached, for one); a JSON body needs a
 * preflight, which never allows credentials (see app.ts). So bodies are JSON, except form-encoded
 * ones on the sign-in forms Tiledesk documents (public routes, no credentials involved) and
 * multipart on the upload routes (those that declare it in their schema's `consumes`). Those three
 * types are refused anywhere else with a 415, before the body is read; other types need a
 * preflight and reach the routes' own parsers (most answer 415 too).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../errors.js';

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const TEXT = 'text/plain';
const FORM_ROUTES = new Set(['/auth/signin', '/auth/signup']);
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseCrossSiteBodies(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (READ_ONLY.has(request.method) || request.is404) return;
    const type = mediaType(request);
    if (type === undefined || !(type === FORM || type === MULTIPART || type === TEXT)) return;
    if (type === FORM && FORM_ROUTES.has(request.routeOptions.url ?? '')) return;
    if (type === MULTIPART && declaredTypes(request).includes(MULTIPART)) return;
    throw errors.unsupportedMediaType(String(request.headers['content-type']));
  });
}

function mediaType(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function declaredTypes(request: FastifyRequest): string[] {
  const consumes = (request.routeOptions.schema as { consumes?: unknown } | undefined)?.consumes;
  return Array.isArray(consumes) ? consumes.map(String) : [];
}
