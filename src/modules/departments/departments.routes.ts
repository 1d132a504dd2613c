/** `/:project_id/departments`: public reads (the widget lists them), admin writes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { actorId } from '../../platform/auth/principal.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { isTrue, ProjectParams } from '../../platform/http/schemas.js';
import { projectToWire } from '../projects/projects.schema.js';
import { projectUserToWire } from '../project-users/project-users.schema.js';
import { BODY, memberErrors, projectErrors } from '../../platform/http/error-responses.js';
import {
  CreateDepartmentBody,
  DepartmentParams,
  DepartmentSchema,
  departmentToWire,
  ListDepartmentsQuery,
  OperatorsQuery,
  OperatorsSchema,
  UpdateDepartmentBody,
} from './departments.schema.js';

export function departmentsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const agents = guards.role('agent', { types: ['bot', 'subscription'] });
  const admins = guards.role('admin', { types: ['subscription'] });
  const tags = ['departments'];
  const list = Type.Array(DepartmentSchema);

  return async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListDepartmentsQuery,
          response: { 200: list, ...projectErrors() },
        },
      },
      async (request) => {
        const departments = await services.departments.list(projectOf(request), { sortByName: !!request.query.sort });
        return departments.map(departmentToWire);
      },
    );

    app.get(
      '/allstatus',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListDepartmentsQuery,
          response: { 200: list, ...memberErrors() },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const departments = await services.departments.list(project, {
          allStatuses: true,
          sortByName: !!request.query.sort,
        });
        return departments.map(departmentToWire);
      },
    );

    app.get(
      '/:department_id',
      { schema: { tags, params: DepartmentParams, response: { 200: DepartmentSchema, ...projectErrors(404) } } },
      async (request) =>
        departmentToWire(await services.departments.get(projectOf(request).id, request.params.department_id)),
    );

    // A dry run of routing: who a new request of this department would go to now.
    app.get(
      '/:department_id/operators',
      {
        onRequest: agents,
        schema: {
          tags,
          description:
            'Who a new request of this department (`default`: the default one) would be routed to now, among ' +
            'which agents; `nobot=true` leaves the bot out. Nothing is assigned.',
          params: DepartmentParams,
          querystring: OperatorsQuery,
          response: { 200: OperatorsSchema, ...memberErrors(404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const { department, team, available, participants } = await services.conversations.previewRouting(
          project,
          request.params.department_id,
          { nobot: isTrue(request.query.nobot) },
        );
        // As Tiledesk, memberships are not populated: `id_user` is the user id.
        const unpopulated = (view: (typeof team)[number]) => projectUserToWire(project, { ...view, user: undefined });
        const bot = participants.find((id) => id.startsWith('bot_'));
        return {
          department: departmentToWire(department),
          available_agents: available.map(unpopulated),
          agents: team.map(unpopulated),
          operators: participants.map((id) => ({ id_user: id })),
          ...(bot && { id_bot: bot.slice('bot_'.length) }),
          id_project: project.id,
          project: projectToWire(project),
        };
      },
    );

    app.post(
      '/',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectParams,
          body: CreateDepartmentBody,
          response: { 200: DepartmentSchema, ...memberErrors(BODY) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        return departmentToWire(
          await services.departments.create(projectOf(request), actorId(principal), request.body),
        );
      },
    );

    for (const method of ['PUT', 'PATCH'] as const) {
      app.route({
        method,
        url: '/:department_id',
        onRequest: admins,
        schema: {
          tags,
          params: DepartmentParams,
          body: UpdateDepartmentBody,
          response: { 200: DepartmentSchema, ...memberErrors(BODY, 404) },
        },
        handler: async (request) =>
          departmentToWire(
            await services.departments.update(projectOf(request), request.params.department_id, request.body),
          ),
      });
    }

    app.delete(
      '/:department_id',
      {
        onRequest: admins,
        schema: { tags, params: DepartmentParams, response: { 200: DepartmentSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) =>
        departmentToWire(await services.departments.remove(projectOf(request), request.params.department_id)),
    );
  };
}
