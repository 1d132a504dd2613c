/** The user as Tiledesk presents it (never the password hash). */
import { Type, type Static } from 'typebox';
import { Attributes, FreeObject } from '../../platform/http/schemas.js';
import type { UserRow } from '../../platform/db/tables.js';
import { compact, documentOf, looseDocumentSchema } from '../../platform/wire.js';
import type { NotFoundWording } from '../../platform/errors.js';

export const UserSchema = looseDocumentSchema({
  email: Type.String(),
  firstname: Type.Optional(Type.String()),
  lastname: Type.Optional(Type.String()),
  fullName: Type.Optional(Type.String()),
  emailverified: Type.Boolean(),
  status: Type.Optional(Type.Number()),
  phone: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  public_email: Type.Optional(Type.String()),
  public_website: Type.Optional(Type.String()),
  attributes: Type.Optional(FreeObject),
  /** Parley: the language of the user's emails. */
  language: Type.Optional(Type.String()),
});
export type UserWire = Static<typeof UserSchema>;

/**
 * A users row read as `to_json(users)` inside another table's query: the JSON keeps every
 * column but its timestamps arrive as strings.
 */
export function userRowFromJson(json: Record<string, unknown>): UserRow {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return {
    ...(json as unknown as UserRow),
    created_at: date(json.created_at)!, // NOT NULL columns
    updated_at: date(json.updated_at)!,
    password_changed_at: date(json.password_changed_at),
  };
}

export function userToWire(user: UserRow): UserWire {
  return compact(
    documentOf(user, {
      email: user.email,
      firstname: user.firstname,
      lastname: user.lastname,
      fullName: [user.firstname, user.lastname].filter(Boolean).join(' '),
      emailverified: user.emailverified,
      status: user.status,
      phone: user.phone,
      description: user.description,
      public_email: user.public_email,
      public_website: user.public_website,
      attributes: user.attributes,
      language: user.language,
    }),
  ) as UserWire;
}

export const UpdateUserBody = Type.Object({
  firstname: Type.Optional(Type.String()),
  lastname: Type.Optional(Type.String()),
  attributes: Type.Optional(Attributes),
  description: Type.Optional(Type.String()),
  public_email: Type.Optional(Type.String()),
  public_website: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  language: Type.Optional(Type.String({ maxLength: 35 })),
});

export const ChangePasswordBody = Type.Object({
  oldpsw: Type.String({ minLength: 1 }),
  newpsw: Type.String({ minLength: 1 }),
});

/** How Tiledesk words a missing user, by route (`Object not found.` elsewhere). */
export const userNotFound = {
  /** `PUT /users`. */
  profile: { user: () => ({ success: false, msg: 'User not found' }) },
  /** `PUT /users/changepsw`. */
  password: { user: () => ({ success: false, msg: 'User not found.' }) },
  /** `PUT /auth/verifyemail/:userid/:code` (Tiledesk's error code 10001). */
  verify: { user: () => ({ success: false, msg: 'User not found', error_code: 10001 }) },
} satisfies Record<string, NotFoundWording>;
