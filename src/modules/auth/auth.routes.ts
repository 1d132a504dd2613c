/** `/auth/*` (public) and `/:project_id/keys` (project secret for custom tokens). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { BODY, memberErrors, publicErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { userToWire } from '../users/users.schema.js';
import { checkNewPassword } from '../users/users.service.js';
import {
  AnonymousBody,
  CustomTokenBody,
  KeysResponse,
  SigninBody,
  SigninResponse,
  SignupBody,
  SignupResponse,
  TokenResponse,
} from './auth.schema.js';

export function authRoutes({ config, services }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['auth'];
  return async (app) => {
    app.post(
      '/signup',
      { schema: { tags, body: SignupBody, response: { 200: SignupResponse, ...publicErrors(BODY, 403, 409, 429) } } },
      async (request) => {
        const { password, ...rest } = request.body;
        if (!password) return { success: false, msg: 'Please pass email and password.' };
        checkNewPassword(password, config.passwordMinLength, 'password');
        const user = await services.auth.signup({ ...rest, password });
        return { success: true, msg: 'Successfully created new user.', user: userToWire(user) };
      },
    );

    app.post(
      '/signin',
      { schema: { tags, body: SigninBody, response: { 200: SigninResponse, ...publicErrors(BODY, 401, 429) } } },
      async (request) => {
        const { token, user } = await services.auth.signin(request.body.email, request.body.password, request.ip);
        const { _id, email, firstname, lastname, emailverified, id } = userToWire(user);
        return { success: true, token, user: { _id, id, email, firstname, lastname, emailverified } };
      },
    );

    app.post(
      '/signinAnonymously',
      { schema: { tags, body: AnonymousBody, response: { 200: TokenResponse, ...publicErrors(BODY, 429) } } },
      async (request) => ({ success: true, ...(await services.auth.signinAnonymously(request.body)) }),
    );

    app.post(
      '/signinWithCustomToken',
      { schema: { tags, body: CustomTokenBody, response: { 200: TokenResponse, ...publicErrors(BODY, 401, 429) } } },
      async (request) => {
        const match = /^\s*(?:jwt|bearer)\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
        if (!match) throw errors.unauthorized();
        const result = await services.auth.signinWithCustomToken(match[1]!); // group 1 is not optional
        const user = 'password_hash' in result.user ? userToWire(result.user) : result.user;
        return { success: true, token: result.token, user };
      },
    );
  };
}

export function keysRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Tiledesk lets any agent rotate and read this secret; with it one can mint admin tokens
    // (signinWithCustomToken), so Parley requires admin.
    app.post(
      '/generate',
      {
        onRequest: guards.role('admin'),
        schema: { tags: ['auth'], params: ProjectParams, response: { 200: KeysResponse, ...memberErrors(BODY) } },
      },
      async (request) => services.auth.generateProjectKeys(projectOf(request).id),
    );
  };
}
