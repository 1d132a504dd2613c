import { Type } from 'typebox';
import { Attributes, FreeObject } from '../../platform/http/schemas.js';
import { UserSchema } from '../users/users.schema.js';

export const SignupBody = Type.Object({
  email: Type.String({ format: 'email' }),
  firstname: Type.String({ minLength: 1 }),
  lastname: Type.String({ minLength: 1 }),
  password: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  /** Parley: the language of the account's emails (BCP 47, e.g. "it"); English by default. */
  language: Type.Optional(Type.String({ maxLength: 35 })),
  disableEmail: Type.Optional(Type.Unknown()),
});

export const SignupResponse = Type.Object({
  success: Type.Boolean(),
  msg: Type.String(),
  user: Type.Optional(UserSchema),
});

export const SigninBody = Type.Object({
  email: Type.String({ format: 'email' }),
  password: Type.String({ minLength: 1 }),
});

export const TokenResponse = Type.Object({
  success: Type.Boolean(),
  token: Type.String({ description: 'Send it back as the Authorization header, prefix included: "JWT <jwt>"' }),
  user: FreeObject,
});

export const SigninResponse = Type.Object({ success: Type.Boolean(), token: Type.String(), user: UserSchema });

export const AnonymousBody = Type.Object({
  id_project: Type.String({ minLength: 1 }),
  firstname: Type.Optional(Type.String()),
  lastname: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  attributes: Type.Optional(Attributes),
});

export const CustomTokenBody = Type.Object({ id_project: Type.Optional(Type.String()) });

export const KeysResponse = Type.Object({ jwtSecret: Type.String() });

export const VerifyEmailParams = Type.Object({ userid: Type.String(), code: Type.String() });

/** A password reset key, as it appears in the link. */
export const AccountKeyParams = Type.Object({ resetpswrequestid: Type.String() });

export const RequestResetBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) });

export const ResetPasswordBody = Type.Object({ password: Type.String({ minLength: 1 }) });

export const MessageResponse = Type.Object({ success: Type.Boolean(), message: Type.String() });

export const AccountUserSchema = Type.Object({
  _id: Type.String(),
  email: Type.String(),
  firstname: Type.Optional(Type.String()),
  lastname: Type.Optional(Type.String()),
});
