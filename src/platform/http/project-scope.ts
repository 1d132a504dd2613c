/**
 * Every `/:project_id/...` route first resolves its project, answering like Tiledesk:
 * 400 {"error":"Invalid project id: X"} for a malformed id and
 * 400 {"error":"Project not found with id: X"} for an unknown or deleted project.
 * Then, as Tiledesk's projectBanUserFilter, a token naming a user the project banned is refused.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Connection } from '../db/unit-of-work.js';
import type { Guards } from '../auth/guards.js';
import { decodeUnverified } from '../auth/jwt.js';
import { errors } from '../errors.js';
import { isObjectId } from '../ids.js';
import { prepared } from '../db/prepared.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A read the route's handler needs whatever the caller's rights, by keys in the URL, started
     * with the project's lookup and the caller's (issue 16: a round trip fewer). It runs before the
     * guards, so what it reads must reach the handler only, which runs once they passed; and it
     * must cost no more than the project's lookup (one row by key), since a stranger can start it.
     */
    readAhead?: (request: FastifyRequest, projectId: string) => void;
  }
}

export function resolveProjectOnRequest(scope: FastifyInstance, connection: Connection, guards: Guards): void {
  scope.addHook('onRequest', async (request) => {
    const id = (request.params as { project_id?: string }).project_id ?? '';
    if (!isObjectId(id)) throw errors.invalidProjectId(id);
    guards.prefetch(request, id);
    request.routeOptions.config.readAhead?.(request, id);
    const project = await prepared(
      connection().selectFrom('projects').selectAll().where('id', '=', id).where('status', '=', 100),
    ).executeTakeFirst();
    if (!project) throw errors.projectNotFound(id);
    request.project = project;
  });
}

/**
 * 401 {"err":"error projectBanUserFilter by id"} when the `_id` of the caller's token is in the
 * project's `bannedUsers` (after resolveProjectOnRequest). As in Tiledesk the token is read
 * without checking its signature: the check can only refuse, and only the caller who sent the
 * token, so a forged one gains nothing; a token that is not a JWT (Basic credentials) names nobody.
 */
export function refuseBannedUsers(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const banned = request.project?.banned_users;
    if (!Array.isArray(banned) || banned.length === 0) return;
    const id = tokenUserId(request.headers.authorization);
    if (id === undefined) return;
    if (banned.some((entry) => entry?.id === id)) throw errors.bannedUser();
  });
}

/** The `_id` claim of a `JWT <token>` (or `Bearer`) header, unverified. */
function tokenUserId(header: string | undefined): string | undefined {
  const match = header ? /^\s*(jwt|bearer)\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const id = decodeUnverified(match[2]!)?._id; // group 2 participates in every match
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
