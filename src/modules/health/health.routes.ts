/**
 * `GET /` (is the server up) and `GET /health` (is the database reachable: 503 while it is not,
 * 200 again once a connection can be made; the check never waits longer than
 * DATABASE_CONNECT_TIMEOUT_MS).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { pingDatabase } from '../../platform/db/database.js';
import { errorResponses } from '../../platform/http/error-responses.js';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({
    kind: Type.String(),
    ok: Type.Boolean(),
    latencyMs: Type.Number(),
    error: Type.Optional(Type.String()),
  }),
  uptimeSeconds: Type.Number(),
  version: Type.String(),
});

const Unreachable = Type.Object(HealthSchema.properties, { description: 'The database cannot be reached.' });

export function healthRoutes({ connection, dbKind, config }: AppContext, version: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      { schema: { tags: ['health'], response: { 200: Type.String(), ...errorResponses() } } },
      async (_request, reply) => {
        reply.type('text/plain; charset=utf-8');
        return "Hello from Parley, a Tiledesk-compatible server. It's UP. API documentation: /docs";
      },
    );

    app.get(
      '/health',
      { schema: { tags: ['health'], response: { ...errorResponses(), 200: HealthSchema, 503: Unreachable } } },
      async (_request, reply) => {
        const started = performance.now();
        let error: string | undefined;
        try {
          await pingDatabase(connection(), config.databaseConnectTimeoutMs);
        } catch (cause) {
          error = cause instanceof Error ? cause.message : String(cause);
        }
        const body = {
          status: error ? ('degraded' as const) : ('ok' as const),
          database: {
            kind: dbKind,
            ok: !error,
            latencyMs: Math.round((performance.now() - started) * 100) / 100,
            ...(error && { error }),
          },
          uptimeSeconds: Math.round(process.uptime()),
          version,
        };
        return reply.code(error ? 503 : 200).send(body);
      },
    );
  };
}
