/**
 * Route guards (Fastify onRequest hooks). Project-scoped routes run, in Tiledesk's order:
 * the project check (400, see ../http/project-scope.ts), authentication (401), then the role
 * check (403) against the caller's active membership; the rules themselves are policies.ts'.
 *
 * Unlike Tiledesk, a bot or a subscription is only admitted to its own project.
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ProjectRow, ProjectUserRow } from '../db/tables.js';
import type { Connection } from '../db/unit-of-work.js';
import { errors } from '../errors.js';
import type { Authenticator } from './authenticate.js';
import { createIdentityRepo } from './identity.repo.js';
import { can, type MachineKind } from './policies.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    project?: ProjectRow;
    /** The caller's membership in `project` (undefined for bots and subscriptions). */
    projectUser?: ProjectUserRow;
    /** What `Guards.prefetch` started: the principal, and its membership in the URL's project. */
    prefetched?: { projectId: string; principal: Promise<Principal>; membership: Promise<ProjectUserRow | undefined> };
  }
}

export interface GuardOptions {
  /** Machine principals admitted besides members: Tiledesk's `hasRoleOrTypes(role, types)`. */
  types?: MachineKind[];
}

export interface Guards {
  /** Any authenticated principal. */
  authenticated: onRequestAsyncHookHandler;
  /** A member of the route's project with at least `role` (null = any member, guests included). */
  role(role: Role | null, options?: GuardOptions): onRequestAsyncHookHandler;
  /** The principal's active membership in a project, for checks outside a route's guard. */
  activeMembership(projectId: string, principal: Principal): Promise<ProjectUserRow | undefined>;
  /**
   * Starts reading a token's principal and its membership in `projectId` while the project itself
   * is read (../http/project-scope.ts), so the lookups take one round trip instead of three (for a
   * user's token, two statements: the project, and the user with the membership);
   * the guards await them in Tiledesk's order, so the answers are the same. Only for a token:
   * a password is checked (and counted by the throttle) only when a guard asks for it.
   */
  prefetch(request: FastifyRequest, projectId: string): void;
}

export function createGuards(connection: Connection, authenticator: Authenticator): Guards {
  const { findActiveMembership } = createIdentityRepo(connection);
  async function ensurePrincipal(request: FastifyRequest): Promise<Principal> {
    request.principal ??= await (request.prefetched?.principal ??
      authenticator.authenticate(request.headers.authorization, request.ip));
    return request.principal;
  }

  return {
    activeMembership: findActiveMembership,
    prefetch(request, projectId) {
      if (!/^\s*(jwt|bearer)\s/i.test(request.headers.authorization ?? '')) return;
      const member = authenticator.authenticateMember(request.headers.authorization, request.ip, projectId);
      const principal = member.then((m) => m.principal);
      const membership = member.then((m) => m.membership);
      // Awaited by the guard, if the route has one and the project is found; handled either way.
      principal.catch(() => {});
      membership.catch(() => {});
      request.prefetched = { projectId, principal, membership };
    },
    async authenticated(request) {
      await ensurePrincipal(request);
    },
    role(required, options = {}) {
      return async (request) => {
        const principal = await ensurePrincipal(request);
        const project = request.project;
        if (!project) throw new Error('role guard used outside a project-scoped route');
        if (principal.kind === 'bot' || principal.kind === 'subscription') {
          if (!can.actAsMachine(principal, project.id, options.types)) throw errors.notMember();
          return;
        }
        const prefetched = request.prefetched?.projectId === project.id ? request.prefetched.membership : undefined;
        const membership = await (prefetched ?? findActiveMembership(project.id, principal));
        if (!membership) throw errors.notMember();
        if (!can.actWithRole(membership, required)) throw errors.roleRequired();
        request.projectUser = membership;
      };
    },
  };
}

/** The principal of a guarded route (the guard guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthorized();
  return request.principal;
}

/** The project of a project-scoped route. */
export function projectOf(request: FastifyRequest): ProjectRow {
  if (!request.project) throw new Error('projectOf used outside a project-scoped route');
  return request.project;
}
