/**
 * A bot: `/<project>/bots/<bot_id>`, for those who may read it over REST (`GET /:project_id/bots/:id`:
 * admins, and bots or subscriptions of the project). `UPDATE` on every `faqbot.update`.
 */
import type { AppContext } from '../../../app-context.js';
import type { BotRow } from '../../../platform/db/tables.js';
import { errors } from '../../../platform/errors.js';
import { compact, iso } from '../../../platform/wire.js';
import { idOf, teamRole, type TopicDefinition } from '../realtime.topics.js';

export function botTopics({ services }: AppContext): TopicDefinition[] {
  return [
    {
      pattern: '/:project_id/bots/:bot_id',
      async authorize(subscriber) {
        return teamRole(subscriber, 'admin', ['bot', 'subscription']);
      },
      async snapshot({ project }, params) {
        const bot = await services.bots.findById(project.id, params.bot_id);
        if (!bot) throw errors.notFound(`Chatbot not found with id ${params.bot_id} for project ${project.id}`);
        return botSnapshot(bot);
      },
      on: {
        'faqbot.update': (event) => {
          const id = idOf(event.payload);
          return id ? [{ topic: `/${event.projectId}/bots/${id}`, method: 'UPDATE', message: event.payload }] : [];
        },
      },
    },
  ];
}

/**
 * The bot as `faq_kb` documents look, without its `secret`. (The bots area's presenter replaces
 * this once it exists; the `faqbot.update` payload already comes from it.)
 */
function botSnapshot(bot: BotRow) {
  return compact({
    _id: bot.id,
    id: bot.id,
    name: bot.name,
    description: bot.description,
    url: bot.url,
    webhook_url: bot.webhook_url,
    webhook_enabled: bot.webhook_enabled,
    id_project: bot.project_id,
    type: bot.type,
    subtype: bot.subtype,
    trashed: bot.trashed,
    trashedAt: iso(bot.trashed_at),
    language: bot.language,
    attributes: bot.attributes,
    public: bot.public,
    certified: bot.certified,
    mainCategory: bot.main_category,
    intentsEngine: bot.intents_engine,
    tags: bot.tags,
    score: bot.score,
    publishedBy: bot.published_by,
    publishedAt: iso(bot.published_at),
    trained: bot.trained,
    short_description: bot.short_description,
    title: bot.title,
    certifiedTags: bot.certified_tags,
    agents_available: bot.agents_available,
    slug: bot.slug,
    modified: bot.modified,
    root_id: bot.root_id,
    release_note: bot.release_note,
    createdBy: bot.created_by,
    createdAt: iso(bot.created_at),
    updatedAt: iso(bot.updated_at),
    __v: 0,
  });
}
