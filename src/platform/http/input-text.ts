/**
 * One check for every route: no NUL character and no lone surrogate in a JSON or form body, a
 * query string or a URL parameter (see platform/text.ts). Answers 422 in the shape of a schema
 * validation error, naming the field, before any handler or database sees the value.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { findUnstorableText } from '../text.js';

export function rejectUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const sources = [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const;
    for (const [location, value] of sources) {
      const issue = findUnstorableText(value);
      if (issue) {
        throw errors.validation([
          { value: issue.value, msg: 'Invalid value', param: issue.path, location, reason: issue.reason },
        ]);
      }
    }
  });
}
