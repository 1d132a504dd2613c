/**
 * Sign-up and the four ways in: password, anonymous visitor, custom token minted by the
 * customer's backend (verified with the project's secret), and the keys that make that possible.
 * Tokens are issued as Tiledesk issues them (see platform/auth/jwt.ts).
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { isObjectId, newSecret, newUuid } from '../../platform/ids.js';
import { signClaims, signToken, verifyTokenOrExplain, withJwtPrefix } from '../../platform/auth/jwt.js';
import { fullNameOf } from '../../platform/auth/principal.js';
import { isRole, roleAtLeast, type Role } from '../../platform/auth/roles.js';
import type { ProjectRow, UserRow } from '../../platform/db/tables.js';
import type { UsersService } from '../users/users.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { AccountLinks } from './account-links.service.js';

export interface AuthDeps {
  users: UsersService;
  projectUsers: ProjectUsersService;
  projects: ProjectsService;
  accountLinks: AccountLinks;
}

/** The longest life `/jwt/decode` accepts, and the life of a test token (Tiledesk's 10 and 5 minutes). */
const DECODE_MAX_LIFETIME_SECONDS = 600;
const TEST_TOKEN_LIFETIME_SECONDS = 300;

/** The highest role a custom token can give: a project's key never makes an owner. */
const MAX_CUSTOM_TOKEN_ROLE: Role = 'admin';

export function createAuthService(platform: Platform, deps: AuthDeps) {
  const { transaction, authenticator, jwtSecret, config } = platform;

  /** The token of a registered user: its payload is the public part of the user. */
  async function userToken(user: Pick<UserRow, 'id' | 'email' | 'firstname' | 'lastname' | 'emailverified'>) {
    const token = await signToken(
      {
        _id: user.id,
        email: user.email,
        firstname: user.firstname,
        lastname: user.lastname,
        emailverified: user.emailverified,
      },
      { secret: jwtSecret, subject: 'user', expiresInSeconds: config.jwtExpiresInSeconds },
    );
    return withJwtPrefix(token);
  }

  async function liveProject(id: unknown) {
    if (typeof id !== 'string' || !isObjectId(id)) throw errors.invalidProjectId(String(id ?? ''));
    const project = await deps.projects.findLive(id);
    if (!project) throw errors.projectNotFound(id);
    return project;
  }

  return {
    userToken,

    /**
     * Creates the account, unverified, and sends the verification email (unless `disableEmail`,
     * as Tiledesk). Pending invitations for the address wait for the verification: signing up
     * with an address proves nothing about owning it.
     */
    async signup(input: {
      email: string;
      password: string;
      firstname?: string;
      lastname?: string;
      phone?: string;
      language?: string;
      sendVerification: boolean;
    }) {
      // Picked field by field: the body may carry extra keys, such as an `emailverified: true`.
      const { email, password, firstname, lastname, phone, language } = input;
      const user = await transaction(async () => {
        const user = await deps.users.createUser({ email, password, firstname, lastname, phone, language });
        if (input.sendVerification) await deps.accountLinks.queueVerification(user);
        return user;
      });
      platform.jobs.poke();
      return user;
    },

    async signin(email: string, password: string, ip: string) {
      const principal = await authenticator.checkPassword(email, password, ip);
      if (principal === undefined) throw errors.signinUserNotFound();
      if (principal === false) throw errors.signinWrongPassword();
      const user = await deps.users.getUser(principal.id);
      return { token: await userToken(user), user };
    },

    /** A new guest identity (uuid) with a guest membership in the project, every call. */
    async signinAnonymously(input: {
      id_project: string;
      firstname?: string;
      lastname?: string;
      email?: string;
      attributes?: Record<string, unknown>;
    }) {
      const project = await liveProject(input.id_project);
      const uuid = newUuid();
      const firstname = input.firstname || `guest#${uuid.substring(0, 4)}`;
      const user = {
        _id: uuid,
        firstname,
        ...(input.lastname !== undefined && { lastname: input.lastname }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.attributes !== undefined && { attributes: input.attributes }),
        id: uuid,
        fullName: fullNameOf(firstname, input.lastname),
      };
      await deps.projectUsers.addEndUser({ projectId: project.id, uuid, attributes: input.attributes });
      const token = await signToken(user, {
        secret: jwtSecret,
        subject: 'guest',
        expiresInSeconds: config.jwtExpiresInSeconds,
      });
      return { token: withJwtPrefix(token), user };
    },

    /**
     * Exchanges a token minted by the customer's backend (signed with its project's key) for a
     * session. The project is the key's, never the body's (`bodyProjectId` is ignored: Tiledesk
     * read it, which let any key open any project). End users keep their token and get a
     * membership the first time; a team role (teammate and above) gets an account of that project
     * only, found by the token's `_id` - never an existing password account, whatever the email
     * says - with its role capped at admin (MAX_CUSTOM_TOKEN_ROLE), and a user token.
     * Tokens signed with another key (a user's, a bot's, a subscription's) are echoed back, as
     * Tiledesk does when it has no project, after their own verification.
     */
    async signinWithCustomToken(rawToken: string) {
      const { payload, principal } = await authenticator.authenticateToken(rawToken);
      if (payload.aud === undefined) throw errors.audRequired();
      const claims = payload as Record<string, unknown>;
      const user = {
        ...claims,
        id: String(claims._id ?? principal.id),
        fullName: fullNameOf(claims.firstname, claims.lastname),
      };
      const projectId = (principal.kind === 'guest' || principal.kind === 'userexternal') && principal.projectId;
      if (!projectId) return { token: withJwtPrefix(rawToken), user };
      const project = await liveProject(projectId);
      const externalId = principal.id;
      const requested = typeof claims.role === 'string' && isRole(claims.role) ? claims.role : 'user';

      if (roleAtLeast(requested, 'teammate') && typeof claims.email === 'string' && claims.email !== '') {
        const role = roleAtLeast(requested, MAX_CUSTOM_TOKEN_ROLE) ? MAX_CUSTOM_TOKEN_ROLE : requested;
        const account = await transaction(async () => {
          const account = await deps.users.externalTeamMember({
            projectId: project.id,
            externalId,
            email: claims.email as string,
            firstname: typeof claims.firstname === 'string' ? claims.firstname : undefined,
            lastname: typeof claims.lastname === 'string' ? claims.lastname : undefined,
          });
          const membership = await deps.projectUsers.findMembership(project.id, { userId: account.id });
          if (!membership) {
            await deps.projectUsers.addTeamMember({
              projectId: project.id,
              userId: account.id,
              role,
              createdBy: externalId,
            });
          } else if (membership.status !== 'active' || membership.trashed) {
            throw errors.projectUserNotActive();
          }
          return account;
        });
        return { token: await userToken(account), user: account };
      }

      const existing = await deps.projectUsers.findMembership(project.id, { uuid: externalId });
      // The server's own anonymous guests are not the key's to speak for.
      if (existing && !existing.minted_by_project_key) throw errors.unauthorized();
      if (existing && existing.status !== 'active') throw errors.projectUserNotActive();
      if (!existing) {
        await deps.projectUsers.addEndUser({
          projectId: project.id,
          uuid: externalId,
          role: requested === 'guest' ? 'guest' : 'user',
          attributes: (claims.attributes as Record<string, unknown> | undefined) ?? undefined,
          mintedByProjectKey: true,
        });
      }
      return { token: withJwtPrefix(rawToken), user };
    },

    /**
     * POST /:project_id/jwt/decode: the claims of a custom token, once its signature is checked
     * with the project's key and its life (`exp` - `iat`) found at most 10 minutes, as Tiledesk's.
     */
    async decodeProjectToken(project: ProjectRow, token: string): Promise<Record<string, unknown>> {
      if (!project.jwt_secret) throw errors.noProjectKey();
      const result = await verifyTokenOrExplain(token, project.jwt_secret);
      if ('failure' in result) throw errors.tokenRefused('Authentication failed', { ...result.failure });
      const { iat, exp } = result.payload;
      if (!iat) throw errors.tokenRefused('Authentication failed. Token iat is required');
      if (!exp) throw errors.tokenRefused('Authentication failed. Token exp is required');
      if (exp - iat > DECODE_MAX_LIFETIME_SECONDS) {
        throw errors.tokenRefused(
          'Authentication failed. The value of exp is permitted to be up to a maximum of 10 minutes from the iat value',
        );
      }
      return result.payload;
    },

    /** POST /:project_id/jwt/generatetestjwt: `claims` signed with the project's key, for 5 minutes. */
    async signTestToken(project: ProjectRow, claims: Record<string, unknown>): Promise<string> {
      if (!project.jwt_secret) throw errors.noProjectKey();
      return withJwtPrefix(await signClaims(claims, project.jwt_secret, TEST_TOKEN_LIFETIME_SECONDS));
    },

    /** POST /:project_id/keys/generate: a new project secret for custom tokens. */
    async generateProjectKeys(projectId: string) {
      const project = await liveProject(projectId);
      const jwtSecret = newSecret(32);
      await deps.projects.rotateJwtSecret(project, jwtSecret);
      return { jwtSecret };
    },
  };
}
