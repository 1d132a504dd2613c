/** `/:project_id/requests/:request_id/{participants,followers}` (team, bots, subscriptions). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../app-context.js';
import { projectOf } from '../../platform/auth/guards.js';
import { BODY, memberErrors } from '../../platform/http/error-responses.js';
import { errors } from '../../platform/errors.js';
import { ReplacedBotSchema, requestNotFound, RequestSchema } from './requests.schema.js';
import {
  FollowerParams,
  MemberBody,
  MemberList,
  ParticipantParams,
  ReplaceBotBody,
  RequestParams,
} from './requests-input.schema.js';

export function requestParticipantsRoutes({ guards, services }: AppContext): FastifyPluginAsyncTypebox {
  const team = guards.role('agent', { types: ['bot', 'subscription'] });
  const tags = ['requests'];
  const response = { 200: RequestSchema, ...memberErrors(BODY, 404) };

  return async (app) => {
    app.post(
      '/:request_id/participants',
      { onRequest: team, schema: { tags, params: RequestParams, body: MemberBody, response } },
      async (request) =>
        services.conversations.route.addParticipant(projectOf(request), request.params.request_id, request.body.member),
    );

    app.put(
      '/:request_id/participants',
      { onRequest: team, schema: { tags, params: RequestParams, body: MemberList, response } },
      async (request) =>
        services.conversations.route.setParticipants(projectOf(request), request.params.request_id, request.body),
    );

    // The conversation's participants become the bot named in the body alone (Tiledesk's bot
    // "replace" action). Unlike Tiledesk, a bot id must name a bot of this project.
    app.put(
      '/:request_id/replace',
      {
        onRequest: team,
        config: { notFound: requestNotFound.replaceBot },
        schema: {
          tags,
          params: RequestParams,
          body: ReplaceBotBody,
          response: { 200: ReplacedBotSchema, ...memberErrors(BODY, 404) },
        },
      },
      async (request) => {
        const { id, name, slug } = request.body;
        const ref = id ? { id } : name ? { name } : slug ? { slug } : undefined;
        if (!ref) throw errors.badRequestError("Missing field 'id' or 'name' in body");
        const project = projectOf(request);
        const bot = await services.bots.findByRef(project.id, ref);
        const updated = await services.conversations.route.setParticipants(project, request.params.request_id, [
          `bot_${bot.id}`,
        ]);
        return { ...updated, replaced_bot_root_id: bot.id };
      },
    );

    app.delete(
      '/:request_id/participants/:participant_id',
      { onRequest: team, schema: { tags, params: ParticipantParams, response } },
      async (request) =>
        services.conversations.route.removeParticipant(
          projectOf(request),
          request.params.request_id,
          request.params.participant_id,
        ),
    );

    app.post(
      '/:request_id/followers',
      { onRequest: team, schema: { tags, params: RequestParams, body: MemberBody, response } },
      async (request) =>
        services.conversations.annotate.addFollower(projectOf(request), request.params.request_id, request.body.member),
    );

    app.put(
      '/:request_id/followers',
      { onRequest: team, schema: { tags, params: RequestParams, body: MemberList, response } },
      async (request) =>
        services.conversations.annotate.setFollowers(projectOf(request), request.params.request_id, request.body),
    );

    app.delete(
      '/:request_id/followers/:follower_id',
      { onRequest: team, schema: { tags, params: FollowerParams, response } },
      async (request) =>
        services.conversations.annotate.removeFollower(
          projectOf(request),
          request.params.request_id,
          request.params.follower_id,
        ),
    );
  };
}
