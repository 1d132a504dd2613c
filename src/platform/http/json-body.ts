/**
 * Request bodies. Tiledesk clients (and the curl examples of its docs) send
 * `Content-Type: application/json` on bodiless PUT and DELETE calls, and omit bodies where every
 * field is optional. So an empty JSON body is "no body", and no body is validated as `{}`:
 * a route whose fields are all optional accepts it, one with required fields answers 422.
 * Non-empty JSON goes through Fastify's safe parser (prototype-poisoning protection).
 */
import type { FastifyInstance } from 'fastify';

export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });
}
