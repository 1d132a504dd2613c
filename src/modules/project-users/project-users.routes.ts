/** `/:project_id/project_users`: the team and the caller's own membership. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { principalOf, projectOf } from '../../platform/auth/guards.js';
import { errors } from '../../platform/errors.js';
import { newUuid } from '../../platform/ids.js';
import { isTrue, ProjectParams } from '../../platform/http/schemas.js';
import type { FastifyRequest } from 'fastify';
import {
  InviteBody,
  invitationToWire,
  ListProjectUsersQuery,
  PendingInvitationSchema,
  ProjectUserParams,
  ProjectUserSchema,
  projectUserToWire,
  UpdateMemberBody,
  UpdateSelfBody,
} from './project-users.schema.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';

export function projectUsersRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['project users'];
  const agents = guards.role('agent', { types: ['bot', 'subscription'] });
  const admins = guards.role('admin', { types: ['subscription'] });
  const members = guards.role('guest', { types: ['bot', 'subscription'] });
  const list = Type.Array(ProjectUserSchema);

  const ownMembership = (request: FastifyRequest) => {
    if (!request.projectUser) throw errors.notMember();
    return request.projectUser;
  };

  return async (app) => {
    app.get(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          querystring: ListProjectUsersQuery,
          response: { 200: list, ...memberErrors() },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const { trashed, role, presencestatus, status } = request.query;
        const views = await services.projectUsers.listTeam(project, {
          includeTrashed: isTrue(trashed),
          roles: role ? role.split(',') : undefined,
          presence: presencestatus,
          status,
        });
        return views.map((view) => projectUserToWire(project, view));
      },
    );

    app.get(
      '/me',
      { onRequest: members, schema: { tags, params: ProjectParams, response: { 200: list, ...memberErrors(404) } } },
      async (request) => {
        const project = projectOf(request);
        return [projectUserToWire(project, await services.projectUsers.getOwn(project, ownMembership(request)))];
      },
    );

    // Tiledesk opens this to end users (role `user`) too; it answers a teammate's id only.
    app.get(
      '/users/search',
      {
        onRequest: guards.role('user', { types: ['subscription'] }),
        schema: {
          tags,
          description: 'The user id of the teammate with this email; 404 for anyone else.',
          params: ProjectParams,
          querystring: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }),
          response: { 200: Type.Object({ _id: Type.String() }), ...memberErrors(404) },
        },
      },
      async (request) => ({
        _id: await services.projectUsers.findTeammateByEmail(projectOf(request), request.query.email),
      }),
    );

    app.get(
      '/users/:user_id',
      {
        onRequest: agents,
        schema: {
          tags,
          params: Type.Object({ project_id: Type.String(), user_id: Type.String() }),
          response: { 200: list, ...memberErrors(404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        return [projectUserToWire(project, await services.projectUsers.getByUser(project, request.params.user_id))];
      },
    );

    app.get(
      '/:project_user_id',
      {
        onRequest: agents,
        schema: { tags, params: ProjectUserParams, response: { 200: ProjectUserSchema, ...memberErrors(404) } },
      },
      async (request) => {
        const project = projectOf(request);
        return projectUserToWire(project, await services.projectUsers.getById(project, request.params.project_user_id));
      },
    );

    app.put(
      '/',
      {
        onRequest: guards.role('agent'),
        schema: {
          tags,
          params: ProjectParams,
          body: UpdateSelfBody,
          response: { 200: ProjectUserSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const view = await services.projectUsers.updateSelf(project, ownMembership(request), request.body);
        return projectUserToWire(project, view);
      },
    );

    app.put(
      '/:project_user_id',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectUserParams,
          body: UpdateMemberBody,
          response: { 200: ProjectUserSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const view = await services.projectUsers.updateMember(
          project,
          request.projectUser,
          request.params.project_user_id,
          request.body,
        );
        return projectUserToWire(project, view);
      },
    );

    app.post(
      '/invite',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectParams,
          body: InviteBody,
          response: {
            200: Type.Union([
              ProjectUserSchema,
              Type.Object({ msg: Type.String(), pendingInvitation: PendingInvitationSchema }),
            ]),
            ...memberErrors(BODY, 409),
          },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const result = await services.projectUsers.invite(
          project,
          principalOf(request),
          request.projectUser,
          request.body,
        );
        if (result.pending) {
          return {
            msg: 'User not found, save invite in pending ',
            pendingInvitation: invitationToWire(result.invitation),
          };
        }
        return projectUserToWire(project, result.view);
      },
    );

    // An agent registers a visitor by hand: a guest membership with a fresh uuid.
    app.post(
      '/',
      {
        onRequest: agents,
        schema: { tags, params: ProjectParams, response: { 200: ProjectUserSchema, ...memberErrors(BODY) } },
      },
      async (request) => {
        const project = projectOf(request);
        const row = await services.projectUsers.addEndUser({ projectId: project.id, uuid: newUuid() });
        return projectUserToWire(project, { row, assignedCount: 0 });
      },
    );

    app.delete(
      '/:project_user_id',
      {
        onRequest: admins,
        schema: {
          tags,
          params: ProjectUserParams,
          querystring: Type.Object({ soft: Type.Optional(Type.String()) }),
          response: { 200: ProjectUserSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const project = projectOf(request);
        const view = await services.projectUsers.remove(
          project,
          request.projectUser,
          request.params.project_user_id,
          isTrue(request.query.soft),
        );
        return projectUserToWire(project, view);
      },
    );

    app.put(
      '/:project_user_id/restore',
      {
        onRequest: admins,
        schema: { tags, params: ProjectUserParams, response: { 200: ProjectUserSchema, ...memberErrors(BODY, 404) } },
      },
      async (request) => {
        const project = projectOf(request);
        return projectUserToWire(project, await services.projectUsers.restore(project, request.params.project_user_id));
      },
    );
  };
}

const InvitationParams = Type.Object({ project_id: Type.String(), invitation_id: Type.String() });

/**
 * `/:project_id/pendinginvitations`: read by agents (as Tiledesk); resent and deleted by admins,
 * who alone may invite in Parley.
 */
export function pendingInvitationsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['project users'];
  const agents = guards.role('agent');
  const admins = guards.role('admin');
  return async (app) => {
    app.get(
      '/',
      {
        onRequest: agents,
        schema: {
          tags,
          params: ProjectParams,
          response: { 200: Type.Array(PendingInvitationSchema), ...memberErrors() },
        },
      },
      async (request) => (await services.projectUsers.listPendingInvitations(projectOf(request))).map(invitationToWire),
    );

    app.get(
      '/:invitation_id',
      {
        onRequest: agents,
        schema: { tags, params: InvitationParams, response: { 200: PendingInvitationSchema, ...memberErrors(404) } },
      },
      async (request) =>
        invitationToWire(
          await services.projectUsers.getPendingInvitation(projectOf(request), request.params.invitation_id),
        ),
    );

    app.get(
      '/resendinvite/:invitation_id',
      {
        onRequest: admins,
        schema: {
          tags,
          description: 'Sends the invitation email again; the invitation records it (`updatedAt`).',
          params: InvitationParams,
          response: {
            200: Type.Object({ 'Resend invitation email to': PendingInvitationSchema }),
            ...memberErrors(404),
          },
        },
      },
      async (request) => ({
        'Resend invitation email to': invitationToWire(
          await services.projectUsers.resendPendingInvitation(projectOf(request), request.params.invitation_id),
        ),
      }),
    );

    // Tiledesk answers with MongoDB's deletion result.
    app.delete(
      '/:invitation_id',
      {
        onRequest: admins,
        schema: {
          tags,
          params: InvitationParams,
          response: {
            200: Type.Object({ n: Type.Number(), ok: Type.Number(), deletedCount: Type.Number() }),
            ...memberErrors(BODY, 404),
          },
        },
      },
      async (request) => {
        await services.projectUsers.deletePendingInvitation(projectOf(request), request.params.invitation_id);
        return { n: 1, ok: 1, deletedCount: 1 };
      },
    );
  };
}
