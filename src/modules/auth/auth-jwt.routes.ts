/**
 * `/:project_id/jwt`: tools for a project's custom tokens (signed with its key, see
 * `/:project_id/keys`). `decode` needs no account: the token it checks is its credential, as in
 * Tiledesk. `generatetestjwt` mints a token with the key, so it is for admins (Tiledesk asks nothing).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { BODY, memberErrors, projectErrors } from '../../platform/http/error-responses.js';
import { Attributes, FreeObject, ProjectParams } from '../../platform/http/schemas.js';

export function jwtRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['auth'];
  return async (app) => {
    app.post(
      '/decode',
      {
        schema: {
          tags,
          description:
            'Checks the token of the Authorization header (`JWT <token>`) with the project key and answers its ' +
            'claims; it must carry `iat` and `exp` at most 10 minutes apart. 401 with the reason otherwise.',
          params: ProjectParams,
          response: { 200: Type.Object({ decoded: FreeObject }), ...projectErrors(BODY, 403, 404) },
        },
      },
      async (request) => {
        // Tiledesk's valid-token: a header of exactly two words.
        const match = /^\S+ (\S+)$/.exec(request.headers.authorization ?? '');
        if (!match) throw errors.forbidden('Unauthorized.');
        return { decoded: await services.auth.decodeProjectToken(projectOf(request), match[1]!) }; // group 1 always matches
      },
    );

    app.post(
      '/generatetestjwt',
      {
        onRequest: guards.role('admin'),
        schema: {
          tags,
          description:
            'Signs the body (the claims, as given) with the project key, valid for 5 minutes, to try custom tokens.',
          params: ProjectParams,
          body: Attributes,
          response: {
            200: Type.Object({ success: Type.Boolean(), token: Type.String() }),
            ...memberErrors(BODY, 404),
          },
        },
      },
      async (request) => ({
        success: true,
        token: await services.auth.signTestToken(projectOf(request), request.body),
      }),
    );
  };
}
