/**
 * A bot: `/<project>/bots/<bot_id>`, for those who may read it over REST (`GET /:project_id/bots/:id`:
 * admins, and bots or subscriptions of the project), as that route presents it (never its secret).
 * `UPDATE` on every `faqbot.update`.
 */
import type { AppContext } from '../../../app-context.js';
import { errors } from '../../../platform/errors.js';
import { botNotFound, botToWire } from '../../bots/bots.schema.js';
import { idOf, param, teamRole, type TopicDefinition } from '../realtime.topics.js';

export function botTopics({ services }: AppContext): TopicDefinition[] {
  return [
    {
      pattern: '/:project_id/bots/:bot_id',
      async authorize(subscriber) {
        return teamRole(subscriber, 'admin', ['bot', 'subscription']);
      },
      async snapshot({ project }, params) {
        const bot = await services.bots.findById(project.id, param(params, 'bot_id'));
        if (!bot) throw errors.notFound('bot', param(params, 'bot_id'));
        return botToWire(bot);
      },
      notFound: botNotFound,
      on: {
        'faqbot.update': (event) => {
          const id = idOf(event.payload);
          return id ? [{ topic: `/${event.projectId}/bots/${id}`, method: 'UPDATE', message: event.payload }] : [];
        },
      },
    },
  ];
}
