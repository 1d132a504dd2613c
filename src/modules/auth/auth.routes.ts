/** `/auth/*` (public) and `/:project_id/keys` (project secret for custom tokens). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { BODY, memberErrors, publicErrors } from '../../platform/http/error-responses.js';
import { ProjectParams } from '../../platform/http/schemas.js';
import { Type } from 'typebox';
import { userNotFound, UserSchema, userToWire } from '../users/users.schema.js';
import type { UserRow } from '../../platform/db/tables.js';
import { checkNewPassword } from '../users/users.service.js';
import {
  AccountKeyParams,
  AccountUserSchema,
  AnonymousBody,
  MessageResponse,
  RequestResetBody,
  ResetPasswordBody,
  VerifyEmailParams,
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
        const { password, disableEmail, ...rest } = request.body;
        if (!password) return { success: false, msg: 'Please pass email and password.' };
        checkNewPassword(password, config.passwordMinLength, 'password');
        const sendVerification = !disableEmail || disableEmail === 'false';
        const user = await services.auth.signup({ ...rest, password, sendVerification });
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

    // --- account links (emails with one-time keys; see account-links.service.ts) ----------------
    app.put(
      '/verifyemail/:userid/:code',
      {
        schema: {
          tags,
          params: VerifyEmailParams,
          response: { 200: UserSchema, ...publicErrors(BODY, 401, 404, 429) },
        },
      },
      async (request) => {
        const { userid, code } = request.params;
        return userToWire(await services.accountLinks.verifyEmail(userid, code));
      },
    );

    // Tiledesk answers {success:false, msg:'User not found.'} for an unknown address, which tells
    // anyone which addresses have accounts: Parley answers every request the same way.
    app.put(
      '/requestresetpsw',
      { schema: { tags, body: RequestResetBody, response: { 200: MessageResponse, ...publicErrors(BODY, 429) } } },
      async (request) => {
        await services.accountLinks.requestPasswordReset(request.body.email);
        return { success: true, message: 'An email has been sent to reset your password' };
      },
    );

    app.get(
      '/checkpswresetkey/:resetpswrequestid',
      {
        schema: {
          tags,
          params: AccountKeyParams,
          response: {
            200: Type.Object({ message: Type.String(), user: AccountUserSchema }),
            ...publicErrors(404, 429),
          },
        },
      },
      async (request) => {
        const user = await services.accountLinks.checkResetKey(request.params.resetpswrequestid);
        return { message: 'Valid password reset key', user: accountUser(user) };
      },
    );

    app.put(
      '/resetpsw/:resetpswrequestid',
      {
        schema: {
          tags,
          params: AccountKeyParams,
          body: ResetPasswordBody,
          response: { 200: Type.Object({ message: Type.String(), user: UserSchema }), ...publicErrors(BODY, 404, 429) },
        },
      },
      async (request) => {
        checkNewPassword(request.body.password, config.passwordMinLength, 'password');
        const user = await services.accountLinks.resetPassword(request.params.resetpswrequestid, request.body.password);
        return { message: 'Password change successful', user: userToWire(user) };
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

/** What a reset key's holder learns about its account: whose password they are about to set. */
function accountUser(user: UserRow) {
  return {
    _id: user.id,
    email: user.email,
    firstname: user.firstname ?? undefined,
    lastname: user.lastname ?? undefined,
  };
}
