/** `/users`: the signed-in user's own account. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { BODY, signedInErrors } from '../../platform/http/error-responses.js';
import { FreeObject } from '../../platform/http/schemas.js';
import { ChangePasswordBody, UpdateUserBody, userNotFound, UserSchema, userToWire } from './users.schema.js';
import { checkNewPassword } from './users.service.js';

export function usersRoutes({ config, guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const selfId = (principal: ReturnType<typeof principalOf>) => {
    if (principal.kind !== 'user') throw errors.notFound('user', principal.id);
    return principal.id;
  };

  return async (app) => {
    app.addHook('onRequest', guards.authenticated);

    app.get(
      '/',
      { schema: { tags: ['users'], response: { 200: UserSchema, ...signedInErrors(404) } } },
      async (request) => {
        return userToWire(await services.users.getUser(selfId(principalOf(request))));
      },
    );

    app.put(
      '/',
      {
        config: { notFound: userNotFound.profile },
        schema: {
          tags: ['users'],
          body: UpdateUserBody,
          response: {
            200: Type.Object({ success: Type.Boolean(), updatedUser: UserSchema }),
            ...signedInErrors(BODY, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const user = await services.users.updateProfile(selfId(principalOf(request)), request.body);
        return { success: true, updatedUser: userToWire(user) };
      },
    );

    app.get(
      '/resendverifyemail',
      {
        config: { notFound: userNotFound.profile },
        schema: {
          tags: ['users'],
          response: { 200: Type.Object({ success: Type.Boolean(), message: Type.String() }), ...signedInErrors(404) },
        },
      },
      async (request) => {
        const verified = await services.accountLinks.resendVerification(selfId(principalOf(request)));
        return { success: true, message: verified ? 'Email already verified' : 'Verify email successfully sent' };
      },
    );

    app.put(
      '/changepsw',
      {
        config: { notFound: userNotFound.password },
        schema: {
          tags: ['users'],
          body: ChangePasswordBody,
          response: { 200: FreeObject, ...signedInErrors(BODY, 403, 404) },
        },
      },
      async (request) => {
        checkNewPassword(request.body.newpsw, config.passwordMinLength, 'newpsw');
        const id = selfId(principalOf(request));
        await services.users.changePassword(id, request.body.oldpsw, request.body.newpsw);
        await services.accountLinks.passwordChanged(await services.users.getUser(id));
        // Tokens issued before the change stop working (REVOKE_TOKENS_ON_PASSWORD_CHANGE): hand the
        // caller a fresh one, which Tiledesk's response does not carry.
        return {
          success: true,
          message: 'Password change successful',
          token: await services.auth.userToken(await services.users.getUser(id)),
        };
      },
    );
  };
}
