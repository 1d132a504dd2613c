/**
 * Request bodies. Tiledesk clients (and the curl examples of its docs) send
 * `Content-Type: application/json` on bodiless PUT and DELETE calls, and omit bodies where every
 * field is optional. So an empty JSON body is "no body", and no body is validated as `{}`:
 * a route whose fields are all optional accepts it, one with required fields answers 422.
 * Non-empty JSON goes through Fastify's safe parser (prototype-poisoning protection), after a
 * nesting-depth check: validation, the error handler's echo of a bad value and jsonb all recurse
 * into a value, and a 100,000-deep array overflows any of them.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';

export function acceptEmptyJsonBodies(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') {
      done(null, undefined);
      return;
    }
    if (jsonDepthExceeds(body as string, maxDepth)) {
      done(errors.jsonTooDeep(maxDepth), undefined);
      return;
    }
    // Fastify's default JSON parser is callback-style: it calls `done` and returns nothing (its
    // type, shared with async parsers, also admits a promise, hence `void`).
    void parse(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth` (`{"a":[1]}` is 2 deep).
 * One pass over the text, before it is parsed; brackets inside strings do not count. Malformed
 * text is left for the parser to report.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}
