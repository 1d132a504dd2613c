/**
 * Sign-up and the four ways in: password, anonymous visitor, custom token minted by the
 * customer's backend (verified with the project's secret), and the keys that make that possible.
 * Tokens are issued as Tiledesk issues them (see platform/auth/jwt.ts).
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { isObjectId, newSecret, newUuid } from '../../platform/ids.js';
import { signToken, withJwtPrefix } from '../../platform/auth/jwt.js';
import { fullNameOf } from '../../platform/auth/principal.js';
import type { UserRow } from '../../platform/db/tables.js';
import type { UsersService } from '../users/users.service.js';
import type { ProjectUsersService } from '../project-users/project-users.service.js';
import type { ProjectsService } from '../projects/projects.service.js';

export interface AuthDeps {
  users: UsersService;
  projectUsers: ProjectUsersService;
  projects: ProjectsService;
}

const TEAM_ROLES_FOR_CUSTOM_TOKENS = ['owner', 'admin', 'agent'];

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(platform: Platform, deps: AuthDeps) {
  const { events, authenticator, jwtSecret, config } = platform;

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

    /** Creates the account and turns pending invitations for its email into memberships. */
    signup(input: { email: string; password: string; firstname?: string; lastname?: string; phone?: string }) {
      // Picked field by field: the body may carry extra keys, such as an `emailverified: true`.
      const { email, password, firstname, lastname, phone } = input;
      return events.transaction(async (trx) => {
        const user = await deps.users.createUser(trx, { email, password, firstname, lastname, phone });
        await deps.projectUsers.acceptPendingInvitations(trx, user);
        return user;
      });
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
     * Exchanges a token minted by the customer's backend for a session. External users keep their
     * token; team roles (owner/admin/agent) in the token get a real account and a user token.
     */
    async signinWithCustomToken(rawToken: string, bodyProjectId: string | undefined) {
      const { payload } = await authenticator.authenticateToken(rawToken, { skipEntityCheck: true });
      if (payload.aud === undefined) throw errors.audRequired();
      const claims = payload as Record<string, unknown> & { _id: string };
      const user = { ...claims, id: String(claims._id), fullName: fullNameOf(claims.firstname, claims.lastname) };

      const audience = typeof payload.aud === 'string' ? payload.aud : payload.aud[0];
      const match = /\/(projects|subscriptions)\/([^/]+)\/?$/.exec(audience);
      let projectId: string | undefined = bodyProjectId;
      if (match?.[1] === 'projects') projectId = match[2];
      if (match?.[1] === 'subscriptions') {
        const principal = (await authenticator.authenticateToken(rawToken)).principal;
        projectId = principal.kind === 'subscription' ? principal.projectId : undefined;
      }
      if (!projectId) return { token: withJwtPrefix(rawToken), user };
      const project = await liveProject(projectId);

      const role = typeof claims.role === 'string' ? claims.role : 'user';
      const externalId = String(claims._id);
      const existing = await deps.projectUsers.findMembership(project.id, { uuid: externalId });
      if (existing && existing.status !== 'active') throw errors.projectUserNotActive();

      if (TEAM_ROLES_FOR_CUSTOM_TOKENS.includes(role) && typeof claims.email === 'string') {
        const account = await events.transaction(async (trx) => {
          const found = await deps.users.findUserByEmail(claims.email as string, trx);
          const account =
            found ??
            (await deps.users.createUser(trx, {
              email: claims.email as string,
              password: newSecret(24),
              firstname: typeof claims.firstname === 'string' ? claims.firstname : undefined,
              lastname: typeof claims.lastname === 'string' ? claims.lastname : undefined,
            }));
          const membership = await deps.projectUsers.findMembership(project.id, { userId: account.id }, trx);
          if (!membership) {
            await deps.projectUsers.addTeamMember(trx, {
              projectId: project.id,
              userId: account.id,
              role: role as 'owner' | 'admin' | 'agent',
              createdBy: externalId,
            });
          } else if (membership.status !== 'active') {
            throw errors.projectUserNotActive();
          }
          return account;
        });
        return { token: await userToken(account), user: account };
      }

      if (!existing) {
        await deps.projectUsers.addEndUser({
          projectId: project.id,
          uuid: externalId,
          role,
          attributes: (claims.attributes as Record<string, unknown> | undefined) ?? undefined,
        });
      }
      return { token: withJwtPrefix(rawToken), user };
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
