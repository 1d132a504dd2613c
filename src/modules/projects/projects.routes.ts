/** `/projects`: create and list the caller's projects; `/projects/:project_id/...`: one project. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { can } from '../../platform/auth/policies.js';
import { errors } from '../../platform/errors.js';
import { resolveProjectOnRequest } from '../../platform/http/project-scope.js';
import { BODY, memberErrors, projectErrors, signedInErrors } from '../../platform/http/error-responses.js';
import { isTrue } from '../../platform/http/schemas.js';
import { ProjectUserSchema, projectUserToWire } from '../project-users/project-users.schema.js';
import {
  AvailableAgentSchema,
  AvailableAgentsQuery,
  CreateProjectBody,
  IsOpenQuery,
  ProjectIdParams,
  ProjectSchema,
  projectToWire,
  UpdateProjectBody,
} from './projects.schema.js';

const MembershipWithProject = Type.Object({ ...ProjectUserSchema.properties, id_project: ProjectSchema });

export function projectsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { guards, services, authenticator } = ctx;
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

    await app.register(
      async (scoped) => {
        resolveProjectOnRequest(scoped, ctx.connection);
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
              response: { 200: Type.Object({ isopen: Type.Boolean() }), ...projectErrors() },
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
              response: { 200: Type.Array(AvailableAgentSchema), ...projectErrors(404) },
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
