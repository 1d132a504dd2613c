/** `/projects`: create and list the caller's projects; `/projects/:project_id/...`: one project. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { can } from '../../platform/auth/policies.js';
import { errors } from '../../platform/errors.js';
import { resolveProjectOnRequest } from '../../platform/http/project-scope.js';
import { BODY, memberErrors, publicErrors, signedInErrors } from '../../platform/http/error-responses.js';
import { isTrue } from '../../platform/http/schemas.js';
import { ProjectUserSchema, projectUserToWire } from '../project-users/project-users.schema.js';
import {
  AllProjectsQuery,
  AvailableAgentSchema,
  AvailableAgentsQuery,
  BanBody,
  BanParams,
  CreateProjectBody,
  IsOpenQuery,
  ProjectAttributesBody,
  ProjectIdParams,
  ProjectSchema,
  ProjectSummarySchema,
  projectToWire,
  UpdateProjectBody,
} from './projects.schema.js';

const MembershipWithProject = Type.Object({ ...ProjectUserSchema.properties, id_project: ProjectSchema });

export function projectsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services, authenticator, config } = ctx;
  const tags = ['projects'];

  const userIdOf = (request: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(request);
    if (!can.ownProjects(principal)) throw errors.forbidden('Only registered users can own projects.');
    return principal.id;
  };

  return async (app) => {
    app.post(
      '/',
      {
        onRequest: guards.authenticated,
        schema: { tags, body: CreateProjectBody, response: { 200: ProjectSchema, ...signedInErrors(BODY, 403) } },
      },
      async (request) => projectToWire(await services.projects.createProject(userIdOf(request), request.body.name)),
    );

    app.get(
      '/',
      {
        onRequest: guards.authenticated,
        schema: { tags, response: { 200: Type.Array(MembershipWithProject), ...signedInErrors(403) } },
      },
      async (request) => {
        const memberships = await services.projects.listForUser(userIdOf(request));
        return memberships.map(({ membership, project }) => ({
          ...projectUserToWire(project, { ...membership, user: undefined }),
          id_project: projectToWire(project),
        }));
      },
    );

    // Tiledesk's super admin (ADMIN_EMAIL) sees every project of the server; anyone else a 403.
    app.get(
      '/all',
      {
        onRequest: guards.authenticated,
        schema: {
          tags,
          description:
            'Every project of the server (deleted ones too), newest first, `limit` (default and at most 1000) per ' +
            '`page` (from 0). Only for the account of ADMIN_EMAIL.',
          querystring: AllProjectsQuery,
          response: { 200: Type.Array(ProjectSummarySchema), ...signedInErrors(403) },
        },
      },
      async (request) => {
        if (!can.listAllProjects(principalOf(request), config.adminEmail)) {
          throw errors.forbiddenError("You don't have the permission required to perform the operation");
        }
        const { page = 0, limit = 1000 } = request.query;
        return (await services.projects.listAll({ page, limit })).map((project) => ({
          _id: project.id,
          name: project.name,
          owner: project.owner ?? undefined,
          createdAt: project.created_at.toISOString(),
          profile_name: project.profile_name ?? undefined,
        }));
      },
    );

    await app.register(
      async (scoped) => {
        resolveProjectOnRequest(scoped, ctx.connection, guards);
        const app = scoped.withTypeProvider<import('@fastify/type-provider-typebox').TypeBoxTypeProvider>();
        const params = ProjectIdParams;

        app.get(
          '/',
          {
            onRequest: guards.role('agent', { types: ['subscription'] }),
            schema: { tags, params, response: { 200: ProjectSchema, ...memberErrors() } },
          },
          async (request) => projectToWire(projectOf(request)),
        );

        for (const method of ['PUT', 'PATCH'] as const) {
          app.route({
            method,
            url: '/',
            onRequest: guards.role('admin', { types: ['subscription'] }),
            schema: {
              tags,
              params,
              body: UpdateProjectBody,
              response: { 200: ProjectSchema, ...memberErrors(BODY, 404) },
            },
            handler: async (request) => projectToWire(await services.projects.update(projectOf(request), request.body)),
          });
        }

        app.patch(
          '/attributes',
          {
            onRequest: guards.role('admin'),
            schema: {
              tags,
              description: "Merges the body's keys into the project's attributes.",
              params,
              body: ProjectAttributesBody,
              response: { 200: ProjectSchema, ...memberErrors(BODY, 404) },
            },
          },
          async (request) => projectToWire(await services.projects.mergeAttributes(projectOf(request), request.body)),
        );

        app.post(
          '/ban',
          {
            onRequest: guards.role('admin'),
            schema: {
              tags,
              description:
                'Bans a user (the `_id` of their tokens) from the project: their calls to `/:project_id/...` are ' +
                'refused with 401 `{"err":"error projectBanUserFilter by id"}`. `ip` is recorded, not enforced.',
              params,
              body: BanBody,
              response: { 200: ProjectSchema, ...memberErrors(BODY) },
            },
          },
          async (request) => projectToWire(await services.projects.ban(projectOf(request), request.body)),
        );

        app.delete(
          '/ban/:ban_id',
          {
            onRequest: guards.role('admin'),
            schema: {
              tags,
              description: 'Lifts a ban: `ban_id` is the `_id` of the entry in `bannedUsers`.',
              params: BanParams,
              response: { 200: ProjectSchema, ...memberErrors(BODY, 404) },
            },
          },
          async (request) => projectToWire(await services.projects.unban(projectOf(request), request.params.ban_id)),
        );

        app.delete(
          '/',
          {
            onRequest: guards.role('owner'),
            schema: { tags, params, response: { 200: ProjectSchema, ...memberErrors(BODY, 404) } },
          },
          async (request) => projectToWire(await services.projects.softDelete(projectOf(request))),
        );

        app.delete(
          '/physical',
          {
            onRequest: guards.role('owner'),
            schema: { tags, params, response: { 200: ProjectSchema, ...memberErrors(BODY, 404) } },
          },
          async (request) => projectToWire(await services.projects.hardDelete(projectOf(request))),
        );

        app.get(
          '/isopen',
          {
            schema: {
              tags,
              params,
              querystring: IsOpenQuery,
              response: { 200: Type.Object({ isopen: Type.Boolean() }), ...publicErrors(400) },
            },
          },
          async (request) => ({ isopen: services.projects.isOpen(projectOf(request), request.query.timeSlot) }),
        );

        // Public, as in Tiledesk (the widget asks who is online); emails are shown only to the team.
        app.get(
          '/users/availables',
          {
            schema: {
              tags,
              params,
              querystring: AvailableAgentsQuery,
              response: { 200: Type.Array(AvailableAgentSchema), ...publicErrors(400, 404) },
            },
          },
          async (request) => {
            const project = projectOf(request);
            const agents = await services.projects.availableAgents(project, {
              departmentId: request.query.department,
              raw: isTrue(request.query.raw),
            });
            const showEmail = await seesAgentEmails(request.headers.authorization, request.ip, project.id);
            return agents.map(({ row, user, assignedCount }) => ({
              id: row.user_id!,
              pu_id: row.id,
              fullname: [user?.firstname, user?.lastname].filter(Boolean).join(' '),
              ...(showEmail && user ? { email: user.email } : {}),
              assigned_request: assignedCount,
            }));
          },
        );
      },
      { prefix: '/:project_id' },
    );
  };

  async function seesAgentEmails(authorization: string | undefined, ip: string, projectId: string): Promise<boolean> {
    if (!authorization) return false;
    try {
      const principal = await authenticator.authenticate(authorization, ip);
      if (principal.kind !== 'user') return false;
      const membership = await services.projectUsers.findMembership(projectId, { userId: principal.id });
      return can.seeAgentEmails(principal, membership);
    } catch {
      return false;
    }
  }
}
