/** Accounts: sign-up, profile, password. Emails are stored lower-case; passwords as argon2id. */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { jsonOrNull } from '../../platform/db/json.js';
import type { UserRow } from '../../platform/db/tables.js';
import { createUsersRepo } from './users.repo.js';

export interface NewUser {
  email: string;
  password: string;
  firstname?: string;
  lastname?: string;
  phone?: string;
  emailverified?: boolean;
  /** Language of the user's emails (a BCP 47 tag such as "it" or "en-GB"). */
  language?: string;
}

export interface ProfileChanges {
  language?: string;
  firstname?: string;
  lastname?: string;
  attributes?: Record<string, unknown>;
  description?: string;
  public_email?: string;
  public_website?: string;
  phone?: string;
}

export type UsersService = ReturnType<typeof createUsersService>;

/**
 * A password a user chooses (sign-up, change) has at least `minLength` characters
 * (PASSWORD_MIN_LENGTH); otherwise a 422 in express-validator's shape naming `field`. The
 * password itself is not echoed back. Existing shorter passwords still sign in.
 */
export function checkNewPassword(password: string, minLength: number, field: string): void {
  if ([...password].length >= minLength) return;
  throw errors.validation([
    { msg: 'Invalid value', param: field, location: 'body', reason: `must be at least ${minLength} characters` },
  ]);
}

export function createUsersService({ connection }: Platform) {
  const repo = createUsersRepo(connection);
  return {
    /** Creates an account; throws emailAlreadyRegistered (403, as Tiledesk) for a taken email. */
    async createUser(input: NewUser): Promise<UserRow> {
      const user = await repo.insertUser({
        id: newObjectId(),
        email: input.email.toLowerCase(),
        password_hash: await hashPassword(input.password),
        firstname: input.firstname ?? null,
        lastname: input.lastname ?? null,
        phone: input.phone ?? null,
        emailverified: input.emailverified ?? false,
        language: input.language ?? null,
      });
      if (!user) throw errors.emailAlreadyRegistered();
      return user;
    },

    /**
     * Finds or creates the account of a team member named by a project's custom token: an account
     * of that project only, never found by email and without a usable password.
     */
    async externalTeamMember(input: {
      projectId: string;
      externalId: string;
      email: string;
      firstname?: string;
      lastname?: string;
    }): Promise<UserRow> {
      const found = await repo.findExternalUser(input.projectId, input.externalId);
      if (found) return found;
      const created = await repo.insertExternalUser({
        id: newObjectId(),
        email: input.email.toLowerCase(),
        password_hash: '!',
        firstname: input.firstname ?? null,
        lastname: input.lastname ?? null,
        phone: null,
        external_project_id: input.projectId,
        external_id: input.externalId,
      });
      // Undefined: a concurrent sign-in with the same token created it first.
      const account = created ?? (await repo.findExternalUser(input.projectId, input.externalId));
      if (!account) throw new Error(`external account ${input.externalId} of ${input.projectId} was not created`);
      return account;
    },

    async getUser(id: string): Promise<UserRow> {
      const user = await repo.findUserById(id);
      if (!user) throw errors.notFound('user', id);
      return user;
    },

    findUserByEmail(email: string) {
      return repo.findUserByEmail(email);
    },

    findUsersByIds(ids: string[]) {
      return repo.findUsersByIds(ids);
    },

    async updateProfile(id: string, changes: ProfileChanges): Promise<UserRow> {
      const user = await repo.updateUser(id, {
        ...(changes.firstname !== undefined && { firstname: changes.firstname }),
        ...(changes.lastname !== undefined && { lastname: changes.lastname }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.public_email !== undefined && { public_email: changes.public_email }),
        ...(changes.public_website !== undefined && { public_website: changes.public_website }),
        ...(changes.phone !== undefined && { phone: changes.phone }),
        ...(changes.language !== undefined && { language: changes.language }),
        ...(changes.attributes !== undefined && { attributes: jsonOrNull(changes.attributes) }),
      });
      if (!user) throw errors.notFound('user', id);
      return user;
    },

    /** The account proved it owns its address (a verification or reset link). */
    async markEmailVerified(id: string): Promise<UserRow> {
      const user = await repo.updateUser(id, { emailverified: true });
      if (!user) throw errors.notFound('user', id);
      return user;
    },

    /** A new password without the old one (a reset link); older tokens stop working, as on a change. */
    async setPassword(id: string, newPassword: string): Promise<UserRow> {
      const user = await repo.updateUser(id, {
        password_hash: await hashPassword(newPassword),
        password_changed_at: new Date(),
      });
      if (!user) throw errors.notFound('user', id);
      return user;
    },

    async changePassword(id: string, oldPassword: string, newPassword: string): Promise<void> {
      const user = await repo.findUserById(id);
      if (!user) throw errors.notFound('user', id);
      if (!(await verifyPassword(user.password_hash, oldPassword))) throw errors.currentPasswordInvalid();
      if (oldPassword === newPassword) throw errors.samePassword();
      // Tokens issued before this instant stop working (REVOKE_TOKENS_ON_PASSWORD_CHANGE).
      await repo.updateUser(id, {
        password_hash: await hashPassword(newPassword),
        password_changed_at: new Date(),
      });
    },
  };
}
