/**
 * The account emails and the one-time links in them: email verification and password reset.
 *
 * A link's key is 32 random bytes; only its SHA-256 is stored, it expires, it works once, and
 * using it voids its older siblings. Proving the address (verifying, or resetting the password
 * through the mailbox) is what turns the address's pending invitations into memberships: an
 * invitation belongs to whoever reads that mailbox, not to whoever signs up with it first.
 *
 * A reset request answers the same whether or not the address has an account, and each account
 * gets at most EMAIL_ACCOUNT_MAX_PER_HOUR such emails an hour (the route is also rate limited
 * per client address), so the route can neither probe for accounts nor flood a mailbox.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../../platform/context.js';
import type { AccountKeyPurpose, UserRow } from '../../platform/db/tables.js';
import { errors } from '../../platform/errors.js';
import { newSecret } from '../../platform/ids.js';
import { emailLinks, personOf, type EmailService } from '../email/email.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { UsersService } from '../users/users.service.js';
import { createAccountKeysRepo } from './account-keys.repo.js';

export interface AccountLinksDeps {
  users: UsersService;
  projectUsers: ProjectUsersService;
  email: EmailService;
}

const HOUR_MS = 3_600_000;

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

export function createAccountLinks(platform: Platform, deps: AccountLinksDeps) {
  const { transaction, config, jobs } = platform;
  const repo = createAccountKeysRepo(platform.connection);
  const links = emailLinks(config.publicUrl);
  const ttl = { verify: config.email.verifyTtlSeconds, reset: config.email.resetTtlSeconds };

  /** Seconds until the account may be sent another email of this purpose; 0 when it may now. */
  async function budgetWait(userId: string, purpose: AccountKeyPurpose): Promise<number> {
    const sent = await repo.countRecentKeys(userId, purpose, new Date(Date.now() - HOUR_MS));
    return sent >= config.email.accountEmailsPerHour ? HOUR_MS / 1000 : 0;
  }

  async function newKey(userId: string, purpose: AccountKeyPurpose): Promise<string> {
    const key = newSecret(32);
    const expiresAt = new Date(Date.now() + ttl[purpose] * 1000);
    await repo.insertAccountKey({ keyHash: hashOf(key), userId, purpose, expiresAt });
    return key;
  }

  async function verificationLink(userId: string): Promise<string> {
    return links.verify(userId, await newKey(userId, 'verify'));
  }

  /** Queues the verification email (inside the caller's transaction when there is one). */
  async function queueVerification(user: UserRow) {
    const url = await verificationLink(user.id);
    await deps.email.queue({
      kind: 'verify',
      to: user.email,
      languages: [user.language],
      userId: user.id,
      data: { user: personOf(user), url, expiresInMinutes: ttl.verify / 60 },
    });
  }

  function queuePasswordChanged(user: UserRow) {
    return deps.email.queue({
      kind: 'passwordChanged',
      to: user.email,
      languages: [user.language],
      userId: user.id,
      data: { user: personOf(user), signinUrl: links.signin() },
    });
  }

  /** The address is the account holder's: verified, and its invitations accepted. */
  async function addressProven(user: UserRow): Promise<UserRow> {
    const verified = user.emailverified ? user : await deps.users.markEmailVerified(user.id);
    await repo.useKeys(user.id, 'verify');
    await deps.projectUsers.acceptPendingInvitations(verified);
    return verified;
  }

  return {
    /** Keys that expired over a day ago leave the table (housekeeping, any instance). */
    purgeExpiredKeys: (now = new Date()) => repo.purgeKeys(new Date(now.getTime() - 86_400_000)),

    queueVerification,
    verificationLink,

    /**
     * GET /users/resendverifyemail: a new link (older ones keep working until they expire).
     * True when the address is verified already (nothing is sent).
     */
    async resendVerification(userId: string): Promise<boolean> {
      const user = await deps.users.getUser(userId);
      if (user.emailverified) return true;
      const wait = await budgetWait(user.id, 'verify');
      if (wait > 0) throw errors.tooManyAccountEmails(wait);
      await transaction(() => queueVerification(user));
      jobs.poke();
      return false;
    },

    /** After PUT /users/changepsw: tells the address its password changed (who did it may not be its owner). */
    async passwordChanged(user: UserRow) {
      await queuePasswordChanged(user);
      jobs.poke();
    },

    /** PUT /auth/verifyemail/:userid/:code. */
    verifyEmail(userId: string, code: string): Promise<UserRow> {
      return transaction(async () => {
        const key = await repo.findLiveKey(hashOf(code), 'verify');
        if (!key) throw errors.verificationCodeInvalid();
        if (key.user_id !== userId) throw errors.verificationCodeOtherUser();
        return addressProven(await deps.users.getUser(userId));
      });
    },

    /** PUT /auth/requestresetpsw: emails a reset link when the address has an account; says nothing either way. */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await deps.users.findUserByEmail(email.trim().toLowerCase());
      // Accounts of a project's custom tokens have no password to reset.
      if (!user || user.external_project_id !== null) return;
      if ((await budgetWait(user.id, 'reset')) > 0) return;
      await transaction(async () => {
        const key = await newKey(user.id, 'reset');
        await deps.email.queue({
          kind: 'resetPassword',
          to: user.email,
          languages: [user.language],
          userId: user.id,
          data: { user: personOf(user), url: links.resetPassword(key), expiresInMinutes: ttl.reset / 60 },
        });
      });
      jobs.poke();
    },

    /** GET /auth/checkpswresetkey/:key: the account a live key resets. */
    async checkResetKey(key: string): Promise<UserRow> {
      return transaction(async () => {
        const found = await repo.findLiveKey(hashOf(key), 'reset');
        if (!found) throw errors.invalidResetKey();
        return deps.users.getUser(found.user_id);
      });
    },

    /**
     * PUT /auth/resetpsw/:key: the new password; the key is spent, older tokens are revoked, and
     * since the link came through the mailbox the address counts as verified.
     */
    async resetPassword(key: string, password: string): Promise<UserRow> {
      const user = await transaction(async () => {
        const found = await repo.findLiveKey(hashOf(key), 'reset');
        if (!found) throw errors.invalidResetKey();
        await deps.users.setPassword(found.user_id, password);
        await repo.useKeys(found.user_id, 'reset');
        const user = await addressProven(await deps.users.getUser(found.user_id));
        await queuePasswordChanged(user);
        return user;
      });
      jobs.poke();
      return user;
    },
  };
}

export type AccountLinks = ReturnType<typeof createAccountLinks>;
